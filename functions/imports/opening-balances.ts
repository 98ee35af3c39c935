import { type Queryable, rows, schema } from "@fintrack/db";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DraftTransaction } from "./rows";

/**
 * An account's opening balance is its balance on its opening date, and every transaction is
 * added on top of it, whatever its date. History from before that date is already inside the
 * opening balance: added on top it would count twice. So, per account, the import either moves
 * the start back to its earliest row and derives the opening balance (today's balance stays
 * what the member entered), or keeps it (today's balance changes by the rows' net, shown first).
 */
export interface OpeningBalanceChange {
  accountId: string;
  name: string;
  rowsBefore: number;
  mode: "move" | "keep";
  previousOpeningDate: string;
  openingDate: string;
  previousOpeningCentavos: string;
  openingCentavos: string;
  /** How much today's balance changed because of the rows before the start date. */
  todayChangeCentavos: string;
}

const netOf = (
  d: Pick<DraftTransaction, "type" | "amountCentavos" | "accountId" | "toAccountId">,
  id: string,
) =>
  d.type === "income"
    ? d.amountCentavos
    : d.type === "expense"
      ? -d.amountCentavos
      : (d.toAccountId === id ? d.amountCentavos : 0n) - (d.accountId === id ? d.amountCentavos : 0n);

/** What the preview says: per account, the rows dated before its start date and their net. */
export function historyBeforeStart(
  drafts: DraftTransaction[],
  accounts: { id: string; name: string; openingDate: string }[],
) {
  return accounts
    .map((a) => {
      const before = drafts.filter(
        (d) => (d.accountId === a.id || d.toAccountId === a.id) && d.date < a.openingDate,
      );
      const net = before.reduce((s, d) => s + netOf(d, a.id), 0n);
      return {
        accountId: a.id,
        name: a.name,
        openingDate: a.openingDate,
        rowsBefore: before.length,
        earliestDate: before.reduce<string | null>((m, d) => (m === null || d.date < m ? d.date : m), null),
        /** With "keep", today's balance changes by this much; with "move" the opening balance does, the other way. */
        netCentavos: net.toString(),
      };
    })
    .filter((a) => a.rowsBefore > 0);
}

/**
 * Settles the start dates once the batch's rows are in (only the rows that went in count: a
 * duplicate skipped is not history added). Runs in the import's last transaction.
 */
export async function settleOpeningBalances(
  tx: Queryable,
  householdId: string,
  batchId: string,
  mode: "move" | "keep",
): Promise<OpeningBalanceChange[]> {
  const found = await rows<{
    id: string;
    name: string;
    opening_date: string;
    opening: string;
    n: number;
    earliest: string;
    net: string;
  }>(
    tx,
    sql`WITH sides AS (
          SELECT account_id AS account, date,
                 CASE WHEN type = 'income' THEN amount_centavos ELSE -amount_centavos END AS amount
          FROM transactions WHERE import_batch_id = ${batchId}::uuid AND deleted_at IS NULL
          UNION ALL
          SELECT to_account_id, date, amount_centavos
          FROM transactions WHERE import_batch_id = ${batchId}::uuid AND deleted_at IS NULL AND type = 'transfer')
        SELECT a.id, a.name, a.opening_date::text AS opening_date, a.opening_balance_centavos::text AS opening,
               count(*)::int AS n, min(s.date)::text AS earliest, sum(s.amount)::text AS net
        FROM sides s JOIN accounts a ON a.id = s.account
        WHERE a.household_id = ${householdId}::uuid AND s.date < a.opening_date
        GROUP BY a.id ORDER BY a.name`,
  );
  const changes: OpeningBalanceChange[] = [];
  for (const a of found) {
    const net = BigInt(a.net);
    const opening = BigInt(a.opening);
    const moved = mode === "move";
    const change: OpeningBalanceChange = {
      accountId: a.id,
      name: a.name,
      rowsBefore: a.n,
      mode,
      previousOpeningDate: a.opening_date,
      openingDate: moved ? a.earliest : a.opening_date,
      previousOpeningCentavos: a.opening,
      openingCentavos: (moved ? opening - net : opening).toString(),
      todayChangeCentavos: (moved ? 0n : net).toString(),
    };
    if (moved) {
      await tx
        .update(schema.accounts)
        .set({
          openingDate: change.openingDate,
          openingBalanceCentavos: sql`${schema.accounts.openingBalanceCentavos} - ${net}`,
          updatedAt: sql`now()`,
        })
        .where(eq(schema.accounts.id, a.id));
    }
    changes.push(change);
  }
  return changes;
}

/**
 * Undo: the start dates go back and the opening balances move back by what the import moved
 * them (a member's later edit of the opening balance is kept on top); the accounts the import
 * created are archived (their undone transactions still point at them).
 */
export async function restoreOpeningBalances(
  tx: Queryable,
  householdId: string,
  report: { openingBalances?: OpeningBalanceChange[]; createdAccounts?: { id: string }[] } | null,
) {
  for (const c of report?.openingBalances ?? []) {
    if (c.mode !== "move") continue;
    const delta = BigInt(c.previousOpeningCentavos) - BigInt(c.openingCentavos);
    await tx
      .update(schema.accounts)
      .set({
        openingDate: sql`CASE WHEN ${schema.accounts.openingDate} = ${c.openingDate}::date THEN ${c.previousOpeningDate}::date ELSE ${schema.accounts.openingDate} END`,
        openingBalanceCentavos: sql`${schema.accounts.openingBalanceCentavos} + ${delta}`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(schema.accounts.id, c.accountId), eq(schema.accounts.householdId, householdId)));
  }
  const created = (report?.createdAccounts ?? []).map((a) => a.id);
  if (created.length > 0) {
    await tx
      .update(schema.accounts)
      .set({ archivedAt: sql`now()`, updatedAt: sql`now()` })
      .where(
        and(
          eq(schema.accounts.householdId, householdId),
          inArray(schema.accounts.id, created),
          isNull(schema.accounts.archivedAt),
        ),
      );
  }
}
