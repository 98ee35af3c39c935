import { type Queryable, rows, schema } from "@fintrack/db";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { NO_CATEGORY } from "../lib/ledger-rollups";
import { addMonths, daysInMonth, firstOf, monthOf, monthsBetween } from "./months";

/** A budget with its limit history, as every computation here reads it. */
export interface BudgetRow {
  id: string;
  householdId: string;
  categoryId: string | null;
  memberId: string | null;
  rollover: boolean;
  thresholds: number[];
  createdAt: Date;
  updatedAt: Date;
  /** Oldest first; `fromMonth` is YYYY-MM. */
  limits: { fromMonth: string; limitCentavos: bigint }[];
}

/** One scope's spending in one month: expenses by category, and refunds (which reduce the overall). */
export interface MonthSpending {
  byCategory: Map<string, bigint>;
  refunds: bigint;
}

/** Spending per month for one scope (the household's shared accounts, or one member). */
export type ScopeSpending = Map<string, MonthSpending>;

const HOUSEHOLD = "household";
export const scopeOf = (b: { memberId: string | null }) => b.memberId ?? HOUSEHOLD;

const uuidList = (ids: string[]) =>
  sql`ARRAY[${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]::uuid[]`;

/** The household's budgets: its own and, when `viewer` is given, only that member's personal ones. */
export async function loadBudgets(
  db: Queryable,
  householdId: string,
  opts: { viewer?: string; ids?: string[] } = {},
): Promise<BudgetRow[]> {
  const b = schema.budgets;
  const list = await db
    .select()
    .from(b)
    .where(
      sql`${b.householdId} = ${householdId}::uuid
        ${opts.viewer ? sql`AND (${b.memberId} IS NULL OR ${b.memberId} = ${opts.viewer}::uuid)` : sql``}
        ${opts.ids ? sql`AND ${b.id} = ANY(${uuidList(opts.ids)})` : sql``}`,
    )
    .orderBy(asc(b.createdAt), asc(b.id));
  if (list.length === 0) return [];
  const limits = await db
    .select()
    .from(schema.budgetLimits)
    .where(
      inArray(
        schema.budgetLimits.budgetId,
        list.map((x) => x.id),
      ),
    )
    .orderBy(asc(schema.budgetLimits.fromMonth));
  return list.map((x) => ({
    id: x.id,
    householdId: x.householdId,
    categoryId: x.categoryId,
    memberId: x.memberId,
    rollover: x.rollover,
    thresholds: [...x.thresholds].sort((p, q) => p - q),
    createdAt: x.createdAt,
    updatedAt: x.updatedAt,
    limits: limits
      .filter((l) => l.budgetId === x.id)
      .map((l) => ({ fromMonth: monthOf(l.fromMonth), limitCentavos: l.limitCentavos })),
  }));
}

/** Income categories named "Refunds" (the default one, or one the household made): refunds reduce spending. */
const refundCategories = (householdId: string) =>
  sql`(SELECT c.id FROM categories c WHERE c.household_id = ${householdId}::uuid
        AND c.kind = 'income' AND lower(c.name) = 'refunds')`;

function collect(
  result: { month: string; category_id: string; flow: string; total: string }[],
): ScopeSpending {
  const out: ScopeSpending = new Map();
  for (const r of result) {
    let m = out.get(r.month);
    if (!m) {
      m = { byCategory: new Map(), refunds: 0n };
      out.set(r.month, m);
    }
    const total = BigInt(r.total);
    if (r.flow === "income") m.refunds += total;
    else m.byCategory.set(r.category_id, (m.byCategory.get(r.category_id) ?? 0n) + total);
  }
  return out;
}

/**
 * What the household spent from its shared accounts, per month and category, read from the
 * ledger rollups (a few rows per account and month, however many transactions). Transfers and
 * card payments are transfer flows and never appear; split expenses are in the rollups under
 * each split's category; refunds are income in a Refunds category.
 */
