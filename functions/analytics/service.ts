import { type Queryable, rows, schema } from "@fintrack/db";
import { and, eq, sql } from "drizzle-orm";
import type { SignedInUser } from "../lib/auth";
import { merchantKey, NO_CATEGORY } from "../lib/ledger-rollups";
import { type VisibleAccount, visibleAccounts } from "../transactions/visibility";
import {
  addMonths,
  monthEnd,
  monthOf,
  monthStart,
  monthsBetween,
  type Period,
  splitPeriod,
  todayInManila,
} from "./period";

/**
 * Analytics read the ledger's monthly rollups (`ledger_rollups`, `account_month_totals`) of the
 * accounts the member can see, exactly as balances and summaries do: a private account and its
 * money do not exist for the other member. Only the days of a month a period covers in part are
 * read from the transactions themselves (through the account/date index).
 *
 * Spending = expenses − refunds. A refund is income in the household's income category named
 * "Refunds": it gives spending back, so it is not income. Transfers (card payments included) are
 * never income or spending. A foreign-currency charge counts at its PHP amount (what the card
 * was charged; the receipt's amount is kept beside it and never summed).
 */

export interface FlowTotal {
  accountId: string;
  month: string; // YYYY-MM
  categoryId: string; // NO_CATEGORY when uncategorised
  flow: "income" | "expense";
  total: bigint;
  count: number;
}

export interface Scope {
  user: SignedInUser;
  accounts: Map<string, VisibleAccount>;
  ids: string[];
  refundIds: Set<string>;
}

const uuids = (ids: string[]) =>
  sql`ARRAY[${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]::uuid[]`;

export async function scopeOf(db: Queryable, user: SignedInUser): Promise<Scope> {
  const accounts = await visibleAccounts(db, user);
  const refunds = await db
    .select({ id: schema.categories.id })
    .from(schema.categories)
    .where(
      and(
        eq(schema.categories.householdId, user.householdId),
        eq(schema.categories.kind, "income"),
        sql`lower(${schema.categories.name}) = 'refunds'`,
      ),
    );
  return { user, accounts, ids: [...accounts.keys()], refundIds: new Set(refunds.map((r) => r.id)) };
}

/**
 * Income and expense flows of the scope's accounts per account, month, category, for the days
 * from–to: whole months from `ledger_rollups`, partly covered months from their rows (a split
 * expense counts under each of its categories, as in the rollups).
 */
export async function periodFlows(
  db: Queryable,
  ids: string[],
  from: string,
  to: string,
  /** What to keep apart besides category and flow; the rest is summed in SQL (fewer rows to read). */
  by: { account?: boolean; month?: boolean } = {},
): Promise<FlowTotal[]> {
  if (ids.length === 0) return [];
  const NONE = "00000000-0000-0000-0000-000000000000";
  const rAccount = by.account ? sql`r.account_id` : sql`${NONE}::uuid`;
  const rMonth = by.month ? sql`to_char(r.month, 'YYYY-MM')` : sql`''`;
  const tAccount = by.account ? sql`t.account_id` : sql`${NONE}::uuid`;
  const tMonth = by.month ? sql`to_char(t.date, 'YYYY-MM')` : sql`''`;
  const { months, days } = splitPeriod({ from, to });
  const out: FlowTotal[] = [];
  const read = (r: {
    account_id: string;
    month: string;
    category_id: string;
    flow: string;
    total: string;
    count: number;
  }) =>
    out.push({
      accountId: r.account_id,
      month: r.month,
      categoryId: r.category_id,
      flow: r.flow as "income" | "expense",
      total: BigInt(r.total),
      count: Number(r.count),
    });
  if (months) {
    const list = await rows<{
      account_id: string;
      month: string;
      category_id: string;
      flow: string;
      total: string;
      count: number;
    }>(
      db,
      sql`SELECT ${rAccount} AS account_id, ${rMonth} AS month, r.category_id, r.flow::text AS flow,
            sum(r.total_centavos)::text AS total, sum(r.count)::int AS count
          FROM ledger_rollups r
          WHERE r.account_id = ANY(${uuids(ids)}) AND r.flow IN ('income', 'expense')
            AND r.month >= ${monthStart(months.from)}::date AND r.month <= ${monthStart(months.to)}::date
          GROUP BY 1, 2, 3, 4
          HAVING sum(r.count) <> 0 OR sum(r.total_centavos) <> 0`,
    );
    list.forEach(read);
  }
  for (const span of days) {
    const list = await rows<{
      account_id: string;
      month: string;
      category_id: string;
      flow: string;
      total: string;
      count: number;
    }>(
      db,
      sql`SELECT ${tAccount} AS account_id, ${tMonth} AS month,
            coalesce(s.category_id, t.category_id, ${NO_CATEGORY}::uuid) AS category_id, t.type::text AS flow,
            sum(coalesce(s.amount_centavos, t.amount_centavos))::text AS total, count(*)::int AS count
          FROM transactions t LEFT JOIN transaction_splits s ON s.transaction_id = t.id
          WHERE t.account_id = ANY(${uuids(ids)}) AND t.deleted_at IS NULL AND t.type IN ('income', 'expense')
            AND t.date >= ${span.from}::date AND t.date <= ${span.to}::date
          GROUP BY 1, 2, 3, 4`,
    );
    list.forEach(read);
  }
  return out;
}

