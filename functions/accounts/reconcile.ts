import { type Database, type Queryable, schema } from "@fintrack/db";
import { enqueue, sourceOf } from "@fintrack/events";
import { and, desc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
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

/**
 * Live entries dated up to asOf that are uncleared on this account's side: a transfer is cleared
 * per side, so one cleared by reconciling its other account still counts as open here. Each
 * branch walks its own partial index.
 */
const unclearedOf = (accountId: string, asOf: string) =>
  and(
    isNull(transactions.deletedAt),
    lte(transactions.date, asOf),
    or(
      and(eq(transactions.accountId, accountId), isNull(transactions.clearedAt)),
      and(eq(transactions.toAccountId, accountId), isNull(transactions.toClearedAt)),
    ),
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
      effect: leaves ? -t.amountCentavos : t.amountCentavos,
    };
  });
}

type Uncleared = Awaited<ReturnType<typeof unclearedTransactions>>;

/**
 * The ids the member ticked among the uncleared entries and what the unticked ones add up to.
 * Anything else given is refused, naming it: the same answer for an id of another account, an
 * already cleared one or none at all, so it tells nothing of the others.
 */
function ticked(open: Uncleared, clear: string[], asOf: string) {
  const known = new Set(open.map((t) => t.id));
  const chosen = new Set<string>();
  const errors: { path: string; message: string }[] = [];
  clear.forEach((id, i) => {
    if (!known.has(id) && !chosen.has(id)) {
      errors.push({
        path: `clear.${i}`,
        message: `${id} is not an uncleared entry of this account up to ${asOf}`,
      });
    }
    chosen.add(id);
  });
  if (errors.length > 0) {
    throw new HttpProblem(
      400,
      "Invalid request",
      `Only entries of this account still uncleared up to ${asOf} can be cleared: ${errors.length === 1 ? "1 is not" : `${errors.length} are not`}.`,
      { errors },
    );
  }
  const left = open.filter((t) => !chosen.has(t.id));
  return {
    ids: [...chosen],
    leftEffect: left.reduce((sum, t) => sum + t.effect, 0n),
    leftCount: left.length,
  };
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
    uncleared: (await unclearedTransactions(db, a, asOf)).map(({ effect, ...t }) => ({
      ...t,
      amountCentavos: effect.toString(),
    })),
    lastReconciliation: last ? toDto(a, last) : null,
  };
}

/**
 * Records the reconciliation: clears this account's side of the entries the statement shows
 * (every uncleared one up to the date unless a list is given) and adjusts by the difference
 * between the statement and the cleared balance — FinTrack's balance less the entries left
 * uncleared, which the bank has not posted yet and so are not in its figure either. Those stay
 * uncleared for the next reconciliation. The account row is locked so two confirmations cannot
 * both adjust from the same balance.
 */
export async function confirm(
  db: Database,
  user: SignedInUser,
  id: string,
  input: { asOf?: string; statementBalance: bigint; clear?: string[] },
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
    // no list: every uncleared entry up to the date, as before clients could tick
    const chosen =
      input.clear === undefined
        ? undefined
        : ticked(await unclearedTransactions(tx, a, asOf), input.clear, asOf);
    const before = (await assetBalance(tx, a.id, asOf)) - (chosen?.leftEffect ?? 0n);
    const adjustment = assetValueOf(a, input.statementBalance) - before;
    await applyAdjustment(tx, a.id, asOf, adjustment);
    const [created] = await tx
      .insert(reconciliations)
      .values({
        householdId: user.householdId,
        accountId: a.id,
        asOf,
        statementBalanceCentavos: input.statementBalance,
        balanceBeforeCentavos: before,
        adjustmentCentavos: adjustment,
        createdBy: user.userId,
      })
      .returning();
    // each side is cleared on its own and remembers by which reconciliation, for undo
    const open = and(
      isNull(transactions.deletedAt),
      lte(transactions.date, asOf),
      chosen && inArray(transactions.id, chosen.ids),
    );
    const asSource = await tx
      .update(transactions)
      .set({ clearedAt: sql`now()`, clearedBy: created!.id })
      .where(and(open, eq(transactions.accountId, a.id), isNull(transactions.clearedAt)))
      .returning({ id: transactions.id });
    const asDestination = await tx
      .update(transactions)
      .set({ toClearedAt: sql`now()`, toClearedBy: created!.id })
      .where(and(open, eq(transactions.toAccountId, a.id), isNull(transactions.toClearedAt)))
      .returning({ id: transactions.id });
    const clearedCount = asSource.length + asDestination.length;
    const [row] = await tx
      .update(reconciliations)
      .set({ clearedCount })
      .where(eq(reconciliations.id, created!.id))
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
        clearedCount,
        leftUnclearedCount: chosen?.leftCount ?? 0,
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

/**
 * Takes back an account's latest reconciliation: its adjustment leaves the balance and exactly
 * the sides it cleared are uncleared (a side un-cleared by an edit since stays so). Only the
 * latest, so no later reconciliation ever rests on a balance that no longer holds.
 */
export async function undo(db: Database, user: SignedInUser, id: string, reconciliationId: string) {
  return db.transaction(async (tx) => {
    const a = await loadVisible(tx, user, id, true);
    const [r] = await tx
      .select()
      .from(reconciliations)
      .where(and(eq(reconciliations.accountId, a.id), eq(reconciliations.id, reconciliationId)));
    if (!r) {
      throw new HttpProblem(404, "Reconciliation not found", "This account has no such reconciliation.");
    }
    const last = await lastReconciliation(tx, a.id);
    if (last?.id !== r.id) {
      throw new HttpProblem(
        409,
        "Not the latest reconciliation",
        "Only an account's latest reconciliation can be undone: undo the later ones first.",
      );
    }
    const asSource = await tx
      .update(transactions)
      .set({ clearedAt: null, clearedBy: null })
      .where(and(eq(transactions.accountId, a.id), eq(transactions.clearedBy, r.id)))
      .returning({ id: transactions.id });
    const asDestination = await tx
      .update(transactions)
      .set({ toClearedAt: null, toClearedBy: null })
      .where(and(eq(transactions.toAccountId, a.id), eq(transactions.toClearedBy, r.id)))
      .returning({ id: transactions.id });
    await applyAdjustment(tx, a.id, r.asOf, -r.adjustmentCentavos);
    await tx.delete(reconciliations).where(eq(reconciliations.id, r.id));
    const unclearedCount = asSource.length + asDestination.length;
    await enqueue(tx, {
      type: "ph.fintrack.account.reconciliation_undone.v1",
      source: sourceOf("accounts"),
      subject: a.id,
      data: {
        householdId: a.householdId,
        accountId: a.id,
        reconciliationId: r.id,
        asOf: r.asOf,
        adjustmentCentavos: r.adjustmentCentavos.toString(),
        unclearedCount,
        undoneBy: user.userId,
      },
    });
    return { ...toDto(a, r), unclearedCount };
  });
}
