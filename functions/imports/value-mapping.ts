import { randomUUID } from "node:crypto";
import { type Queryable, schema } from "@fintrack/db";
import { z } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import { todayInManila } from "../accounts/card-cycle";
import { parsePesos } from "../lib/money";
import { HttpProblem } from "../lib/problem";
import type { CsvTable } from "./csv-file";
import { ESCAPED_COLUMNS, unescapeCell } from "./fintrack-format";
import { nameKey, UNANSWERED } from "./names";
import { withoutNotionLinks } from "./rows";
import type { ColumnMapping, MappingField } from "./schemas";
import type { Importer } from "./service";
import { splitFromTo } from "./transfers";

export { nameKey };

const Value = z.string().trim().min(1).max(200);

const AccountChoice = z
  .object({
    value: Value.openapi({ description: "The account name as written in the file" }),
    accountId: z.uuid().optional().openapi({ description: "Record these rows in this account" }),
    create: z
      .object({
        name: z.string().trim().min(1).max(100).optional(),
        // a card needs its limit and statement days: create it on the accounts page first
        kind: z.enum(["bank", "ewallet", "cash"]),
        balance: z
          .union([z.string(), z.number()])
          .optional()
          .openapi({ description: "Today's balance in pesos (default 0); the opening balance is derived" }),
      })
      .optional(),
  })
  .refine((c) => (c.accountId === undefined) !== (c.create === undefined), {
    message: "Choose an account or create one",
  });

const CategoryChoice = z
  .object({
    value: Value,
    kind: z.enum(["expense", "income"]),
    categoryId: z.uuid().optional(),
    create: z.literal(true).optional(),
    none: z.literal(true).optional().openapi({ description: "Leave these rows uncategorised" }),
  })
  .refine((c) => [c.categoryId, c.create, c.none].filter((x) => x !== undefined).length === 1, {
    message: "Choose a category, create it, or leave the rows uncategorised",
  });

/** The member's answers to the preview: what each name in the file means. */
export const ValueChoices = z
  .object({
    accounts: z.array(AccountChoice).max(500).default([]),
    categories: z.array(CategoryChoice).max(2000).default([]),
    transfers: z
      .object({ defaultToAccountId: z.uuid().nullish() })
      .default({})
      .openapi({ description: "Where transfers that name no destination and have no partner row go" }),
    openingBalances: z.enum(["move", "keep"]).default("move").openapi({
      description:
        "move: history before an account's start date moves the start back and the opening balance is derived, today's balance unchanged; keep: the opening balance stays and today's balance changes",
    }),
  })
  .openapi("ImportValueChoices");
export type ValueChoices = z.infer<typeof ValueChoices>;

export interface KnownAccount {
  id: string;
  name: string;
}

/** Every account name the mapped columns hold (both sides of "From → To"), with its row count. */
export function accountValues(table: CsvTable, mapping: ColumnMapping, fintrackEscaped: boolean) {
  const counts = new Map<string, { value: string; rows: number }>();
  const cell = (row: string[], field: MappingField) => {
    const header = mapping[field];
    const i = header ? table.headers.indexOf(header) : -1;
    const raw = i < 0 ? "" : (row[i] ?? "").trim();
    return withoutNotionLinks(fintrackEscaped && ESCAPED_COLUMNS.has(field) ? unescapeCell(raw) : raw);
  };
  for (const row of table.rows) {
    const names = new Set<string>();
    const account = cell(row, "account");
    const to = cell(row, "toAccount");
    const both = to ? null : splitFromTo(account);
    for (const n of both ? [both.from, both.to] : [account, to]) if (n) names.add(n);
    for (const n of names) {
      const key = nameKey(n);
      const seen = counts.get(key) ?? { value: n, rows: 0 };
      seen.rows += 1;
      counts.set(key, seen);
    }
  }
  return [...counts.values()];
}

/** The existing name a file's name obviously means: same letters ignoring case/spaces, else one that starts with it. */
export function suggestAccount(value: string, accounts: KnownAccount[]): KnownAccount | null {
  const key = nameKey(value);
  return (
    accounts.find((a) => nameKey(a.name) === key) ??
    (key.length >= 3 ? (accounts.find((a) => nameKey(a.name).startsWith(key)) ?? null) : null)
  );
}

export interface AccountPlan {
  resolve: (name: string) => string | null;
  toCreate: {
    id: string;
    name: string;
    kind: "bank" | "ewallet" | "cash";
    balanceCentavos: bigint;
    value: string;
  }[];
  mapped: { value: string; accountId: string; name: string }[];
  /** The names in the file nobody answered for and that match no account exactly. */
  unanswered: string[];
}

/**
 * Turns the member's answers into a name → account lookup. A named account must be one the
 * member may record into (shared, or their own private one); answers for names not in the
 * file are refused so a typo cannot pass unseen.
 */