interface CategoryInfo {
  name: string;
  color: string | null;
  kind: "income" | "expense";
}

async function categoriesOf(db: Queryable, user: SignedInUser): Promise<Map<string, CategoryInfo>> {
  const list = await db
    .select({
      id: schema.categories.id,
      name: schema.categories.name,
      color: schema.categories.color,
      kind: schema.categories.kind,
    })
    .from(schema.categories)
    .where(eq(schema.categories.householdId, user.householdId));
  return new Map(list.map((c) => [c.id, c]));
}

const isRefund = (scope: Scope, f: FlowTotal) => f.flow === "income" && scope.refundIds.has(f.categoryId);

/** Adds a flow to spending/income totals: refunds give spending back, they are not income. */
function tally(scope: Scope, f: FlowTotal, t: { expense: bigint; refunds: bigint; income: bigint }) {
  if (f.flow === "expense") t.expense += f.total;
  else if (isRefund(scope, f)) t.refunds += f.total;
  else t.income += f.total;
}

const periodDto = (p: Period) => ({ period: p.value, from: p.from, to: p.to });
const s = (n: bigint) => n.toString();

// --- spending by category -------------------------------------------------------------------

export async function spendingByCategory(db: Queryable, user: SignedInUser, p: Period) {
  const scope = await scopeOf(db, user);
  const [flows, names] = await Promise.all([
    periodFlows(db, scope.ids, p.from, p.to),
    categoriesOf(db, user),
  ]);
  const byCategory = new Map<string, { total: bigint; count: number }>();
  const totals = { expense: 0n, refunds: 0n, income: 0n };
  let refundCount = 0;
  for (const f of flows) {
    tally(scope, f, totals);
    if (isRefund(scope, f)) refundCount += f.count;
    if (f.flow !== "expense") continue;
    const c = byCategory.get(f.categoryId) ?? { total: 0n, count: 0 };
    c.total += f.total;
    c.count += f.count;
    byCategory.set(f.categoryId, c);
  }
  const items = [...byCategory.entries()]
    .filter(([, c]) => c.total !== 0n || c.count !== 0)
    .map(([id, c]) => {
      const uncategorised = id === NO_CATEGORY;
      return {
        categoryId: uncategorised ? null : id,
        name: uncategorised ? "Uncategorized" : (names.get(id)?.name ?? "Unknown category"),
        color: uncategorised ? null : (names.get(id)?.color ?? null),
        kind: "expense" as "expense" | "refund",
        totalCentavos: c.total,
        count: c.count,
      };
    })
    .sort((a, b) =>
      a.totalCentavos !== b.totalCentavos
        ? a.totalCentavos > b.totalCentavos
          ? -1
          : 1
        : a.name.localeCompare(b.name),
    );
  if (totals.refunds !== 0n || refundCount !== 0) {
    const [refundId] = scope.refundIds;
    items.push({
      categoryId: refundId ?? null,
      name: "Refunds",
      color: refundId ? (names.get(refundId)?.color ?? null) : null,
      kind: "refund",
      totalCentavos: -totals.refunds,
      count: refundCount,
    });
  }
  return {
    ...periodDto(p),
    spendingCentavos: s(totals.expense - totals.refunds),
    expenseCentavos: s(totals.expense),
    refundsCentavos: s(totals.refunds),
    items: items.map((i) => ({ ...i, totalCentavos: s(i.totalCentavos) })),
  };
}

// --- spending per account and per member -----------------------------------------------------

