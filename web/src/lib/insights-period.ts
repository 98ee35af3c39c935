import { currentMonth, formatDate, formatMonth } from "./dates";
import { monthRange, shiftMonth } from "./period";

/** What the Insights page shows, as it is in the URL (?period=2025-03 | 2025-Q1 | 2025 | a..b). */
export type InsightsPeriod =
  | { kind: "month"; month: string }
  | { kind: "quarter"; year: number; quarter: number }
  | { kind: "year"; year: number }
  | { kind: "custom"; from: string; to: string };

const MONTH = /^(19|2\d)\d{2}-(0[1-9]|1[0-2])$/;
const QUARTER = /^((?:19|2\d)\d{2})-Q([1-4])$/;
const YEAR = /^(19|2\d)\d{2}$/;
const RANGE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;
const validDate = (d: string) =>
  !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && d >= "1900-01-01" && d <= "2999-12-31";

export const addMonthsTo = shiftMonth;

/** Reads the period from the URL; anything unreadable falls back to this month. */
export function readInsightsPeriod(value: string | string[] | undefined, now = new Date()): InsightsPeriod {
  const v = typeof value === "string" ? value : undefined;
  if (v && MONTH.test(v)) return { kind: "month", month: v };
  let m = v ? QUARTER.exec(v) : null;
  if (m) return { kind: "quarter", year: Number(m[1]), quarter: Number(m[2]) };
  if (v && YEAR.test(v)) return { kind: "year", year: Number(v) };
  m = v ? RANGE.exec(v) : null;
  if (m && validDate(m[1]!) && validDate(m[2]!) && m[1]! <= m[2]!)
    return { kind: "custom", from: m[1]!, to: m[2]! };
  return { kind: "month", month: currentMonth(now) };
}

/** The period as the API and the URL write it. */
export function periodValue(p: InsightsPeriod): string {
  switch (p.kind) {
    case "month":
      return p.month;
    case "quarter":
      return `${p.year}-Q${p.quarter}`;
    case "year":
      return String(p.year);
    case "custom":
      return `${p.from}..${p.to}`;
  }
}

export function periodRange(p: InsightsPeriod): { from: string; to: string } {
  switch (p.kind) {
    case "month":
      return monthRange(p.month);
    case "quarter": {
      const first = `${p.year}-${String((p.quarter - 1) * 3 + 1).padStart(2, "0")}`;
      return { from: `${first}-01`, to: monthRange(shiftMonth(first, 2)).to };
    }
    case "year":
      return { from: `${p.year}-01-01`, to: `${p.year}-12-31` };
    case "custom":
      return { from: p.from, to: p.to };
  }
}

export function insightsPeriodLabel(p: InsightsPeriod): string {
  switch (p.kind) {
    case "month":
      return formatMonth(p.month);
    case "quarter":
      return `Q${p.quarter} ${p.year}`;
    case "year":
      return String(p.year);
    case "custom":
      return `${formatDate(p.from)} – ${formatDate(p.to)}`;
  }
}

/** The period before (-1) or after (1): a custom range moves by its own length in days. */
export function shiftInsightsPeriod(p: InsightsPeriod, delta: number): InsightsPeriod {
  switch (p.kind) {
    case "month":
      return { kind: "month", month: shiftMonth(p.month, delta) };
    case "quarter": {
      const index = p.year * 4 + (p.quarter - 1) + delta;
      return { kind: "quarter", year: Math.floor(index / 4), quarter: (index % 4) + 1 };
    }
    case "year":
      return { kind: "year", year: p.year + delta };
    case "custom": {
      const day = 86_400_000;
      const from = Date.parse(`${p.from}T00:00:00Z`);
      const to = Date.parse(`${p.to}T00:00:00Z`);
      const length = Math.round((to - from) / day) + 1;
      const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
      return { kind: "custom", from: iso(from + delta * length * day), to: iso(to + delta * length * day) };
    }
  }
}

/** The same stretch of time as another kind: picking "Quarter" while on March 2025 shows Q1 2025. */
export function asKind(p: InsightsPeriod, kind: InsightsPeriod["kind"]): InsightsPeriod {
  const { from, to } = periodRange(p);
  const month = to.slice(0, 7);
  const year = Number(month.slice(0, 4));
  switch (kind) {
    case "month":
      return { kind: "month", month };
    case "quarter":
      return { kind: "quarter", year, quarter: Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1 };
    case "year":
      return { kind: "year", year };
    case "custom":
      return { kind: "custom", from, to };
  }
}

/** The last month a period covers (YYYY-MM): the month the trends compare. */
export const lastMonthOf = (p: InsightsPeriod) => periodRange(p).to.slice(0, 7);

/**
 * The months the income-vs-spending chart covers: the period itself when it spans a year or
 * more, else the twelve months ending with its last month (one bar is no trend).
 */
export function cashflowPeriod(p: InsightsPeriod): string {
  const { from, to } = periodRange(p);
  const last = to.slice(0, 7);
  const first = shiftMonth(last, -11);
  if (from.slice(0, 7) <= first) return periodValue(p);
  return `${first}-01..${monthRange(last).to}`;
}
