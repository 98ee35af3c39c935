import { type Queryable, schema } from "@fintrack/db";
import { z } from "@hono/zod-openapi";
import { and, eq, inArray } from "drizzle-orm";
import { todayInManila } from "../accounts/card-cycle";
import { HttpProblem } from "../lib/problem";
import type { CsvTable } from "./csv-file";
import { detectDateOrder } from "./dates";
import { PRIVATE_ACCOUNT } from "./fintrack-format";
import { historyBeforeStart } from "./opening-balances";
import { categoryKey, type RememberedAnswers } from "./remembered-answers";
import { type DraftTransaction, draftTransactions, type RowError } from "./rows";
import { ColumnMapping, DateFormat, type ImportSource } from "./schemas";
import type { Importer } from "./service";
import { pairTransfers, type TransferHalf } from "./transfers";
import {
  type AccountPlan,
  accountValues,
  type CategoryAnswers,
  createAccounts,
  createCategories,
  type KnownAccount,
  nameKey,
  planAccounts,
  planCategories,
  suggestAccount,
  usableCategories,
  ValueChoices,
} from "./value-mapping";

/** Stands in for the default account while the member has not chosen one yet (preview only). */
const NO_ACCOUNT = "00000000-0000-0000-0000-000000000000";

export const ValuesBody = z
  .object({
    mapping: ColumnMapping,
    dateFormat: DateFormat.default("auto"),
    defaults: z
      .object({ accountId: z.uuid().nullish(), type: z.enum(["expense", "income"]).default("expense") })
      .default({ type: "expense" }),
    values: ValueChoices.default({ accounts: [], categories: [], transfers: {}, openingBalances: "move" }),
  })
  .openapi("ImportValuesBody");
export type ValuesBody = z.infer<typeof ValuesBody>;

export interface DraftedWithChoices {
  drafts: DraftTransaction[];
  errors: RowError[];
  accountValues: { value: string; rows: number }[];
  accounts: AccountPlan;
  categories: CategoryAnswers;
  pairs: number;
  unpaired: TransferHalf[];
}

/**
 * Reads the file with the mapping and the member's answers about its names: which account
 * each account name is (or is to be created), which category each category name is, how
 * transfers without a destination pair up. Used by the values preview and by the commit.
 */
export async function draftWithChoices(
  db: Queryable,
  user: Importer,
  batch: { source: ImportSource },
  table: CsvTable,
  body: ValuesBody,
  usable: KnownAccount[],
): Promise<DraftedWithChoices> {
  const fintrackEscaped = batch.source === "fintrack";
  const values = accountValues(table, body.mapping, fintrackEscaped).filter(
    (v) => nameKey(v.value) !== nameKey(PRIVATE_ACCOUNT),
  );
  const accounts = planAccounts(values, body.values.accounts, usable);
  const defaultTo = body.values.transfers.defaultToAccountId ?? null;
  if (defaultTo && !usable.some((a) => a.id === defaultTo)) {
    throw new HttpProblem(400, "Invalid request", "The default transfer destination does not exist", {
      errors: [{ path: "values.transfers.defaultToAccountId", message: "No such account" }],
    });
  }
  const categories = await planCategories(db, user, body.values.categories);
  const dateColumn = table.headers.indexOf(body.mapping.date);
  const dateOrder =
    body.dateFormat === "auto"
      ? (detectDateOrder(table.rows.map((r) => r[dateColumn] ?? "")) ?? "MDY")
      : body.dateFormat;
  const drafted = draftTransactions(table, {
    mapping: body.mapping,
    dateOrder,
    defaults: { accountId: body.defaults.accountId ?? NO_ACCOUNT, type: body.defaults.type },
    accounts: usable,
    resolveAccount: accounts.resolve,
    fintrackEscaped,
  });
  const names = new Map<string, string>([
    ...usable.map((a) => [a.id, a.name] as const),
    ...accounts.toCreate.map((a) => [a.id, a.name] as const),
  ]);
  const paired = pairTransfers(drafted.drafts, defaultTo, (id) => names.get(id) ?? "the default account");
  const drafts = paired.drafts.map((d) => {
    if (d.type === "transfer") return d;
    const kind = d.type;
    return {
      ...d,
      category: d.category ? categories.rename(kind, d.category) : null,
      splits: d.splits.map((s) => ({ ...s, category: categories.rename(kind, s.category) ?? s.category })),
    };
  });
  return {
    drafts,
    errors: [...drafted.errors, ...paired.errors].sort((x, y) => x.row - y.row),
    accountValues: values,
    accounts,
    categories,
    pairs: paired.pairs,
    unpaired: paired.unpaired,
  };
}

