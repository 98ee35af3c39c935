import { type Queryable, rows } from "@fintrack/db";
import { sql } from "drizzle-orm";

/** Stands for "no category" in the rollups' primary key (transfers, uncategorised rows). */
export const NO_CATEGORY = "00000000-0000-0000-0000-000000000000";

export type Flow = "income" | "expense" | "transfer_in" | "transfer_out";

export interface LedgerEntry {
  type: "income" | "expense" | "transfer";
  date: string; // YYYY-MM-DD
  amountCentavos: bigint;
  accountId: string;
  toAccountId: string | null;
  categoryId: string | null;
  /** Kept per merchant too (`merchant_rollups`, top merchants); optional for callers that never set one. */
  merchant?: string | null;
}

export interface SplitEntry {
  categoryId: string;
  amountCentavos: bigint;
}

export interface FlowRow {
  accountId: string;
  month: string; // YYYY-MM-01
  categoryId: string;
  flow: Flow;
  amountCentavos: bigint;
  count: number;
  /** The entry's merchant (trimmed) on income and expense flows that have one. */
  merchant?: string;
  /** The first flow of its entry: the one that counts the entry once in `merchant_rollups`. */
  merchantFirst?: boolean;
}

const monthOf = (date: string) => `${date.slice(0, 7)}-01`;

/**
 * How one transaction moves money, per account, month, category and flow. A split expense
 * counts under each of its categories; a transfer leaves one account and enters the other and
 * is never income or spending.
 */
export function flowsOf(t: LedgerEntry, splits: SplitEntry[] = []): FlowRow[] {
  const month = monthOf(t.date);
  if (t.type === "transfer") {
    if (!t.toAccountId) throw new Error("a transfer needs a destination account");
    return [
      {
        accountId: t.accountId,
        month,
        categoryId: NO_CATEGORY,
        flow: "transfer_out",
        amountCentavos: t.amountCentavos,
        count: 1,
      },
      {
        accountId: t.toAccountId,
        month,
        categoryId: NO_CATEGORY,
        flow: "transfer_in",
        amountCentavos: t.amountCentavos,
        count: 1,
      },
    ];
  }
  const flow: Flow = t.type;
  const parts =
    splits.length > 0
      ? splits
      : [{ categoryId: t.categoryId ?? NO_CATEGORY, amountCentavos: t.amountCentavos }];
  const merchant = t.merchant?.trim() || undefined;
  return parts.map((s, i) => ({
    accountId: t.accountId,
    month,
    categoryId: s.categoryId,
    flow,
    amountCentavos: s.amountCentavos,
    count: 1,
    ...(merchant ? { merchant, merchantFirst: i === 0 } : {}),
  }));
}

/** How merchants compare: ignoring case and surrounding spaces (`Jollibee` = ` jollibee`). */
export const merchantKey = (merchant: string) => merchant.trim().toLowerCase();

/**
 * Adds (sign 1) or removes (sign -1) flows from the rollups inside the caller's transaction.
 * Every ledger write calls this with what it changed, so balances and month summaries read a
 * few hundred rollup rows instead of every transaction. Keys are sorted so two concurrent
 * writers lock rollup rows in the same order and cannot deadlock.
 */
export async function applyFlows(tx: Queryable, flows: FlowRow[], sign: 1 | -1): Promise<void> {
  await applyMerchantFlows(tx, flows, BigInt(sign));
  const merged = new Map<string, FlowRow>();
  for (const f of flows) {
    const key = `${f.accountId}|${f.month}|${f.categoryId}|${f.flow}`;
    const prev = merged.get(key);
    if (prev) {
      prev.amountCentavos += f.amountCentavos;
      prev.count += f.count;
    } else merged.set(key, { ...f });
  }
  if (merged.size === 0) return;
  const sorted = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, f]) => f);
  const s = BigInt(sign);
  for (let i = 0; i < sorted.length; i += 1000) {
    const chunk = sorted.slice(i, i + 1000);
    const values = sql.join(
      chunk.map(
        (f) =>
          sql`(${f.accountId}::uuid, ${f.month}::date, ${f.categoryId}::uuid, ${f.flow}::flow_kind, ${(f.amountCentavos * s).toString()}::bigint, ${f.count * sign}::int)`,
      ),
      sql`, `,
    );
    await tx.execute(sql`
      INSERT INTO ledger_rollups (account_id, month, category_id, flow, total_centavos, count)
      VALUES ${values}
      ON CONFLICT (account_id, month, category_id, flow) DO UPDATE
      SET total_centavos = ledger_rollups.total_centavos + excluded.total_centavos,
          count = ledger_rollups.count + excluded.count`);
  }
  await applyMonthTotals(tx, sorted, s);
}

/**
 * Spending and income per account, month and merchant (`merchant_rollups`), for top merchants.
 * A split entry counts its whole amount (its parts add up to it) and once (its first part).
 * Income keeps its category so refunds can be told apart; expenses are kept under NO_CATEGORY.
 */
