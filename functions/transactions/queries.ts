import { type Queryable, rows, schema } from "@fintrack/db";
import { z } from "@hono/zod-openapi";
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { SignedInUser } from "../lib/auth";
import { cursorCodec, invalidCursor } from "../lib/cursor";
import { NO_CATEGORY } from "../lib/ledger-rollups";
import { MAX_CENTAVOS } from "../lib/money";
import { HttpProblem } from "../lib/problem";
import { IsoDate, type ListFilters, type TransactionDto } from "./schemas";
import { HIDDEN_ACCOUNT, type VisibleAccount, visibleAccounts } from "./visibility";

const { transactions, transactionSplits, accounts, categories, users } = schema;
const toAccounts = alias(accounts, "to_account");

const uuids = (ids: string[]) =>
  sql`ARRAY[${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]::uuid[]`;

/** Rows the member can see: at least one side of the transaction is a visible account. */
const seenBy = (user: SignedInUser, visible: Map<string, VisibleAccount>): SQL => {
  const ids = [...visible.keys()];
  if (ids.length === 0) return sql`false`;
  return and(
    eq(transactions.householdId, user.householdId),
    or(
      sql`${transactions.accountId} = ANY(${uuids(ids)})`,
      sql`${transactions.toAccountId} = ANY(${uuids(ids)})`,
    ),
  )!;
};

const sideCleared = (at: Date | null) => ({ cleared: at !== null, clearedAt: at?.toISOString() ?? null });
const toSideCleared = (at: Date | null) => ({
  toCleared: at !== null,
  toClearedAt: at?.toISOString() ?? null,
});

/**
 * The `cleared` filter: with an account, that account's side of each entry; without, every side
 * the member can see (a transfer is cleared when both its visible sides are).
 */
function clearedFilter(wanted: "true" | "false", accountId: string | undefined, visibleIds: string[]): SQL {
  if (accountId) {
    const side = (cleared: boolean) =>
      or(
        and(
          eq(transactions.accountId, accountId),
          cleared ? isNotNull(transactions.clearedAt) : isNull(transactions.clearedAt),
        ),
        and(
          eq(transactions.toAccountId, accountId),
          cleared ? isNotNull(transactions.toClearedAt) : isNull(transactions.toClearedAt),
        ),
      )!;
    return side(wanted === "true");
  }
  const visible = uuids(visibleIds);
  const everySide = sql`(${transactions.clearedAt} IS NOT NULL OR NOT ${transactions.accountId} = ANY(${visible}))
    AND (${transactions.toAccountId} IS NULL OR ${transactions.toClearedAt} IS NOT NULL OR NOT ${transactions.toAccountId} = ANY(${visible}))`;
  return wanted === "true" ? sql`(${everySide})` : sql`NOT (${everySide})`;
}

async function load(
  db: Queryable,
  visible: Map<string, VisibleAccount>,
  where: SQL | undefined,
  order: SQL[],
  limit: number,
): Promise<TransactionDto[]> {
  const found = await db
    .select({
      t: transactions,
      account: { id: accounts.id, name: accounts.name, kind: accounts.kind },
      to: { id: toAccounts.id, name: toAccounts.name, kind: toAccounts.kind },
      category: { id: categories.id, name: categories.name },
      creator: { id: users.id, name: users.name },
    })
    .from(transactions)
    .innerJoin(accounts, eq(accounts.id, transactions.accountId))
    .leftJoin(toAccounts, eq(toAccounts.id, transactions.toAccountId))
    .leftJoin(categories, eq(categories.id, transactions.categoryId))
    .innerJoin(users, eq(users.id, transactions.createdBy))
    .where(where)
    .orderBy(...order)
    .limit(limit);
  if (found.length === 0) return [];
  const ids = found.map((r) => r.t.id);
  const splits = await db
    .select({
      transactionId: transactionSplits.transactionId,
      categoryId: transactionSplits.categoryId,
      categoryName: categories.name,
      amountCentavos: transactionSplits.amountCentavos,
      note: transactionSplits.note,
    })
    .from(transactionSplits)
    .innerJoin(categories, eq(categories.id, transactionSplits.categoryId))
    .where(inArray(transactionSplits.transactionId, ids))
    // largest part first: a stable order that reads well (ids need not grow within a millisecond)
    .orderBy(desc(transactionSplits.amountCentavos), asc(transactionSplits.categoryId));
  const transferIds = found.filter((r) => r.t.type === "transfer").map((r) => r.t.id);
  const fees = transferIds.length
    ? await db
        .select({ id: transactions.id, feeForId: transactions.feeForId, amount: transactions.amountCentavos })
        .from(transactions)
        .where(and(inArray(transactions.feeForId, transferIds), isNull(transactions.deletedAt)))
    : [];
  return found.map(({ t, account, to, category, creator }) => {
    const side = (a: { id: string; name: string; kind: VisibleAccount["kind"] }) =>
      visible.has(a.id) ? a : HIDDEN_ACCOUNT;
    // the fee was paid from the source account: hidden with it
    const fee = visible.has(t.accountId) ? fees.find((f) => f.feeForId === t.id) : undefined;
    return {
      id: t.id,
      type: t.type,
      date: t.date,
      amountCentavos: t.amountCentavos.toString(),
      account: side(account),
      toAccount: to ? side(to) : null,
      category,
      splits: splits
        .filter((s) => s.transactionId === t.id)
        .map((s) => ({
          categoryId: s.categoryId,
          categoryName: s.categoryName,
          amountCentavos: s.amountCentavos.toString(),
          note: s.note,
        })),
      merchant: t.merchant,
      notes: t.notes,
      tags: t.tags,
      original:
        t.originalAmountMinor !== null && t.originalCurrency
          ? { amountMinor: t.originalAmountMinor.toString(), currency: t.originalCurrency }
          : null,
      fee: fee ? { id: fee.id, amountCentavos: fee.amount.toString() } : null,
      feeForId: t.feeForId,
      createdBy: creator,
      importBatchId: t.importBatchId,
      documentId: t.documentId,
      // per side; a side the member cannot see keeps its reconciliations to itself
      ...sideCleared(visible.has(t.accountId) ? t.clearedAt : null),
      ...toSideCleared(t.toAccountId && visible.has(t.toAccountId) ? t.toClearedAt : null),
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
    };
  });
}