export async function householdSpending(
  db: Queryable,
  householdId: string,
  from: string,
  to: string,
): Promise<ScopeSpending> {
  const result = await rows<{ month: string; category_id: string; flow: string; total: string }>(
    db,
    sql`SELECT to_char(r.month, 'YYYY-MM') AS month, r.category_id, r.flow::text AS flow,
          sum(r.total_centavos)::text AS total
        FROM ledger_rollups r JOIN accounts a ON a.id = r.account_id
        WHERE a.household_id = ${householdId}::uuid AND a.visibility = 'shared'
          AND r.month >= ${firstOf(from)}::date AND r.month <= ${firstOf(to)}::date
          AND (r.flow = 'expense' OR (r.flow = 'income' AND r.category_id IN ${refundCategories(householdId)}))
        GROUP BY 1, 2, 3`,
  );
  return collect(result);
}

/**
 * What one member recorded, per month and category: in shared accounts and in their own
 * private ones (never the other member's private accounts). Read from the transactions by
 * the household-and-date index, since the rollups do not know who recorded what.
 */
export async function memberSpending(
  db: Queryable,
  householdId: string,
  memberId: string,
  from: string,
  to: string,
): Promise<ScopeSpending> {
  return collect(
    await rows<{ month: string; category_id: string; flow: string; total: string }>(
      db,
      memberSpendingQuery(householdId, memberId, from, to),
    ),
  );
}

/** The query behind `memberSpending` (the benchmark prints its plan). */
export const memberSpendingQuery = (householdId: string, memberId: string, from: string, to: string) =>
  // grouped by the month as a date, formatted after grouping: a few rows instead of every entry
  sql`SELECT to_char(g.month, 'YYYY-MM') AS month, g.category_id, g.flow, g.total::text AS total
      FROM (SELECT date_trunc('month', t.date::timestamp)::date AS month,
              coalesce(s.category_id, t.category_id, ${NO_CATEGORY}::uuid) AS category_id,
              t.type::text AS flow, sum(coalesce(s.amount_centavos, t.amount_centavos)) AS total
            FROM transactions t
            JOIN accounts a ON a.id = t.account_id
            LEFT JOIN transaction_splits s ON s.transaction_id = t.id
            WHERE t.household_id = ${householdId}::uuid AND t.created_by = ${memberId}::uuid
              AND t.deleted_at IS NULL
              AND t.date >= ${firstOf(from)}::date AND t.date < ${firstOf(addMonths(to, 1))}::date
              AND (a.visibility = 'shared' OR a.owner_id = ${memberId}::uuid)
              AND (t.type = 'expense'
                OR (t.type = 'income' AND coalesce(s.category_id, t.category_id) IN ${refundCategories(householdId)}))
            GROUP BY 1, 2, 3) g`;

/** Spending of every scope the budgets need, from `from` to `to` (YYYY-MM). */
export async function spendingFor(
  db: Queryable,
  householdId: string,
  budgets: BudgetRow[],
  from: string,
  to: string,
): Promise<Map<string, ScopeSpending>> {
  const scopes = new Set(budgets.map(scopeOf));
  const out = new Map<string, ScopeSpending>();
  for (const scope of scopes) {
    out.set(
      scope,
      scope === HOUSEHOLD
        ? await householdSpending(db, householdId, from, to)
        : await memberSpending(db, householdId, scope, from, to),
    );
  }
  return out;
}

/** The earliest month whose spending `month`'s figures depend on (rollover chains back to the start). */
export function historyStart(budgets: BudgetRow[], month: string): string {
  let from = month;
  for (const b of budgets) {
    const first = b.limits[0]?.fromMonth;
    if (b.rollover && first && first < from) from = first;
  }
  return from;
}

/** What a budget counts as spent in a month: its category's expenses, or all expenses minus refunds. */
export function spentIn(budget: BudgetRow, m: MonthSpending | undefined): bigint {
  if (!m) return 0n;
  if (budget.categoryId) return m.byCategory.get(budget.categoryId) ?? 0n;
  let total = -m.refunds;
  for (const v of m.byCategory.values()) total += v;
  return total;
}

