import { addDays, cardDueAfter, clampedDay, monthStart } from "../reminders/dates";

/**
 * A card's statement cycles as calendar dates (YYYY-MM-DD, Manila). Pure: the service passes
 * today's date, so month ends, short months and leap years are tested without a clock.
 */
export interface CycleDates {
  statementDate: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string | null;
}

/** A recorded statement replaces the computed one this close to it (weekends and holidays move a statement by a few days). */
export const SAME_STATEMENT_DAYS = 10;

const near = (a: string, b: string) =>
  Math.abs(Date.parse(a) - Date.parse(b)) <= SAME_STATEMENT_DAYS * 86_400_000;

/** No card keeps more history than this: 50 years of monthly statements. */
const MAX_CYCLES = 600;

/**
 * The statement dates of a card from `from` to `to` (both inclusive): day `statementDay` of each
 * month, clamped to the month's last day (31 → 30 Apr, 28 or 29 Feb).
 */
export function statementDates(statementDay: number, from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = 0; m < MAX_CYCLES; m++) {
    const date = clampedDay(monthStart(from, m), statementDay);
    if (date > to) break;
    if (date >= from) out.push(date);
  }
  return out;
}

export interface RecordedStatement {
  statementDate: string;
  dueDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
}

export interface CardSchedule {
  statementDay: number | null;
  dueDay: number | null;
}

/**
 * Every closed cycle of a card, oldest first: computed from its statement and due days from
 * `historyStart` (its opening or first entry) to `today`, with each statement smart input recorded
 * taking the place of the computed cycle within SAME_STATEMENT_DAYS of it. A cycle runs from the
 * day after the previous statement (the history's start for the first) to its statement date; a
 * recorded statement's own period wins. Due dates: the recorded one, else the due day after the
 * statement (the same month when it comes later, else the next month).
 */
export function closedCycles(
  card: CardSchedule,
  historyStart: string,
  today: string,
  recorded: RecordedStatement[],
): (CycleDates & { recordedIndex: number | null })[] {
  const closed = recorded.filter((r) => r.statementDate <= today);
  const computed =
    card.statementDay !== null
      ? statementDates(card.statementDay, historyStart, today).filter(
          (d) => !closed.some((r) => near(r.statementDate, d)),
        )
      : [];
  const merged = [
    ...computed.map((statementDate) => ({ statementDate, recordedIndex: null as number | null })),
    ...closed.map((r) => ({ statementDate: r.statementDate, recordedIndex: recorded.indexOf(r) })),
  ].sort((a, b) => (a.statementDate < b.statementDate ? -1 : a.statementDate > b.statementDate ? 1 : 0));
  return merged.map((c, i) => {
    const rec = c.recordedIndex === null ? null : recorded[c.recordedIndex]!;
    const previous = merged[i - 1]?.statementDate;
    const start = previous
      ? addDays(previous, 1)
      : historyStart < c.statementDate
        ? historyStart
        : c.statementDate;
    return {
      statementDate: c.statementDate,
      periodStart: rec?.periodStart ?? start,
      periodEnd: rec?.periodEnd ?? c.statementDate,
      dueDate: rec?.dueDate ?? (card.dueDay !== null ? cardDueAfter(c.statementDate, card.dueDay) : null),
      recordedIndex: c.recordedIndex,
    };
  });
}

/**
 * The statement after `lastStatementDate` (or the first on or after `historyStart`) and its due
 * date: the next statement day that is not the last statement itself moved by a few days.
 */
export function nextStatement(
  card: CardSchedule,
  lastStatementDate: string | null,
  historyStart: string,
): { statementDate: string; dueDate: string | null } | null {
  if (card.statementDay === null) return null;
  const from = lastStatementDate ? addDays(lastStatementDate, 1) : historyStart;
  const statementDate = statementDates(card.statementDay, from, addDays(from, 70)).find(
    (d) => !lastStatementDate || !near(d, lastStatementDate),
  )!;
  return { statementDate, dueDate: card.dueDay !== null ? cardDueAfter(statementDate, card.dueDay) : null };
}

/** Three percent of the balance, at least ₱500, never more than the balance: an estimate (docs/statements.md). */
export const MINIMUM_FLOOR_CENTAVOS = 50_000n;
export const MINIMUM_PERCENT = 3n;

export function estimatedMinimumDue(totalDue: bigint): bigint {
  if (totalDue <= 0n) return 0n;
  const percent = (totalDue * MINIMUM_PERCENT + 99n) / 100n;
  const floor = percent > MINIMUM_FLOOR_CENTAVOS ? percent : MINIMUM_FLOOR_CENTAVOS;
  return floor < totalDue ? floor : totalDue;
}

export type CycleStatus = "paid_on_time" | "paid_late" | "partly_paid" | "unpaid" | "not_due_yet";

/**
 * A cycle's status from its payments (date order), judged on the whole amount due: paid on
 * time when payments by the due date reach it, late when they reach it only afterwards; while
 * the due date has not passed and it is not yet paid, not due yet.
 */
export function cycleStatus(
  totalDue: bigint,
  dueDate: string | null,
  payments: { date: string; amount: bigint }[],
  today: string,
): { status: CycleStatus; paidOn: string | null } {
  let sum = 0n;
  let paidOn: string | null = null;
  for (const p of payments) {
    sum += p.amount;
    if (sum >= totalDue) {
      paidOn = p.date;
      break;
    }
  }
  if (totalDue <= 0n) return { status: "paid_on_time", paidOn: null };
  if (paidOn) return { status: !dueDate || paidOn <= dueDate ? "paid_on_time" : "paid_late", paidOn };
  if (dueDate && today <= dueDate) return { status: "not_due_yet", paidOn: null };
  return { status: sum > 0n ? "partly_paid" : "unpaid", paidOn: null };
}