export async function spendingByAccount(db: Queryable, user: SignedInUser, p: Period) {
  const scope = await scopeOf(db, user);
  const flows = await periodFlows(db, scope.ids, p.from, p.to, { account: true });
  const per = new Map<string, { expense: bigint; refunds: bigint; income: bigint }>();
  for (const f of flows) {
    const t = per.get(f.accountId) ?? { expense: 0n, refunds: 0n, income: 0n };
    tally(scope, f, t);
    per.set(f.accountId, t);
  }
  const items = [...per.entries()]
    .filter(([, t]) => t.expense !== 0n || t.refunds !== 0n)
    .map(([id, t]) => {
      const a = scope.accounts.get(id)!;
      return {
        accountId: id,
        name: a.name,
        kind: a.kind,
        spending: t.expense - t.refunds,
        expense: t.expense,
        refunds: t.refunds,
      };
    })
    .sort((a, b) =>
      a.spending !== b.spending ? (a.spending > b.spending ? -1 : 1) : a.name.localeCompare(b.name),
    );
  return {
    ...periodDto(p),
    items: items.map((i) => ({
      accountId: i.accountId,
      name: i.name,
      kind: i.kind,
      spendingCentavos: s(i.spending),
      expenseCentavos: s(i.expense),
      refundsCentavos: s(i.refunds),
    })),
  };
}

/**
 * Spending per member: what left the accounts each member owns (a shared account counts for
 * its owner). Read from the rollups, which are per account; who typed an entry is not in them.
 */