async function applyMerchantFlows(tx: Queryable, flows: FlowRow[], sign: bigint) {
  const merged = new Map<
    string,
    { f: FlowRow; key: string; category: string; total: bigint; count: number }
  >();
  for (const f of flows) {
    if (!f.merchant || (f.flow !== "income" && f.flow !== "expense")) continue;
    const key = merchantKey(f.merchant);
    const category = f.flow === "income" ? f.categoryId : NO_CATEGORY;
    const id = `${f.accountId}|${f.month}|${key}|${f.flow}|${category}`;
    const row = merged.get(id) ?? { f, key, category, total: 0n, count: 0 };
    row.total += f.amountCentavos;
    if (f.merchantFirst) row.count += f.count;
    merged.set(id, row);
  }
  if (merged.size === 0) return;
  const sorted = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  for (let i = 0; i < sorted.length; i += 1000) {
    const values = sql.join(
      sorted
        .slice(i, i + 1000)
        .map(
          (r) =>
            sql`(${r.f.accountId}::uuid, ${r.f.month}::date, ${r.key}, ${r.f.flow}::flow_kind, ${r.category}::uuid, ${r.f.merchant}, ${(r.total * sign).toString()}::bigint, ${r.count * Number(sign)}::int)`,
        ),
      sql`, `,
    );
    await tx.execute(sql`
      INSERT INTO merchant_rollups (account_id, month, merchant_key, flow, category_id, merchant, total_centavos, count)
      VALUES ${values}
      ON CONFLICT (account_id, month, merchant_key, flow, category_id) DO UPDATE
      SET total_centavos = merchant_rollups.total_centavos + excluded.total_centavos,
          count = merchant_rollups.count + excluded.count`);
  }
}

/** The per-account monthly net that balances read (see `account_month_totals`). */
async function applyMonthTotals(tx: Queryable, flows: FlowRow[], sign: bigint) {
  const net = new Map<string, bigint>();
  for (const f of flows) {
    const key = `${f.accountId}|${f.month}`;
    const delta = f.flow === "income" || f.flow === "transfer_in" ? f.amountCentavos : -f.amountCentavos;
    net.set(key, (net.get(key) ?? 0n) + delta * sign);
  }
  const entries = [...net.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < entries.length; i += 1000) {
    const values = sql.join(
      entries.slice(i, i + 1000).map(([key, delta]) => {
        const [accountId, month] = key.split("|");
        return sql`(${accountId}::uuid, ${month}::date, ${delta.toString()}::bigint)`;
      }),
      sql`, `,
    );
    await tx.execute(sql`
      INSERT INTO account_month_totals (account_id, month, net_centavos) VALUES ${values}
      ON CONFLICT (account_id, month) DO UPDATE
      SET net_centavos = account_month_totals.net_centavos + excluded.net_centavos`);
  }
}

export interface Balance {
  accountId: string;
  balanceCentavos: bigint;
}

/**
 * Signed balances of the given accounts at the end of `asOf` (YYYY-MM-DD): opening balance,
 * plus each earlier month's net change, plus the days of asOf's own month from transactions and
 * reconciliation adjustments (which `account_month_totals` holds for the earlier months).
 */
export async function balancesAsOf(db: Queryable, accountIds: string[], asOf: string): Promise<Balance[]> {
  if (accountIds.length === 0) return [];
  const ids = sql`ARRAY[${sql.join(
    accountIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
  const monthStart = monthOf(asOf);
  const result = await rows<{ id: string; balance: string }>(
    db,
    sql`SELECT a.id,
      (a.opening_balance_centavos
        + coalesce((SELECT sum(m.net_centavos)
                    FROM account_month_totals m WHERE m.account_id = a.id AND m.month < ${monthStart}::date), 0)
        + coalesce((SELECT sum(CASE WHEN t.type = 'income' THEN t.amount_centavos ELSE -t.amount_centavos END)
                    FROM transactions t WHERE t.account_id = a.id AND t.deleted_at IS NULL
                      AND t.date >= ${monthStart}::date AND t.date <= ${asOf}::date), 0)
        + coalesce((SELECT sum(t.amount_centavos)
                    FROM transactions t WHERE t.to_account_id = a.id AND t.deleted_at IS NULL
                      AND t.date >= ${monthStart}::date AND t.date <= ${asOf}::date), 0)
        + coalesce((SELECT sum(r.adjustment_centavos)
                    FROM reconciliations r WHERE r.account_id = a.id
                      AND r.as_of >= ${monthStart}::date AND r.as_of <= ${asOf}::date), 0)
      )::text AS balance
    FROM accounts a WHERE a.id = ANY(${ids})`,
  );
  return result.map((r) => ({ accountId: r.id, balanceCentavos: BigInt(r.balance) }));
}

/**
 * Moves an account's balance by a reconciliation adjustment: into its month's net only, never
 * into `ledger_rollups`, so no summary or budget ever counts it as income or spending.
 */
export async function applyAdjustment(tx: Queryable, accountId: string, date: string, delta: bigint) {
  if (delta === 0n) return;
  await tx.execute(sql`
    INSERT INTO account_month_totals (account_id, month, net_centavos)
    VALUES (${accountId}::uuid, ${monthOf(date)}::date, ${delta.toString()}::bigint)
    ON CONFLICT (account_id, month) DO UPDATE
    SET net_centavos = account_month_totals.net_centavos + excluded.net_centavos`);
}
