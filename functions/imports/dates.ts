import { DateTime } from "luxon";

/** Which part comes first in a numeric date such as 03/11/2024. */
export type DateOrder = "MDY" | "DMY" | "YMD";
export type DateFormatChoice = "auto" | DateOrder;

const NUMERIC = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
// Notion writes "November 3, 2024 2:30 PM" for a date with a time, "… → …" for a range
const TIME_SUFFIX =
  /(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AP]M)?)(?:\s*(?:Z|[+-]\d{2}:?\d{2}|\(?GMT[+-]?\d*:?\d*\)?|[A-Z]{3,4}))?$/i;
const NAMED_MONTH_FORMATS = [
  "MMMM d, yyyy",
  "MMM d, yyyy",
  "MMMM d yyyy",
  "MMM d yyyy",
  "d MMMM yyyy",
  "d MMM yyyy",
  "d MMMM, yyyy",
  "d-MMM-yyyy",
  "d-MMM-yy",
  "EEEE, MMMM d, yyyy",
  "EEE, MMM d, yyyy",
];

function ymd(year: number, month: number, day: number): string | null {
  const d = DateTime.fromObject({ year, month, day }, { zone: "UTC" });
  return d.isValid && year >= 1900 && year <= 2200 ? d.toISODate() : null;
}

const fullYear = (y: string) => {
  const n = Number(y);
  return y.length <= 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
};

/**
 * A calendar date as written in a spreadsheet or a Notion export — "November 3, 2024",
 * "2024-11-03", "11/03/2024", "03/11/2024" — as YYYY-MM-DD, or null. `order` settles numeric
 * dates whose first two parts could both be the month.
 */
export function parseDate(input: string, order: DateOrder): string | null {
  let text = input.trim();
  if (!text || !/\d/.test(text)) return null;
  const arrow = text.indexOf("→");
  if (arrow > 0) text = text.slice(0, arrow).trim();
  text = text.replace(TIME_SUFFIX, "").trim();

  const iso = ISO.exec(text);
  if (iso) return ymd(Number(iso[1]), Number(iso[2]), Number(iso[3]));

  const numeric = NUMERIC.exec(text);
  if (numeric) {
    const [, a, b, c] = numeric as unknown as [string, string, string, string];
    if (a.length === 4) return ymd(Number(a), Number(b), Number(c));
    if (c.length === 3) return null;
    if (order === "YMD") return ymd(fullYear(a), Number(b), Number(c));
    return order === "DMY" ? ymd(fullYear(c), Number(b), Number(a)) : ymd(fullYear(c), Number(a), Number(b));
  }

  const named = text.replace(/\bSept\b/i, "Sep").replace(/(\d)(st|nd|rd|th)\b/i, "$1");
  for (const format of NAMED_MONTH_FORMATS) {
    const d = DateTime.fromFormat(named, format, { locale: "en-US", zone: "UTC" });
    if (d.isValid) return ymd(d.year, d.month, d.day);
  }
  return null;
}

/**
 * Guesses the order of numeric dates from a whole column: a first part above 12 can only be a
 * day (DMY), a second part above 12 only a day in MDY. Null when the column does not say.
 */
export function detectDateOrder(values: Iterable<string>): DateOrder | null {
  let mdy = false;
  let dmy = false;
  let ymdSeen = false;
  for (const value of values) {
    const m = NUMERIC.exec(value.trim().replace(TIME_SUFFIX, "").trim());
    if (!m) continue;
    if (m[1]!.length === 4) {
      ymdSeen = true;
      continue;
    }
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dmy = true;
    if (b > 12 && a <= 12) mdy = true;
  }
  if (mdy !== dmy) return mdy ? "MDY" : "DMY";
  return ymdSeen && !mdy && !dmy ? "YMD" : null;
}
