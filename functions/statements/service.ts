import { type Queryable, rows, schema } from "@fintrack/db";
import { asc, eq, sql } from "drizzle-orm";
import { todayInManila } from "../accounts/card-cycle";
import type { SignedInUser } from "../lib/auth";
import { cursorCodec } from "../lib/cursor";
import { HttpProblem } from "../lib/problem";
import { addDays, daysBetween } from "../reminders/dates";
import { visibleAccounts } from "../transactions/visibility";
import {
  closedCycles,
  cycleStatus,
  estimatedMinimumDue,
  nextStatement,
  type RecordedStatement,
} from "./cycles";
import type { InstallmentLine, InstallmentSource } from "./installment-source";
import { type CycleDto, HistoryCursor } from "./schemas";

const { accounts, statementCycles } = schema;
const cursor = cursorCodec(HistoryCursor);

/**
 * Category names whose card expenses count as interest and fees charged (any case). Smart input
 * files statement fees and finance charges under Fees; a household may keep its own Interest or
 * Finance charges expense category.
 */
export const FEE_CATEGORY_NAMES = [
  "fees",
  "interest",
  "finance charge",
  "finance charges",
  "late fees",
  "bank fees",
];

interface Card {
  id: string;
  name: string;
  statementDay: number | null;
  dueDay: number | null;
  openingDate: string;
  openingBalance: bigint;
}

/** The card if this member may see it: a partner's view of the owner's private card is a 404, as in the ledger. */
async function visibleCard(db: Queryable, user: SignedInUser, cardId: string): Promise<Card> {
  const seen = (await visibleAccounts(db, user)).get(cardId);
  if (seen?.kind !== "credit_card")
    throw new HttpProblem(404, "Card not found", "There is no such credit card.");
  const [row] = await db
    .select({
      id: accounts.id,
      name: accounts.name,
      statementDay: accounts.statementDay,
      dueDay: accounts.dueDay,
      openingDate: accounts.openingDate,
      openingBalance: accounts.openingBalanceCentavos,
    })
    .from(accounts)
    .where(eq(accounts.id, cardId));
  return row!;
}

/** Where the card's history starts: its opening date, or its first entry if that is earlier. */
async function historyStart(db: Queryable, card: Card): Promise<string> {
  const [first] = await rows<{ first: string | null }>(
    db,
    sql`SELECT min(date)::text AS first FROM transactions
        WHERE (account_id = ${card.id} OR to_account_id = ${card.id}) AND deleted_at IS NULL`,
  );
  return first?.first && first.first < card.openingDate ? first.first : card.openingDate;
}

async function recordedStatements(db: Queryable, cardId: string) {
  return db
    .select({
      id: statementCycles.id,
      documentId: statementCycles.documentId,
      statementDate: statementCycles.statementDate,
      dueDate: statementCycles.dueDate,
      periodStart: statementCycles.periodStart,
      periodEnd: statementCycles.periodEnd,
      totalDue: statementCycles.totalDueCentavos,
      minimumDue: statementCycles.minimumDueCentavos,
    })
    .from(statementCycles)
    .where(eq(statementCycles.accountId, cardId))
    .orderBy(asc(statementCycles.statementDate));
}

interface Day {
  /** Signed asset change of the card that day (owing more is negative). */
  net: bigint;
  payments: bigint;
  charges: bigint;
  credits: bigint;
  fees: bigint;
}

/**
 * The card's ledger from `from` to `to`, day by day, and its balance before `from`. Payments are
 * transfers into the card; charges are expenses on it and transfers out of it (cash advances);
 * credits are income into it (refunds, reversals). Reconciliation adjustments move the balance
 * only.
 */
