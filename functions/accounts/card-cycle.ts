import { DateTime } from "luxon";

export const MANILA = "Asia/Manila";

/** Today's calendar date in Asia/Manila, whatever the server's time zone. */
export const todayInManila = (): string => DateTime.now().setZone(MANILA).toISODate()!;

const parse = (date: string) => DateTime.fromISO(date, { zone: MANILA }).startOf("day");

/** Day `day` of the month that contains `month`, clamped to its last day (31 → 30 Nov, 28/29 Feb). */
const onDay = (month: DateTime, day: number) => {
  const start = month.startOf("month");
  return start.set({ day: Math.min(day, start.daysInMonth ?? 28) });
};

export interface StatementCycle {
  /** Null while no statement has closed since the card was opened. */
  lastStatementDate: string | null;
  nextStatementDate: string;
  nextDueDate: string;
}

/**
 * Where a credit card is in its billing cycle on `today`: the statement that closed last (today
 * counts: the statement closes at the end of its day), the next one, and the next payment due
 * date — the due date of the last statement while it has not passed, else the next statement's.
 * A due date falls after its statement: in the same month when its day comes later, else the
 * month after. A card opened after its last statement day has no statement yet, so nothing is due
 * before its first statement.
 */
export function statementCycle(
  statementDay: number,
  dueDay: number,
  today: string,
  openedOn?: string,
): StatementCycle {
  const t = parse(today);
  let last = onDay(t, statementDay);
  if (last > t) last = onDay(t.minus({ months: 1 }), statementDay);
  const next = onDay(last.plus({ months: 1 }).startOf("month"), statementDay);
  const dueAfter = (statement: DateTime) => {
    const sameMonth = onDay(statement, dueDay);
    return sameMonth > statement ? sameMonth : onDay(statement.startOf("month").plus({ months: 1 }), dueDay);
  };
  const cut = !openedOn || last >= parse(openedOn);
  const lastDue = dueAfter(last);
  const nextDue = cut && lastDue >= t ? lastDue : dueAfter(next);
  return {
    lastStatementDate: cut ? last.toISODate()! : null,
    nextStatementDate: next.toISODate()!,
    nextDueDate: nextDue.toISODate()!,
  };
}