/** Refuses a commit that would put rows of an unknown account name anywhere unasked. */
export function requireAnswers(drafted: DraftedWithChoices) {
  const { unanswered } = drafted.accounts;
  if (unanswered.length === 0) return;
  const rows = new Map(drafted.accountValues.map((v) => [nameKey(v.value), v.rows]));
  throw new HttpProblem(
    400,
    "Invalid request",
    "Choose what to do with the accounts FinTrack does not have",
    {
      errors: unanswered.map((value) => ({
        path: "values.accounts",
        message: `"${value}" (${rows.get(nameKey(value)) ?? 0} rows): map it to an account or create it`,
      })),
    },
  );
}

/** Creates what the member asked to create; returns what the result screen shows. */
export async function createChosen(db: Queryable, user: Importer, drafted: DraftedWithChoices) {
  await createAccounts(db, user, drafted.accounts.toCreate);
  const createdCategories = await createCategories(db, user.householdId, drafted.categories.create);
  return {
    createdAccounts: drafted.accounts.toCreate.map((a) => ({
      id: a.id,
      name: a.name,
      kind: a.kind,
      value: a.value,
    })),
    mappedAccounts: drafted.accounts.mapped,
    createdCategories,
    mappedCategories: drafted.categories.mapped,
    transferPairs: drafted.pairs,
  };
}

/** The preview of names: every account and category value with its rows, and what to ask. */
export async function describeValues(
  db: Queryable,
  user: Importer,
  batch: { source: ImportSource },
  table: CsvTable,
  body: ValuesBody,
  usable: KnownAccount[],
  remembered: { answers: RememberedAnswers | null },
) {
  const drafted = await draftWithChoices(db, user, batch, table, body, usable);
  const answered = new Map(body.values.accounts.map((c) => [nameKey(c.value), c]));
  // an answer kept for an account the member no longer sees (private, archived) is not offered
  const keptAccount = (id: string | null | undefined) => (id ? usable.find((a) => a.id === id) : undefined);
  const accounts = drafted.accountValues.map((v) => {
    const exact = usable.find((a) => nameKey(a.name) === nameKey(v.value)) ?? null;
    const kept = exact ? undefined : keptAccount(remembered.answers?.accounts[nameKey(v.value)]);
    const s = exact ?? kept ?? suggestAccount(v.value, usable);
    return {
      value: v.value,
      rows: v.rows,
      match: exact ? { id: exact.id, name: exact.name } : null,
      suggestion: s ? { id: s.id, name: s.name } : null,
      remembered: kept !== undefined,
      answered: answered.has(nameKey(v.value)),
    };
  });
  const existingCategories = await usableCategories(db, user.householdId);
  const categoryCounts = new Map<string, { value: string; kind: "expense" | "income"; rows: number }>();
  // counted on the file's names, before the answers rename them
  const raw = await draftWithChoices(
    db,
    user,
    batch,
    table,
    { ...body, values: { ...body.values, categories: [] } },
    usable,
  );
  for (const d of raw.drafts) {
    if (d.type === "transfer") continue;
    for (const name of new Set(
      [d.category, ...d.splits.map((s) => s.category)].filter((n): n is string => !!n),
    )) {
      const key = `${d.type}|${nameKey(name)}`;
      const seen = categoryCounts.get(key) ?? { value: name, kind: d.type, rows: 0 };
      seen.rows += 1;
      categoryCounts.set(key, seen);
    }
  }
  const keptCategories = remembered.answers?.categories ?? {};
  const categories = [...categoryCounts.values()].map((c) => {
    const match = existingCategories.find((e) => e.kind === c.kind && nameKey(e.name) === nameKey(c.value));
    const key = categoryKey(c.kind, c.value);
    const keptId = match || !(key in keptCategories) ? undefined : keptCategories[key];
    const kept = keptId ? existingCategories.find((e) => e.id === keptId && e.kind === c.kind) : undefined;
    return {
      ...c,
      match: match ? { id: match.id, name: match.name } : null,
      remembered:
        keptId === null
          ? { categoryId: null, name: null }
          : kept
            ? { categoryId: kept.id, name: kept.name }
            : null,
    };
  });
  // start dates: existing accounts from the database, new ones start today
  const ids = [...new Set(drafted.drafts.flatMap((d) => [d.accountId, d.toAccountId]))].filter(
    (id): id is string => !!id && id !== NO_ACCOUNT,
  );
  const starts =
    ids.length === 0
      ? []
      : await db
          .select({
            id: schema.accounts.id,
            name: schema.accounts.name,
            openingDate: schema.accounts.openingDate,
          })
          .from(schema.accounts)
          .where(and(eq(schema.accounts.householdId, user.householdId), inArray(schema.accounts.id, ids)));
  const today = todayInManila();
  const openingBalances = historyBeforeStart(drafted.drafts, [
    ...starts,
    ...drafted.accounts.toCreate.map((a) => ({ id: a.id, name: a.name, openingDate: today })),
  ]);
  return {
    rows: drafted.drafts.length,
    errors: drafted.errors.slice(0, 100),
    errorRows: drafted.errors.length,
    accounts,
    unanswered: drafted.accounts.unanswered,
    categories,
    transfers: {
      pairs: drafted.pairs,
      unpaired: drafted.unpaired.map((h) => ({ ...h, amountCentavos: h.amountCentavos.toString() })),
      rememberedDefaultToAccountId: keptAccount(remembered.answers?.defaultToAccountId)?.id ?? null,
    },
    openingBalances,
  };
}