export async function getTransaction(db: Queryable, user: SignedInUser, id: string): Promise<TransactionDto> {
  const visible = await visibleAccounts(db, user);
  const [found] = await load(
    db,
    visible,
    and(seenBy(user, visible), eq(transactions.id, id), isNull(transactions.deletedAt)),
    [],
    1,
  );
  if (!found) throw new HttpProblem(404, "Transaction not found", "There is no such transaction.");
  return found;
}

// --- listing with keyset pagination ------------------------------------------------------------

/** The last row's sort key: a calendar date or whole centavos, with its id to break ties. */
const transactionCursor = cursorCodec(
  z.discriminatedUnion("s", [
    z.strictObject({ s: z.enum(["date_desc", "date_asc"]), k: IsoDate, id: z.uuid() }),
    z.strictObject({
      s: z.enum(["amount_desc", "amount_asc"]),
      // one check: zod runs later refinements even when an earlier one failed
      k: z.string().refine((k) => /^\d{1,12}$/.test(k) && BigInt(k) <= MAX_CENTAVOS),
      id: z.uuid(),
    }),
  ]),
);

function decodeCursor(raw: string, sort: ListFilters["sort"]) {
  const c = transactionCursor.decode(raw);
  // a cursor of another order would skip or repeat rows
  if (c.s !== sort) throw invalidCursor();
  return c;
}

/**
 * One page of the member's transactions. Keyset pagination on (date, id) — or (amount, id) —
 * walks the household/date index, so page 1,000 costs what page 1 does and rows written
 * between pages never appear twice or get skipped.
 */
export async function listTransactions(db: Queryable, user: SignedInUser, f: ListFilters) {
  const visible = await visibleAccounts(db, user);
  const byDate = f.sort.startsWith("date");
  const descending = f.sort.endsWith("desc");
  const key = byDate ? transactions.date : transactions.amountCentavos;
  const conditions: (SQL | undefined)[] = [seenBy(user, visible), isNull(transactions.deletedAt)];
  if (f.from) conditions.push(gte(transactions.date, f.from));
  if (f.to) conditions.push(lte(transactions.date, f.to));
  if (f.accountId) {
    // a private account of the other member matches nothing, not even the transfers into it
    if (!visible.has(f.accountId)) return { items: [], nextCursor: null };
    conditions.push(or(eq(transactions.accountId, f.accountId), eq(transactions.toAccountId, f.accountId)));
  }
  if (f.categoryId) {
    conditions.push(
      or(
        eq(transactions.categoryId, f.categoryId),
        sql`EXISTS (SELECT 1 FROM transaction_splits s WHERE s.transaction_id = ${transactions.id} AND s.category_id = ${f.categoryId}::uuid)`,
      ),
    );
  }
  if (f.type) conditions.push(eq(transactions.type, f.type));
  if (f.memberId) conditions.push(eq(transactions.createdBy, f.memberId));
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    conditions.push(
      or(sql`${transactions.merchant} ILIKE ${pattern}`, sql`${transactions.notes} ILIKE ${pattern}`),
    );
  }
  if (f.minAmount !== undefined) conditions.push(gte(transactions.amountCentavos, f.minAmount));
  if (f.maxAmount !== undefined) conditions.push(lte(transactions.amountCentavos, f.maxAmount));
  if (f.cleared) conditions.push(clearedFilter(f.cleared, f.accountId, [...visible.keys()]));
  if (f.tag) conditions.push(sql`${transactions.tags} @> ARRAY[${f.tag}]::text[]`);
  if (f.cursor) {
    const c = decodeCursor(f.cursor, f.sort);
    const k = byDate ? sql`${c.k}::date` : sql`${c.k}::bigint`;
    conditions.push(
      descending
        ? sql`(${key}, ${transactions.id}) < (${k}, ${c.id}::uuid)`
        : sql`(${key}, ${transactions.id}) > (${k}, ${c.id}::uuid)`,
    );
  }
  // NULLS LAST / FIRST as in the (…, date DESC NULLS LAST, id DESC NULLS LAST) indexes, or the planner
  // cannot walk them in order and sorts every row instead (the columns are NOT NULL either way)
  const order = descending
    ? [sql`${key} DESC NULLS LAST`, sql`${transactions.id} DESC NULLS LAST`]
    : [sql`${key} ASC NULLS FIRST`, sql`${transactions.id} ASC NULLS FIRST`];
  const page = await load(db, visible, and(...conditions), order, f.limit + 1);
  const items = page.slice(0, f.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      page.length > f.limit && last
        ? transactionCursor.encode({ s: f.sort, k: byDate ? last.date : last.amountCentavos, id: last.id })
        : null,
  };
}