/** The limit set for a month: the latest change made from that month or before; null before the budget starts. */
export function limitIn(budget: BudgetRow, month: string): bigint | null {
  let limit: bigint | null = null;
  for (const l of budget.limits) if (l.fromMonth <= month) limit = l.limitCentavos;
  return limit;
}

export interface MonthFigures {
  limit: bigint;
  carried: bigint;
  available: bigint;
  spent: bigint;
}

/**
 * A budget's figures for a month. With rollover, each month since the budget started passes
 * what was left (available − spent; negative when overspent) on to the next; what a month may
 * spend never goes below zero.
 */
export function figuresFor(budget: BudgetRow, month: string, spending: ScopeSpending): MonthFigures | null {
  const limit = limitIn(budget, month);
  if (limit === null) return null;
  let carried = 0n;
  const first = budget.limits[0]!.fromMonth;
  if (budget.rollover) {
    for (const m of monthsBetween(first, addMonths(month, -1))) {
      const available = maxBig(0n, (limitIn(budget, m) ?? 0n) + carried);
      carried = available - spentIn(budget, spending.get(m));
    }
  }
  return {
    limit,
    carried,
    available: maxBig(0n, limit + carried),
    spent: spentIn(budget, spending.get(month)),
  };
}

const maxBig = (a: bigint, b: bigint) => (a > b ? a : b);

export interface Pace {
  daysInMonth: number;
  /** Today included; 0 for a past month. */
  daysLeft: number;
  dailyAllowance: bigint | null;
  projected: bigint | null;
}

/**
 * Daily allowance and month-end projection as of `today` (Asia/Manila). The current month
 * counts today among the days left and among the days elapsed; a past month has no days left
 * (allowance n/a) and its projection is what was spent; a future month has no pace yet.
 */
export function paceOf(month: string, today: string, f: MonthFigures): Pace {
  const days = daysInMonth(month);
  const current = monthOf(today);
  const left = f.available - f.spent;
  if (month < current) return { daysInMonth: days, daysLeft: 0, dailyAllowance: null, projected: f.spent };
  if (month > current) {
    return {
      daysInMonth: days,
      daysLeft: days,
      dailyAllowance: maxBig(0n, left) / BigInt(days),
      projected: null,
    };
  }
  const day = Number(today.slice(8, 10));
  const daysLeft = days - day + 1;
  return {
    daysInMonth: days,
    daysLeft,
    dailyAllowance: maxBig(0n, left) / BigInt(daysLeft),
    projected: (f.spent * BigInt(days)) / BigInt(day),
  };
}

/** spent ÷ available as a percentage with one decimal (rounded down); null when nothing is available. */
export function percentOf(f: MonthFigures): number | null {
  if (f.available === 0n) return null;
  return Number((f.spent * 1000n) / f.available) / 10;
}

/** Whether spending has reached `threshold` percent of what the month may spend. */
export function reached(f: MonthFigures, threshold: number): boolean {
  if (f.spent <= 0n) return false;
  return f.spent * 100n >= f.available * BigInt(threshold);
}

/** Names of the categories and members the budgets mention. */
export async function namesFor(db: Queryable, budgets: BudgetRow[]) {
  const categoryIds = [...new Set(budgets.map((b) => b.categoryId).filter((x): x is string => !!x))];
  const categories = categoryIds.length
    ? await db
        .select({ id: schema.categories.id, name: schema.categories.name })
        .from(schema.categories)
        .where(inArray(schema.categories.id, categoryIds))
    : [];
  return new Map(categories.map((c) => [c.id, c.name]));
}

export const alertsOf = async (db: Queryable, budgetIds: string[], month: string) =>
  budgetIds.length === 0
    ? []
    : db
        .select({ budgetId: schema.budgetAlerts.budgetId, threshold: schema.budgetAlerts.thresholdPercent })
        .from(schema.budgetAlerts)
        .where(
          sql`${inArray(schema.budgetAlerts.budgetId, budgetIds)} AND ${eq(schema.budgetAlerts.month, firstOf(month))}`,
        );
