/**
 * Dates as Philippine card statements print them: "01/15", "01/15/26", "01/15/2026", "Jan 05",
 * "Jan 05, 2026", "January 5, 2026", "05 JAN 2026", "05-Jan-26", "2026-01-05". Month first for
 * numeric dates (how Philippine issuers print them). A date without a year takes it from the
 * statement date, so a December line on a January statement lands in the year before.
 */
export interface PartialDate {
  month: number;
  day: number;
  year: number | null;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH_NAME = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;

/** One date in any of the supported shapes (unanchored, case-insensitive). */
export const DATE_SRC = [
  String.raw`\d{4}-\d{2}-\d{2}`,
  String.raw`\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?`,
  String.raw`${MONTH_NAME}\s?\d{1,2}(?:,?\s\d{4})?`,
  String.raw`\d{1,2}[\s-]?${MONTH_NAME}(?:[\s,-]\s?(?:\d{4}|\d{2}))?`,
]
  .map((s) => `(?:${s})`)
  .join("|");

const FULL_WITH_YEAR = new RegExp(
  [
    String.raw`\d{4}-\d{2}-\d{2}`,
    String.raw`\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})`,
    String.raw`${MONTH_NAME}\s?\d{1,2},?\s\d{4}`,
    String.raw`\d{1,2}[\s-]?${MONTH_NAME}[\s,-]\s?(?:\d{4}|\d{2})`,
  ]
    .map((s) => `(?:${s})`)
    .join("|"),
  "i",
);

function monthOf(name: string): number | null {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i >= 0 ? i + 1 : null;
}

function fullYear(y: string | undefined): number | null {
  if (!y) return null;
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

function valid(month: number, day: number, year: number | null): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const y = year ?? 2024; // a leap year, so 02/29 without a year is allowed
  return day <= new Date(Date.UTC(y, month, 0)).getUTCDate();
}

/** Parses exactly one date token; null when it is not one. */
export function parseDateToken(token: string): PartialDate | null {
  const s = token.trim().replace(/\s+/g, " ");
  const out = shapeOf(s);
  if (!out || !valid(out.month, out.day, out.year)) return null;
  return out;
}

function shapeOf(s: string): PartialDate | null {
  const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (isoDate) return { year: Number(isoDate[1]), month: Number(isoDate[2]), day: Number(isoDate[3]) };
  const numeric = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?$/.exec(s);
  if (numeric) return { month: Number(numeric[1]), day: Number(numeric[2]), year: fullYear(numeric[3]) };
  const monthFirst = /^([a-z]+)\.?\s?(\d{1,2})(?:,?\s(\d{4}))?$/i.exec(s);
  const mf = monthFirst && monthOf(monthFirst[1]!);
  if (monthFirst && mf) return { month: mf, day: Number(monthFirst[2]), year: fullYear(monthFirst[3]) };
  const dayFirst = /^(\d{1,2})[\s-]?([a-z]+)\.?(?:[\s,-]\s?(\d{4}|\d{2}))?$/i.exec(s);
  const df = dayFirst && monthOf(dayFirst[2]!);
  if (dayFirst && df) return { month: df, day: Number(dayFirst[1]), year: fullYear(dayFirst[3]) };
  return null;
}

/** The first date with a year inside free text ("Statement Date: January 15, 2026"). */
export function findFullDate(text: string): string | null {
  const m = FULL_WITH_YEAR.exec(text);
  if (!m) return null;
  const d = parseDateToken(m[0]);
  return d && d.year !== null ? iso(d.year, d.month, d.day) : null;
}

/** Every date with a year inside free text, in order (a period "12/16/2025 - 01/15/2026"). */
export function findFullDates(text: string): string[] {
  const out: string[] = [];
  const re = new RegExp(FULL_WITH_YEAR.source, "gi");
  for (const m of text.matchAll(re)) {
    const d = parseDateToken(m[0]);
    if (d && d.year !== null) out.push(iso(d.year, d.month, d.day));
  }
  return out;
}

export function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Gives a yearless date the year that puts it on or before the statement's closing date (with a
 * month of slack for lines posted after the cut-off): "12/20" on a 2026-01-15 statement is 2025-12-20.
 */
export function resolveYear(d: PartialDate, closing: string | null): string | null {
  if (d.year !== null) return iso(d.year, d.month, d.day);
  const ref = closing ? new Date(`${closing}T00:00:00Z`) : new Date();
  const latest = ref.getTime() + 31 * 86_400_000;
  const y = ref.getUTCFullYear();
  // 02/29 only exists in leap years: a year where the date rolls over is not a candidate.
  const year = [y + 1, y, y - 1].find((c) => {
    const t = Date.UTC(c, d.month - 1, d.day);
    return t <= latest && new Date(t).getUTCDate() === d.day;
  });
  return year === undefined ? null : iso(year, d.month, d.day);
}