async function ledgerDays(db: Queryable, card: Card, from: string, to: string) {
  const fees = sql.raw(FEE_CATEGORY_NAMES.map((n) => `'${n}'`).join(", "));
  const found = await rows<{
    date: string;
    net: string;
    payments: string;
    charges: string;
    credits: string;
    fees: string;
  }>(
    db,
    sql`
      SELECT d.date::text AS date, sum(d.net)::text AS net, sum(d.payments)::text AS payments,
        sum(d.charges)::text AS charges, sum(d.credits)::text AS credits, sum(d.fees)::text AS fees
      FROM (
        SELECT t.date,
          CASE WHEN t.to_account_id = ${card.id} OR t.type = 'income' THEN t.amount_centavos
               ELSE -t.amount_centavos END AS net,
          CASE WHEN t.to_account_id = ${card.id} THEN t.amount_centavos ELSE 0 END AS payments,
          CASE WHEN t.account_id = ${card.id} AND t.type <> 'income' THEN t.amount_centavos ELSE 0 END AS charges,
          CASE WHEN t.type = 'income' THEN t.amount_centavos ELSE 0 END AS credits,
          CASE WHEN t.account_id = ${card.id} AND t.type = 'expense' THEN
            CASE WHEN t.category_id IS NOT NULL THEN
              CASE WHEN EXISTS (SELECT 1 FROM categories c WHERE c.id = t.category_id AND lower(c.name) IN (${fees}))
                   THEN t.amount_centavos ELSE 0 END
            ELSE coalesce((SELECT sum(s.amount_centavos) FROM transaction_splits s
                           JOIN categories c ON c.id = s.category_id
                           WHERE s.transaction_id = t.id AND lower(c.name) IN (${fees})), 0)
            END
          ELSE 0 END AS fees
        FROM transactions t
        WHERE (t.account_id = ${card.id} OR t.to_account_id = ${card.id}) AND t.deleted_at IS NULL
          AND t.date >= ${from}::date AND t.date <= ${to}::date
        UNION ALL
        SELECT r.as_of, r.adjustment_centavos, 0, 0, 0, 0 FROM reconciliations r
        WHERE r.account_id = ${card.id} AND r.as_of >= ${from}::date AND r.as_of <= ${to}::date
      ) d
      GROUP BY d.date ORDER BY d.date`,
  );
  const [before] = await rows<{ balance: string }>(
    db,
    sql`SELECT (
          coalesce((SELECT sum(CASE WHEN t.to_account_id = ${card.id} OR t.type = 'income' THEN t.amount_centavos
                                    ELSE -t.amount_centavos END)
                    FROM transactions t
                    WHERE (t.account_id = ${card.id} OR t.to_account_id = ${card.id}) AND t.deleted_at IS NULL
                      AND t.date < ${from}::date), 0)
          + coalesce((SELECT sum(r.adjustment_centavos) FROM reconciliations r
                      WHERE r.account_id = ${card.id} AND r.as_of < ${from}::date), 0))::text AS balance`,
  );
  const days = found.map((r) => ({
    date: r.date,
    net: BigInt(r.net),
    payments: BigInt(r.payments),
    charges: BigInt(r.charges),
    credits: BigInt(r.credits),
    fees: BigInt(r.fees),
  }));
  return { days, balanceBefore: card.openingBalance + BigInt(before!.balance) };
}

/** The earlier of two calendar dates. */
const earlier = (a: string, b: string) => (a < b ? a : b);

type Days = Awaited<ReturnType<typeof ledgerDays>>;

const sumOver = (l: Days, from: string, to: string, pick: (d: Day) => bigint) =>
  l.days.filter((d) => d.date >= from && d.date <= to).reduce((s, d) => s + pick(d), 0n);
/** What the card owes at the end of `date` (positive while it owes). */
const owedAt = (l: Days, date: string) => -(l.balanceBefore + sumOver(l, "0000-01-01", date, (d) => d.net));

export interface StatementsOptions {
  /** The household's installment plans, read once per request (a page asks about every cycle). */
  installments: (householdId: string) => InstallmentSource;
  /** Today's Manila date; tests pin it. */
  today?: () => string;
}