export function planAccounts(
  values: { value: string; rows: number }[],
  choices: ValueChoices["accounts"],
  usable: KnownAccount[],
): AccountPlan {
  const byKey = new Map<string, string>();
  const toCreate: AccountPlan["toCreate"] = [];
  const mapped: AccountPlan["mapped"] = [];
  const errors: { path: string; message: string }[] = [];
  const inFile = new Set(values.map((v) => nameKey(v.value)));
  choices.forEach((c, i) => {
    const key = nameKey(c.value);
    if (!inFile.has(key)) {
      errors.push({ path: `values.accounts.${i}.value`, message: `No account "${c.value}" in this file` });
      return;
    }
    if (c.accountId) {
      const account = usable.find((a) => a.id === c.accountId);
      if (!account) {
        errors.push({ path: `values.accounts.${i}.accountId`, message: "No such account" });
        return;
      }
      byKey.set(key, account.id);
      mapped.push({ value: c.value, accountId: account.id, name: account.name });
    } else if (c.create) {
      const balance = c.create.balance === undefined ? 0n : parsePesos(c.create.balance);
      if (balance === null) {
        errors.push({ path: `values.accounts.${i}.create.balance`, message: "Not an amount in pesos" });
        return;
      }
      const id = randomUUID();
      byKey.set(key, id);
      toCreate.push({
        id,
        name: c.create.name ?? c.value,
        kind: c.create.kind,
        balanceCentavos: balance,
        value: c.value,
      });
    }
  });
  if (errors.length > 0)
    throw new HttpProblem(400, "Invalid request", "Some account answers do not fit", { errors });
  const exact = new Map(usable.map((a) => [nameKey(a.name), a.id] as const).reverse());
  const unanswered = values.filter((v) => !byKey.has(nameKey(v.value)) && !exact.has(nameKey(v.value)));
  return {
    // an unanswered name is no account at all, never the default one (the commit refuses it)
    resolve: (name) => byKey.get(nameKey(name)) ?? exact.get(nameKey(name)) ?? UNANSWERED,
    toCreate,
    mapped,
    unanswered: unanswered.map((v) => v.value),
  };
}

/** Creates the accounts the member asked for, shared and theirs, starting today with today's balance. */
export async function createAccounts(db: Queryable, user: Importer, toCreate: AccountPlan["toCreate"]) {
  if (toCreate.length === 0) return;
  const [order] = await db
    .select({ next: sql<number>`coalesce(max(${schema.accounts.sortOrder}) + 1, 0)::int` })
    .from(schema.accounts)
    .where(eq(schema.accounts.householdId, user.householdId));
  await db.insert(schema.accounts).values(
    toCreate.map((a, i) => ({
      id: a.id,
      householdId: user.householdId,
      ownerId: user.userId,
      name: a.name,
      kind: a.kind,
      openingBalanceCentavos: a.balanceCentavos,
      // today: the import's history then moves the start back (opening-balances.ts)
      openingDate: todayInManila(),
      sortOrder: (order?.next ?? 0) + i,
    })),
  );
}

export interface CategoryAnswers {
  /** The category name a row's value becomes (an existing one's name), null for uncategorised. */
  rename: (kind: "expense" | "income", value: string) => string | null;
  create: { kind: "expense" | "income"; name: string }[];
  mapped: { value: string; kind: "expense" | "income"; categoryId: string; name: string }[];
}

/** Checks the category answers against the household's categories of the same kind. */
export async function planCategories(
  db: Queryable,
  user: Importer,
  choices: ValueChoices["categories"],
): Promise<CategoryAnswers> {
  const existing = await db
    .select({ id: schema.categories.id, name: schema.categories.name, kind: schema.categories.kind })
    .from(schema.categories)
    .where(eq(schema.categories.householdId, user.householdId));
  const answers = new Map<string, string | null>();
  const create: CategoryAnswers["create"] = [];
  const mapped: CategoryAnswers["mapped"] = [];
  const errors: { path: string; message: string }[] = [];
  choices.forEach((c, i) => {
    const key = `${c.kind}|${nameKey(c.value)}`;
    if (c.categoryId) {
      const cat = existing.find((e) => e.id === c.categoryId && e.kind === c.kind);
      if (!cat)
        errors.push({ path: `values.categories.${i}.categoryId`, message: `No such ${c.kind} category` });
      else {
        answers.set(key, cat.name);
        mapped.push({ value: c.value, kind: c.kind, categoryId: cat.id, name: cat.name });
      }
    } else if (c.create) {
      answers.set(key, c.value);
      create.push({ kind: c.kind, name: c.value });
    } else answers.set(key, null);
  });
  if (errors.length > 0)
    throw new HttpProblem(400, "Invalid request", "Some category answers do not fit", { errors });
  return {
    rename: (kind, value) => {
      const key = `${kind}|${nameKey(value)}`;
      return answers.has(key) ? answers.get(key)! : value;
    },
    create,
    mapped,
  };
}

export async function createCategories(
  db: Queryable,
  householdId: string,
  create: CategoryAnswers["create"],
) {
  if (create.length === 0) return [];
  const inserted = await db
    .insert(schema.categories)
    .values(create.map((c) => ({ householdId, name: c.name, kind: c.kind })))
    .onConflictDoNothing()
    .returning({ name: schema.categories.name });
  return inserted.map((c) => c.name);
}

export const usableCategories = (db: Queryable, householdId: string) =>
  db
    .select({ id: schema.categories.id, name: schema.categories.name, kind: schema.categories.kind })
    .from(schema.categories)
    .where(and(eq(schema.categories.householdId, householdId), sql`${schema.categories.archivedAt} IS NULL`));
