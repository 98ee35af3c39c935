import { currentMonth } from "./dates";

/** What the dashboard shows: one month or one whole year, as it is in the URL (?month= / ?year=). */
export type Period = { kind: "month"; month: string } | { kind: "year"; year: number };

const MONTH = /^(19|2\d)\d{2}-(0[1-9]|1[0-2])$/;
const YEAR = /^(19|2\d)\d{2}$/;

/** Reads the period from the URL; anything unreadable falls back to this month. */
export function readPeriod(
  params: { month?: string | string[]; year?: string | string[] },
  now = new Date(),
): Period {
  const month = typeof params.month === "string" ? params.month : undefined;
  const year = typeof params.year === "string" ? params.year : undefined;
  if (year && YEAR.test(year)) return { kind: "year", year: Number(year) };
  if (month && MONTH.test(month)) return { kind: "month", month };
  return { kind: "month", month: currentMonth(now) };
}

/** The month `delta` months after `month` (YYYY-MM). */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export function shiftPeriod(period: Period, delta: number): Period {
  return period.kind === "year"
    ? { kind: "year", year: period.year + delta }
    : { kind: "month", month: shiftMonth(period.month, delta) };
}

export function isCurrent(period: Period, now = new Date()): boolean {
  const month = currentMonth(now);
  return period.kind === "year" ? String(period.year) === month.slice(0, 4) : period.month === month;
}

/** Search params for a period; this month is the default and keeps the URL clean. */
export function periodParams(period: Period, now = new Date()): { month?: string; year?: string } {
  if (period.kind === "year") return { year: String(period.year), month: undefined };
  return { month: period.month === currentMonth(now) ? undefined : period.month, year: undefined };
}

/** First and last calendar day of a month (YYYY-MM). */
export function monthRange(month: string): { from: string; to: string } {
  const next = shiftMonth(month, 1);
  const last = new Date(Date.UTC(Number(next.slice(0, 4)), Number(next.slice(5, 7)) - 1, 0));
  return { from: `${month}-01`, to: last.toISOString().slice(0, 10) };
}