async function buildCycles(
  db: Queryable,
  card: Card,
  plans: InstallmentSource,
  today: string,
  before: string | null,
  limit: number,
) {
  const start = await historyStart(db, card);
  const recorded = await recordedStatements(db, card.id);
  const all = closedCycles(card, start, today, recorded as RecordedStatement[]);
  const older = before ? all.filter((c) => c.statementDate < before) : all;
  const page = older.slice(-limit).reverse();
  const hasMore = older.length > page.length;
  if (page.length === 0) return { items: [] as CycleDto[], nextCursor: null, all, start };
  // a cycle's own payments: from the day after its statement until the next statement closes
  const windowEnd = (statementDate: string) =>
    all.find((c) => c.statementDate > statementDate)?.statementDate ?? today;
  const from = earlier(page.at(-1)!.periodStart, page.at(-1)!.statementDate);
  // to today: a late payment made after later statements still settles an older cycle
  const ledger = await ledgerDays(db, card, from, today);
  const items: CycleDto[] = [];
  for (const c of page) {
    const rec = c.recordedIndex === null ? null : recorded[c.recordedIndex]!;
    const installments = await plans.billedIn(card.id, c.periodStart, c.periodEnd);
    const owed = owedAt(ledger, c.statementDate);
    const computedTotal = owed - (await plans.unbilledPrincipal(card.id, c.statementDate));
    const totalDue = rec?.totalDue ?? (computedTotal > 0n ? computedTotal : 0n);
    const minimumDue = rec?.minimumDue ?? estimatedMinimumDue(totalDue);
    const end = windowEnd(c.statementDate);
    // every payment since the statement, oldest debt first: the balance is cumulative, so money
    // paid in goes to this cycle's total before any later one (as issuers apply payments)
    const payments = ledger.days
      .filter((d) => d.date > c.statementDate && d.payments > 0n)
      .map((d) => ({ date: d.date, amount: d.payments }));
    const byDue = payments
      .filter((p) => p.date <= end && (!c.dueDate || p.date <= c.dueDate))
      .reduce((s, p) => s + p.amount, 0n);
    // what was still owed at the due date and paid later, and no more: later payments beyond it
    // are the next cycles' money
    const paidLater = c.dueDate
      ? payments.filter((p) => p.date > c.dueDate!).reduce((s, p) => s + p.amount, 0n)
      : 0n;
    const stillOwed = totalDue > byDue ? totalDue - byDue : 0n;
    const after = paidLater < stillOwed ? paidLater : stillOwed;
    const { status, paidOn } = cycleStatus(totalDue, c.dueDate, payments, today);
    items.push({
      statementDate: c.statementDate,
      periodStart: c.periodStart,
      periodEnd: c.periodEnd,
      dueDate: c.dueDate,
      source: rec ? "statement" : "computed",
      statementCycleId: rec?.id ?? null,
      documentId: rec?.documentId ?? null,
      totalDueCentavos: totalDue.toString(),
      minimumDueCentavos: minimumDue.toString(),
      minimumEstimated: rec?.minimumDue == null,
      chargesCentavos: sumOver(ledger, c.periodStart, c.periodEnd, (d) => d.charges).toString(),
      creditsCentavos: sumOver(ledger, c.periodStart, c.periodEnd, (d) => d.credits).toString(),
      interestFeesCentavos: sumOver(ledger, c.periodStart, c.periodEnd, (d) => d.fees).toString(),
      paidByDueDateCentavos: byDue.toString(),
      paidAfterDueDateCentavos: after.toString(),
      minimumMet: byDue >= minimumDue,
      status,
      paidOn,
      installments: installments.map(lineDto),
    });
  }
  const last = page.at(-1)!.statementDate;
  return { items, nextCursor: hasMore ? cursor.encode({ before: last }) : null, all, start };
}

const lineDto = (l: InstallmentLine) => ({ ...l, amountCentavos: l.amountCentavos.toString() });

/** The card's closed cycles, newest first, a page at a time. */
export async function history(
  db: Queryable,
  user: SignedInUser,
  cardId: string,
  query: { limit: number; cursor?: string },
  opts: StatementsOptions,
) {
  const before = query.cursor ? cursor.decode(query.cursor).before : null;
  const card = await visibleCard(db, user, cardId);
  const today = (opts.today ?? todayInManila)();
  const plans = opts.installments(user.householdId);
  const { items, nextCursor } = await buildCycles(db, card, plans, today, before, query.limit);
  return { items, nextCursor };
}

/** The cycle building up since the last statement, with that statement. */
export async function current(db: Queryable, user: SignedInUser, cardId: string, opts: StatementsOptions) {
  const card = await visibleCard(db, user, cardId);
  const today = (opts.today ?? todayInManila)();
  const plans = opts.installments(user.householdId);
  const { items, all, start } = await buildCycles(db, card, plans, today, null, 1);
  const lastStatement = items[0] ?? null;
  const lastDate = all.at(-1)?.statementDate ?? null;
  const periodStart = lastDate ? addDays(lastDate, 1) : start;
  const next = nextStatement(card, lastDate, start);
  const ledger = await ledgerDays(db, card, earlier(periodStart, today), today);
  const owed = owedAt(ledger, today);
  const running = owed - (await plans.unbilledPrincipal(card.id, today));
  const installments = await plans.billedIn(card.id, periodStart, next?.statementDate ?? today);
  return {
    cardId: card.id,
    cardName: card.name,
    today,
    periodStart,
    projectedStatementDate: next?.statementDate ?? null,
    projectedDueDate: next?.dueDate ?? null,
    daysToStatement: next ? daysBetween(today, next.statementDate) : null,
    chargesCentavos: sumOver(ledger, periodStart, today, (d) => d.charges).toString(),
    creditsCentavos: sumOver(ledger, periodStart, today, (d) => d.credits).toString(),
    paymentsCentavos: sumOver(ledger, periodStart, today, (d) => d.payments).toString(),
    interestFeesCentavos: sumOver(ledger, periodStart, today, (d) => d.fees).toString(),
    balanceOwedCentavos: owed.toString(),
    runningTotalCentavos: (running > 0n ? running : 0n).toString(),
    installments: installments.map(lineDto),
    lastStatement,
  };
}
