import { type Database, type Queryable, schema } from "@fintrack/db";
import { enqueue, sourceOf } from "@fintrack/events";
import { and, desc, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { SignedInUser } from "../lib/auth";
import { applyAdjustment, balancesAsOf } from "../lib/ledger-rollups";
import { HttpProblem } from "../lib/problem";
import { statementCycle, todayInManila } from "./card-cycle";
import { visibleTo } from "./service";

const { accounts, reconciliations, transactions } = schema;
type AccountRow = typeof accounts.$inferSelect;

const notFound = () => new HttpProblem(404, "Account not found", "There is no such account.");

/**
 * A card's statement shows what is owed, positive; balances are signed asset values, so the
 * balance the statement stands for is its negation. Every other account shows its balance as is.
 */
const assetValueOf = (a: AccountRow, entered: bigint) => (a.kind === "credit_card" ? -entered : entered);
const enteredValueOf = (a: AccountRow, asset: bigint) => (a.kind === "credit_card" ? -asset : asset);

/** A card defaults to its last statement date (today before its first statement); others to today. */
function defaultAsOf(a: AccountRow) {
  const today = todayInManila();
  if (a.kind !== "credit_card" || a.statementDay === null || a.dueDay === null) return today;
  return statementCycle(a.statementDay, a.dueDay, today, a.openingDate).lastStatementDate ?? today;
}

async function loadVisible(db: Queryable, user: SignedInUser, id: string, lock = false) {
  const q = db
    .select()
    .from(accounts)
    .where(and(visibleTo(user), eq(accounts.id, id)));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound();
  return row;
}

/** Live, uncleared entries that move this account (either side of a transfer), dated up to asOf. */
const unclearedOf = (accountId: string, asOf: string) =>
  and(
    or(eq(transactions.accountId, accountId), eq(transactions.toAccountId, accountId)),
    isNull(transactions.clearedAt),
    isNull(transactions.deletedAt),
    lte(transactions.date, asOf),
  );

async function unclearedTransactions(db: Queryable, a: AccountRow, asOf: string) {
  const list = await db
    .select({
      id: transactions.id,
      type: transactions.type,
      date: transactions.date,
      amountCentavos: transactions.amountCentavos,
      accountId: transactions.accountId,
      merchant: transactions.merchant,
      notes: transactions.notes,
    })
    .from(transactions)
    .where(unclearedOf(a.id, asOf))
    .orderBy(desc(transactions.date), desc(transactions.id));
  return list.map((t) => {
    const leaves = t.type === "expense" || (t.type === "transfer" && t.accountId === a.id);
    return {
      id: t.id,
      type: t.type,
      date: t.date,
      merchant: t.merchant,
      notes: t.notes,
      // how it moved this account, signed as an asset value
      amountCentavos: (leaves ? -t.amountCentavos : t.amountCentavos).toString(),
    };
  });
}

type Reconciliation = typeof reconciliations.$inferSelect;

const toDto = (a: AccountRow, r: Reconciliation) => ({
  id: r.id,
  accountId: r.accountId,
  asOf: r.asOf,
  statementBalanceCentavos: r.statementBalanceCentavos.toString(),
  balanceBeforeCentavos: enteredValueOf(a, r.balanceBeforeCentavos).toString(),
  adjustmentCentavos: r.adjustmentCentavos.toString(),
  clearedCount: r.clearedCount,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
});

async function lastReconciliation(db: Queryable, accountId: string) {
  const [r] = await db
    .select()
    .from(reconciliations)
    .where(eq(reconciliations.accountId, accountId))
    .orderBy(desc(reconciliations.createdAt), desc(reconciliations.id))
    .limit(1);
  return r ?? null;
}

async function assetBalance(db: Queryable, accountId: string, asOf: string) {
  const [b] = await balancesAsOf(db, [accountId], asOf);
  return b?.balanceCentavos ?? 0n;
}

/**
 * What confirming would do: FinTrack's balance as of the date, the difference from what the
 * bank shows and the uncleared entries. Amounts are shown the way the member enters them (a
 * card: owed, positive); the difference is what the statement says minus what FinTrack says.
 */
export async function preview(
  db: Queryable,
  user: SignedInUser,
  id: string,
  q: { asOf?: string; statementBalance?: bigint },
) {
  const a = await loadVisible(db, user, id);
  const asOf = q.asOf ?? defaultAsOf(a);
  const before = await assetBalance(db, a.id, asOf);
  const last = await lastReconciliation(db, a.id);
  const difference = q.statementBalance === undefined ? null : q.statementBalance - enteredValueOf(a, before);
  return {
    accountId: a.id,
    kind: a.kind,
    asOf,
    balanceCentavos: enteredValueOf(a, before).toString(),
    statementBalanceCentavos: q.statementBalance?.toString() ?? null,
    differenceCentavos: difference?.toString() ?? null,
    uncleared: await unclearedTransactions(db, a, asOf),
    lastReconciliation: last ? toDto(a, last) : null,
  };
}

/**
 * Records the reconciliation: the adjustment that brings FinTrack's balance as of the date to
 * the bank's (none when they agree) and marks every uncleared entry up to the date cleared.
 * The account row is locked so two confirmations cannot both adjust from the same balance.
 */
export async function confirm(
  db: Database,
  user: SignedInUser,
  id: string,
  input: { asOf?: string; statementBalance: bigint },
) {
  return db.transaction(async (tx) => {
    const a = await loadVisible(tx, user, id, true);
    const asOf = input.asOf ?? defaultAsOf(a);
    if (asOf < a.openingDate) {
      throw new HttpProblem(
        400,
        "Invalid request",
        "Reconcile as of a date on or after the account was opened.",
        {
          errors: [{ path: "asOf", message: `The account opened on ${a.openingDate}` }],
        },
      );
    }
    const before = await assetBalance(tx, a.id, asOf);
    const adjustment = assetValueOf(a, input.statementBalance) - before;
    const cleared = await tx
      .update(transactions)
      .set({ clearedAt: sql`now()` })
      .where(and(eq(transactions.householdId, user.householdId), unclearedOf(a.id, asOf)))
      .returning({ id: transactions.id });
    await applyAdjustment(tx, a.id, asOf, adjustment);
    const [row] = await tx
      .insert(reconciliations)
      .values({
        householdId: user.householdId,
        accountId: a.id,
        asOf,
        statementBalanceCentavos: input.statementBalance,
        balanceBeforeCentavos: before,
        adjustmentCentavos: adjustment,
        clearedCount: cleared.length,
        createdBy: user.userId,
      })
      .returning();
    await enqueue(tx, {
      type: "ph.fintrack.account.reconciled.v1",
      source: sourceOf("accounts"),
      subject: a.id,
      data: {
        householdId: a.householdId,
        accountId: a.id,
        reconciliationId: row!.id,
        asOf,
        adjustmentCentavos: adjustment.toString(),
        clearedCount: cleared.length,
        createdBy: user.userId,
      },
    });
    return toDto(a, row!);
  });
}

export async function history(db: Queryable, user: SignedInUser, id: string) {
  const a = await loadVisible(db, user, id);
  const list = await db
    .select()
    .from(reconciliations)
    .where(eq(reconciliations.accountId, a.id))
    .orderBy(desc(reconciliations.createdAt), desc(reconciliations.id))
    .limit(200);
  return { items: list.map((r) => toDto(a, r)) };
}