const Ref = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const ImportValues = z
  .object({
    rows: z.number().int().openapi({ description: "Rows that read as transactions" }),
    errors: z
      .array(z.object({ row: z.number().int(), message: z.string() }))
      .openapi({ description: "First 100" }),
    errorRows: z.number().int(),
    accounts: z.array(
      z.object({
        value: z.string(),
        rows: z.number().int(),
        match: Ref.openapi({ description: "The account this name is (same name ignoring case and spaces)" }),
        suggestion: Ref.openapi({ description: "The account it probably is" }),
        remembered: z.boolean().openapi({
          description:
            "The suggestion is what the household chose for this name last time, for a file with the same columns",
        }),
        answered: z.boolean(),
      }),
    ),
    unanswered: z.array(z.string()).openapi({ description: "Names the commit needs an answer for" }),
    categories: z.array(
      z.object({
        value: z.string(),
        kind: z.enum(["expense", "income"]),
        rows: z.number().int(),
        match: Ref,
        remembered: z
          .object({ categoryId: z.uuid().nullable(), name: z.string().nullable() })
          .nullable()
          .openapi({
            description:
              "What the household chose for this name last time, for a file with the same columns (categoryId null: left uncategorised)",
          }),
      }),
    ),
    transfers: z.object({
      pairs: z.number().int().openapi({ description: "Transfers written as two rows, joined into one" }),
      unpaired: z.array(
        z.object({
          row: z.number().int(),
          date: z.string(),
          amountCentavos: z.string(),
          account: z.string(),
          direction: z.enum(["out", "in"]),
        }),
      ),
      rememberedDefaultToAccountId: z
        .uuid()
        .nullable()
        .openapi({ description: "The other account chosen last time for a file with the same columns" }),
    }),
    openingBalances: z.array(
      z.object({
        accountId: z.string(),
        name: z.string(),
        openingDate: z.string(),
        rowsBefore: z.number().int(),
        earliestDate: z.string().nullable(),
        netCentavos: z.string().openapi({ description: "With keep, today's balance changes by this much" }),
      }),
    ),
  })
  .openapi("ImportValues");