// --- month summary -----------------------------------------------------------------------------

/**
 * Income, spending and the split by category for one month, from the rollups of the accounts
 * the member can see: a few rows per account whatever the number of transactions. Transfers —
 * card payments included — are never income or spending.
 */
export async function monthSummary(db: Queryable, user: SignedInUser, month: string) {
  const visible = [...(await visibleAccounts(db, user)).keys()];
  const totals = visible.length
    ? await rows<{
        category_id: string;
        flow: "income" | "expense";
        total: string;
        count: number;
        name: string | null;
        kind: "income" | "expense" | null;
      }>(
        db,
        sql`SELECT r.category_id, r.flow::text AS flow, sum(r.total_centavos)::text AS total,
              sum(r.count)::int AS count, c.name, c.kind::text AS kind
            FROM ledger_rollups r LEFT JOIN categories c ON c.id = r.category_id
            WHERE r.account_id = ANY(${uuids(visible)}) AND r.month = ${`${month}-01`}::date
              AND r.flow IN ('income', 'expense')
            GROUP BY r.category_id, r.flow, c.name, c.kind
            HAVING sum(r.count) <> 0 OR sum(r.total_centavos) <> 0`,
      )
    : [];
  let income = 0n;
  let expense = 0n;
  const byCategory = totals.map((r) => {
    const total = BigInt(r.total);
    if (r.flow === "income") income += total;
    else expense += total;
    const uncategorised = r.category_id === NO_CATEGORY;
    return {
      categoryId: uncategorised ? null : r.category_id,
      name: r.name ?? "Uncategorized",
      kind: r.flow,
      totalCentavos: total,
      count: Number(r.count),
    };
  });
  byCategory.sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === "expense" ? -1 : 1;
    if (a.totalCentavos !== b.totalCentavos) return a.totalCentavos > b.totalCentavos ? -1 : 1;
    return a.name.localeCompare(b.name);
  });
  return {
    month,
    incomeCentavos: income.toString(),
    expenseCentavos: expense.toString(),
    netCentavos: (income - expense).toString(),
    byCategory: byCategory.map((c) => ({ ...c, totalCentavos: c.totalCentavos.toString() })),
  };
}

/**
 * Income, spending and net for each month of a year (all twelve, empty ones as zero), read
 * from the monthly rollups: a year costs what a month does.
 */
export async function yearSummary(db: Queryable, user: SignedInUser, year: number) {
  const visible = [...(await visibleAccounts(db, user)).keys()];
  const totals = visible.length
    ? await rows<{ month: string; flow: "income" | "expense"; total: string }>(
        db,
        sql`SELECT to_char(r.month, 'YYYY-MM') AS month, r.flow::text AS flow,
              sum(r.total_centavos)::text AS total
            FROM ledger_rollups r
            WHERE r.account_id = ANY(${uuids(visible)})
              AND r.month >= make_date(${year}, 1, 1) AND r.month < make_date(${year + 1}, 1, 1)
              AND r.flow IN ('income', 'expense')
            GROUP BY 1, 2`,
      )
    : [];
  const months = Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, "0")}`;
    const of = (flow: string) =>
      totals
        .filter((t) => t.month === month && t.flow === flow)
        .reduce((sum, t) => sum + BigInt(t.total), 0n);
    return { month, income: of("income"), expense: of("expense") };
  });
  const income = months.reduce((sum, m) => sum + m.income, 0n);
  const expense = months.reduce((sum, m) => sum + m.expense, 0n);
  return {
    year,
    incomeCentavos: income.toString(),
    expenseCentavos: expense.toString(),
    netCentavos: (income - expense).toString(),
    months: months.map((m) => ({
      month: m.month,
      incomeCentavos: m.income.toString(),
      expenseCentavos: m.expense.toString(),
      netCentavos: (m.income - m.expense).toString(),
    })),
  };
}
