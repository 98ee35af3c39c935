import { DateTime } from "luxon";

const MANILA = "Asia/Manila";

/** A span of calendar days (Asia/Manila), both ends inclusive, as the member asked for it. */
export interface Period {
  kind: "month" | "quarter" | "year" | "custom";
  /** What the member wrote: `2025-03`, `2025-Q1`, `2025`, `2025-01-15..2025-02-20`. */
  value: string;
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;
const RANGE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;
const MIN = "1900-01-01";
const MAX = "2999-12-31";
/** A custom range spans at most this many years: enough for any household's whole history. */
export const MAX_RANGE_YEARS = 50;

const day = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const isoDate = (d: DateTime) => d.toISODate()!;

export const todayInManila = (): string => DateTime.now().setZone(MANILA).toISODate()!;
export const monthOf = (date: string) => date.slice(0, 7);
export const monthStart = (month: string) => `${month}-01`;
export const monthEnd = (month: string) => isoDate(day(`${month}-01`).endOf("month"));
export const addMonths = (month: string, n: number) =>
  day(`${month}-01`).plus({ months: n }).toFormat("yyyy-MM");
export const addDays = (date: string, n: number) => isoDate(day(date).plus({ days: n }));

/** Every month from `from` to `to` (YYYY-MM), inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** Reads a period, or says what is wrong with it (the message a 400 carries). */
export function parsePeriod(value: string): Period | string {
  let m = MONTH.exec(value);
  if (m) return within({ kind: "month", value, from: monthStart(value), to: monthEnd(value) });
  m = QUARTER.exec(value);
  if (m) {
    const first = `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, "0")}`;
    return within({ kind: "quarter", value, from: monthStart(first), to: monthEnd(addMonths(first, 2)) });
  }
  m = YEAR.exec(value);
  if (m) return within({ kind: "year", value, from: `${value}-01-01`, to: `${value}-12-31` });
  m = RANGE.exec(value);
  if (m) {
    const [from, to] = [m[1]!, m[2]!];
    if (!day(from).isValid || !day(to).isValid) return "Use real calendar dates";
    if (from > to) return "The period ends before it starts";
    if (day(to).diff(day(from), "years").years > MAX_RANGE_YEARS) {
      return `A period spans at most ${MAX_RANGE_YEARS} years`;
    }
    return within({ kind: "custom", value, from, to });
  }
  return "Use a month (2025-03), a quarter (2025-Q1), a year (2025) or a range (2025-01-15..2025-02-20)";
}

function within(p: Period): Period | string {
  if (p.from < MIN || p.to > MAX) return "Use dates between 1900 and 2999";
  return p;
}

/** The current month as a period: what the pages show until the member picks another. */
export const currentMonth = (): Period => parsePeriod(monthOf(todayInManila())) as Period;

/**
 * How a period reads from the ledger: whole months from the monthly rollups, and the days of a
 * month it covers only in part (at most two stretches, each under a month) from the rows.
 */
export function splitPeriod(p: Pick<Period, "from" | "to">) {
  const firstFull = p.from.endsWith("-01") ? monthOf(p.from) : addMonths(monthOf(p.from), 1);
  const lastFull = p.to === monthEnd(monthOf(p.to)) ? monthOf(p.to) : addMonths(monthOf(p.to), -1);
  if (firstFull > lastFull) return { months: null, days: [{ from: p.from, to: p.to }] };
  const days: { from: string; to: string }[] = [];
  if (p.from < monthStart(firstFull)) days.push({ from: p.from, to: addDays(monthStart(firstFull), -1) });
  if (p.to > monthEnd(lastFull)) days.push({ from: addDays(monthEnd(lastFull), 1), to: p.to });
  return { months: { from: firstFull, to: lastFull }, days };
}