export async function spendingByMember(db: Queryable, user: SignedInUser, p: Period) {
  const scope = await scopeOf(db, user);
  const [flows, members] = await Promise.all([
    periodFlows(db, scope.ids, p.from, p.to, { account: true }),
    db
      .select({ id: schema.users.id, name: schema.users.name })
      .from(schema.users)
      .where(eq(schema.users.householdId, user.householdId)),
  ]);
  const per = new Map<string, { expense: bigint; refunds: bigint; income: bigint }>(
    members.map((m) => [m.id, { expense: 0n, refunds: 0n, income: 0n }]),
  );
  for (const f of flows) {
    const owner = scope.accounts.get(f.accountId)!.ownerId;
    const t = per.get(owner) ?? { expense: 0n, refunds: 0n, income: 0n };
    tally(scope, f, t);
    per.set(owner, t);
  }
  const nameOf = new Map(members.map((m) => [m.id, m.name]));
  return {
    ...periodDto(p),
    items: [...per.entries()]
      .map(([id, t]) => ({
        memberId: id,
        name: nameOf.get(id) ?? "Former member",
        spendingCentavos: s(t.expense - t.refunds),
        expenseCentavos: s(t.expense),
        refundsCentavos: s(t.refunds),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

// --- trends per category ----------------------------------------------------------------------

/** Each category's spending in `month`, the month before and the same month a year earlier. */
export async function categoryTrends(db: Queryable, user: SignedInUser, month: string) {
  const scope = await scopeOf(db, user);
  const previous = addMonths(month, -1);
  const lastYear = addMonths(month, -12);
  const [flows, names] = await Promise.all([
    periodFlows(db, scope.ids, monthStart(lastYear), monthEnd(month), { month: true }),
    categoriesOf(db, user),
  ]);
  const slot = { [month]: 0, [previous]: 1, [lastYear]: 2 } as Record<string, number>;
  const per = new Map<string, [bigint, bigint, bigint]>();
  for (const f of flows) {
    const i = slot[f.month];
    if (i === undefined) continue;
    let key: string;
    let sign = 1n;
    if (f.flow === "expense") key = f.categoryId;
    else if (isRefund(scope, f)) {
      key = "refunds";
      sign = -1n;
    } else continue;
    const v: [bigint, bigint, bigint] = per.get(key) ?? [0n, 0n, 0n];
    v[i as 0 | 1 | 2] += sign * f.total;
    per.set(key, v);
  }
  const items = [...per.entries()]
    .filter(([, v]) => v.some((x) => x !== 0n))
    .map(([key, [cur, prev, ly]]) => {
      const refund = key === "refunds";
      const uncategorised = key === NO_CATEGORY;
      return {
        categoryId: refund ? ([...scope.refundIds][0] ?? null) : uncategorised ? null : key,
        name: refund
          ? "Refunds"
          : uncategorised
            ? "Uncategorized"
            : (names.get(key)?.name ?? "Unknown category"),
        kind: refund ? ("refund" as const) : ("expense" as const),
        cur,
        prev,
        ly,
      };
    })
    .sort((a, b) => (a.cur !== b.cur ? (a.cur > b.cur ? -1 : 1) : a.name.localeCompare(b.name)));
  return {
    month,
    previousMonth: previous,
    sameMonthLastYear: lastYear,
    items: items.map((i) => ({
      categoryId: i.categoryId,
      name: i.name,
      kind: i.kind,
      currentCentavos: s(i.cur),
      previousMonthCentavos: s(i.prev),
      sameMonthLastYearCentavos: s(i.ly),
      changeFromPreviousMonthCentavos: s(i.cur - i.prev),
      changeFromLastYearCentavos: s(i.cur - i.ly),
    })),
  };
}

// --- income vs spending per month -------------------------------------------------------------

export async function cashflow(db: Queryable, user: SignedInUser, p: Period) {
  const scope = await scopeOf(db, user);
  const flows = await periodFlows(db, scope.ids, p.from, p.to, { month: true });
  const months = new Map(
    monthsBetween(monthOf(p.from), monthOf(p.to)).map((m) => [m, { expense: 0n, refunds: 0n, income: 0n }]),
  );
  for (const f of flows) {
    const t = months.get(f.month);
    if (t) tally(scope, f, t);
  }
  let income = 0n;
  let spending = 0n;
  const items = [...months.entries()].map(([month, t]) => {
    income += t.income;
    spending += t.expense - t.refunds;
    return {
      month,
      incomeCentavos: s(t.income),
      spendingCentavos: s(t.expense - t.refunds),
      netCentavos: s(t.income - t.expense + t.refunds),
    };
  });
  return {
    ...periodDto(p),
    incomeCentavos: s(income),
    spendingCentavos: s(spending),
    netCentavos: s(income - spending),
    items,
  };
}

// --- top merchants ----------------------------------------------------------------------------

/**
 * Where the money went by merchant in a period: expenses minus refunds from the same merchant,
 * merchants compared ignoring case and surrounding spaces. Whole months come from
 * `merchant_rollups`; the days of a month the period covers in part from the rows.
 */
export async function topMerchants(db: Queryable, user: SignedInUser, p: Period, limit: number) {
  const scope = await scopeOf(db, user);
  if (scope.ids.length === 0) return { ...periodDto(p), items: [] };
  const { months, days } = splitPeriod(p);
  if (months && days.length === 0)
    return { ...periodDto(p), items: await topMerchantsOfMonths(db, scope, months, limit) };
  const found: { merchant: string; flow: string; category_id: string; total: string; count: number }[] = [];
  if (months) {
    found.push(
      ...(await rows<(typeof found)[number]>(
        db,
        sql`SELECT min(m.merchant) AS merchant, m.flow::text AS flow, m.category_id,
              sum(m.total_centavos)::text AS total, sum(m.count)::int AS count
            FROM merchant_rollups m
            WHERE m.account_id = ANY(${uuids(scope.ids)})
              AND m.month >= ${monthStart(months.from)}::date AND m.month <= ${monthStart(months.to)}::date
            GROUP BY m.merchant_key, m.flow, m.category_id`,
      )),
    );
  }
  for (const span of days) {
    found.push(
      ...(await rows<(typeof found)[number]>(
        db,
        sql`SELECT t.merchant, t.type::text AS flow,
              CASE WHEN t.type = 'income' THEN coalesce(s.category_id, t.category_id, ${NO_CATEGORY}::uuid)
                   ELSE ${NO_CATEGORY}::uuid END AS category_id,
              sum(coalesce(s.amount_centavos, t.amount_centavos))::text AS total, count(DISTINCT t.id)::int AS count
            FROM transactions t LEFT JOIN transaction_splits s ON s.transaction_id = t.id
            WHERE t.account_id = ANY(${uuids(scope.ids)}) AND t.deleted_at IS NULL
              AND t.type IN ('income', 'expense') AND t.merchant IS NOT NULL
              AND t.date >= ${span.from}::date AND t.date <= ${span.to}::date
            GROUP BY 1, 2, 3`,
      )),
    );
  }
  const per = new Map<string, { merchant: string; spending: bigint; count: number }>();
  for (const r of found) {
    const refund = r.flow === "income" && scope.refundIds.has(r.category_id);
    if (r.flow !== "expense" && !refund) continue;
    const name = r.merchant.trim();
    if (!name) continue;
    const key = merchantKey(name);
    const m = per.get(key) ?? { merchant: name, spending: 0n, count: 0 };
    m.spending += refund ? -BigInt(r.total) : BigInt(r.total);
    m.count += Number(r.count);
    if (name < m.merchant) m.merchant = name;
    per.set(key, m);
  }
  const items = [...per.entries()]
    .filter(([, m]) => m.count !== 0 || m.spending !== 0n)
    .sort(([ka, a], [kb, b]) =>
      a.spending !== b.spending ? (a.spending > b.spending ? -1 : 1) : ka < kb ? -1 : 1,
    )
    .slice(0, limit);
  return {
    ...periodDto(p),
    items: items.map(([, m]) => ({ merchant: m.merchant, spendingCentavos: s(m.spending), count: m.count })),
  };
}

/**
 * Top merchants of whole months, ranked and cut in SQL: a year of a busy household is thousands
 * of merchant-month rows, and only `limit` of them need to leave the database. Ties and the
 * display name follow the row-by-row path: key and name in code-point order (COLLATE "C").
 */
async function topMerchantsOfMonths(
  db: Queryable,
  scope: Scope,
  months: { from: string; to: string },
  limit: number,
) {
  const found = await rows<{ merchant: string; spending: string; count: number }>(
    db,
    sql`SELECT min(m.merchant COLLATE "C") AS merchant,
          sum(CASE WHEN m.flow = 'expense' THEN m.total_centavos ELSE -m.total_centavos END)::text AS spending,
          sum(m.count)::int AS count
        FROM merchant_rollups m
        WHERE m.account_id = ANY(${uuids(scope.ids)})
          AND m.month >= ${monthStart(months.from)}::date AND m.month <= ${monthStart(months.to)}::date
          AND (m.flow = 'expense' OR (m.flow = 'income' AND m.category_id = ANY(${uuids([...scope.refundIds])})))
          AND m.merchant_key <> ''
        GROUP BY m.merchant_key
        HAVING sum(m.count) <> 0
          OR sum(CASE WHEN m.flow = 'expense' THEN m.total_centavos ELSE -m.total_centavos END) <> 0
        ORDER BY sum(CASE WHEN m.flow = 'expense' THEN m.total_centavos ELSE -m.total_centavos END) DESC,
          m.merchant_key COLLATE "C"
        LIMIT ${limit}`,
  );
  return found.map((r) => ({ merchant: r.merchant, spendingCentavos: r.spending, count: r.count }));
}

// --- net worth over time ----------------------------------------------------------------------

/**
 * Net worth at each month's end, from the month of the first transaction to this month: the
 * signed balances of the visible accounts that are not archived (as the accounts page sums them),
 * i.e. assets − what is owed on cards. An account counts from its opening month on, with its
 * opening balance plus every month's net change so far (`account_month_totals`, reconciliation
 * adjustments included), so each point equals the balances page's figure at that date.
 */
export async function netWorth(db: Queryable, user: SignedInUser) {
  const scope = await scopeOf(db, user);
  const open = [...scope.accounts.values()].filter((a) => a.archivedAt === null);
  const current = monthOf(todayInManila());
  if (open.length === 0) return { from: current, to: current, items: [] };
  const ids = open.map((a) => a.id);
  const [accounts, nets] = await Promise.all([
    rows<{ id: string; kind: string; opening: string; opening_month: string }>(
      db,
      sql`SELECT id, kind::text AS kind, opening_balance_centavos::text AS opening,
            to_char(opening_date, 'YYYY-MM') AS opening_month
          FROM accounts WHERE id = ANY(${uuids(ids)})`,
    ),
    rows<{ account_id: string; month: string; net: string }>(
      db,
      sql`SELECT account_id, to_char(month, 'YYYY-MM') AS month, net_centavos::text AS net
          FROM account_month_totals WHERE account_id = ANY(${uuids(ids)}) AND net_centavos <> 0
          ORDER BY month`,
    ),
  ]);
  const first = nets.length ? nets[0]!.month : current;
  const [from] = [first, current].sort() as [string, string];
  const months = monthsBetween(from, current);
  const netOf = new Map<string, bigint>();
  // nets dated before the series starts cannot exist (it starts at the first); later ones
  // (future-dated entries) count from their month on, past the end they are not drawn
  for (const n of nets) netOf.set(`${n.account_id}|${n.month}`, BigInt(n.net));
  const running = new Map(accounts.map((a) => [a.id, 0n]));
  const items = months.map((month) => {
    let assets = 0n;
    let owed = 0n;
    for (const a of accounts) {
      const balance = running.get(a.id)! + (netOf.get(`${a.id}|${month}`) ?? 0n);
      running.set(a.id, balance);
      if (month < a.opening_month) continue;
      // stored signed, like every balance: a card's is minus what was owed
      const value = BigInt(a.opening) + balance;
      if (a.kind === "credit_card") owed -= value;
      else assets += value;
    }
    return { month, assets, owed };
  });
  return {
    from: months[0]!,
    to: months[months.length - 1]!,
    items: items.map((i) => ({
      month: i.month,
      assetsCentavos: s(i.assets),
      owedCentavos: s(i.owed),
      netWorthCentavos: s(i.assets - i.owed),
    })),
  };
}
