import { DateTime } from "luxon";

/**
 * The date rules of reminders, on calendar dates (YYYY-MM-DD) in Asia/Manila. Pure functions:
 * the tick passes its own date, so every rule is testable without a clock.
 */
export const MANILA = "Asia/Manila";

/** The Manila calendar date of an instant (a PingSource fires at 08:00 Manila = 00:00 UTC). */
export const manilaDate = (at: Date): string => DateTime.fromJSDate(at).setZone(MANILA).toISODate()!;

// Calendar arithmetic on dates that are already Manila dates: a date has no time zone, so whole
// days since 1970-01-01 are exact, and a tick over 10,000 items stays in integer maths.
const MS_PER_DAY = 86_400_000;
const parts = (date: string) =>
  [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))] as const;
const toDays = (date: string) => {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
};
const fromDays = (n: number) => new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
const ymd = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

export const addDays = (date: string, n: number): string => fromDays(toDays(date) + n);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => toDays(to) - toDays(from);

/** Days in a month (1-12), leap years included: day 0 of the next month is this one's last. */
export const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Day `dueDay` of the month holding `month`, clamped to its last day (31 → 30 Apr, 28/29 Feb). */
export function clampedDay(month: string, dueDay: number): string {
  const [y, m] = parts(month);
  return ymd(y, m, Math.min(dueDay, daysInMonth(y, m)));
}

const monthIndex = (date: string) => {
  const [y, m] = parts(date);
  return y * 12 + m - 1;
};
const ofMonthIndex = (i: number) => ymd(Math.floor(i / 12), (i % 12) + 1, 1);

/** First day of the month `n` months after the month holding `date`. */
export const monthStart = (date: string, n = 0): string => ofMonthIndex(monthIndex(date) + n);

export interface BillScheduleRule {
  dueDay: number;
  intervalMonths: number;
  /** First of a month the bill falls due in. */
  anchorMonth: string;
  /** No occurrence before this date. */
  startDate: string;
}

/** The bill's due dates between `from` and `to` (both inclusive), oldest first. */
export function billDueDates(rule: BillScheduleRule, from: string, to: string): string[] {
  const out: string[] = [];
  const anchor = monthIndex(rule.anchorMonth);
  const first = Math.max(monthIndex(from), anchor);
  const last = monthIndex(to);
  const step = rule.intervalMonths;
  // the first month at or after `first` that is a whole number of intervals from the anchor
  let m = first + ((((anchor - first) % step) + step) % step);
  for (; m <= last; m += step) {
    const due = clampedDay(ofMonthIndex(m), rule.dueDay);
    if (due >= from && due <= to && due >= rule.startDate) out.push(due);
  }
  return out;
}

/** A card's due date for the statement that closed on `statementDate`: the due day after it. */
export function cardDueAfter(statementDate: string, dueDay: number): string {
  const same = clampedDay(statementDate, dueDay);
  return same > statementDate ? same : clampedDay(monthStart(statementDate, 1), dueDay);
}

export interface CardCycle {
  statementDate: string;
  dueDate: string;
}

/**
 * The card's statement cycles whose due date falls between `from` and `to` (inclusive), from its
 * statement and due days; statements before the card was opened are skipped.
 */
export function cardCycles(
  card: { statementDay: number; dueDay: number; openingDate: string },
  from: string,
  to: string,
): CardCycle[] {
  const out: CardCycle[] = [];
  // a due date comes at most ~2 months after its statement
  for (let m = -2; ; m++) {
    const statementDate = clampedDay(monthStart(from, m), card.statementDay);
    const dueDate = cardDueAfter(statementDate, card.dueDay);
    if (statementDate > to) break;
    if (dueDate < from || dueDate > to || statementDate < card.openingDate) continue;
    out.push({ statementDate, dueDate });
  }
  return out;
}

export interface ReminderOffsets {
  /** Days before the due date to remind (0 = on the day). */
  beforeDays: number[];
  /** Days after the due date to remind while unpaid. */
  overdueDays: number[];
}

export const DEFAULT_OFFSETS: ReminderOffsets = { beforeDays: [7, 3, 1, 0], overdueDays: [1, 7] };

/** Offsets as `daysBefore` values (overdue ones negative), the order they are sent in. */
export const scheduleOf = (o: ReminderOffsets): number[] =>
  [...new Set([...o.beforeDays, ...o.overdueDays.map((d) => -d)])].sort((a, b) => b - a);

/** How far back a tick looks for reminders it should have sent: the furthest offset either way. */
export const lookback = (o: ReminderOffsets) => Math.max(0, ...o.overdueDays);
export const lookahead = (o: ReminderOffsets) => Math.max(0, ...o.beforeDays);

/**
 * The days a tick on `tickDate` covers: the day itself, plus each day missed since the last
 * processed tick (at most `maxCatchUp` of them). A repeated or late tick covers only its own day.
 */
export function tickWindow(
  lastTickDate: string | null,
  tickDate: string,
  maxCatchUp = 31,
): { from: string; to: string } {
  if (!lastTickDate || lastTickDate >= tickDate) return { from: tickDate, to: tickDate };
  const missedFrom = addDays(lastTickDate, 1);
  const earliest = addDays(tickDate, -maxCatchUp);
  return { from: missedFrom > earliest ? missedFrom : earliest, to: tickDate };
}

export interface DueReminder {
  dueDate: string;
  /** The scheduled offset: the idempotency key's part. */
  offset: number;
  /** Days from the tick date to the due date (negative once overdue), as the reminder says. */
  daysBefore: number;
}

/**
 * The one reminder an item gets on a tick covering `window`: of every (due date, offset) whose
 * send day (due date − offset) falls in the window, the one with the latest send day — a
 * caught-up tick sends only what is still relevant, never a backlog — the later due date on a
 * tie. `paid(dueDate)` drops occurrences already paid (no reminder at all, before or after).
 */
export function pickReminder(
  dueDates: string[],
  schedule: number[],
  window: { from: string; to: string },
  paid: (dueDate: string) => boolean,
): DueReminder | null {
  let best: { send: string; dueDate: string; offset: number } | null = null;
  for (const dueDate of dueDates) {
    if (paid(dueDate)) continue;
    for (const offset of schedule) {
      const send = addDays(dueDate, -offset);
      if (send < window.from || send > window.to) continue;
      if (!best || send > best.send || (send === best.send && dueDate > best.dueDate)) {
        best = { send, dueDate, offset };
      }
    }
  }
  return (
    best && { dueDate: best.dueDate, offset: best.offset, daysBefore: daysBetween(window.to, best.dueDate) }
  );
}
