/** Calendar dates (YYYY-MM-DD) in Asia/Manila, as the ledger stores them. */
const TIME_ZONE = "Asia/Manila";

const isoDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today in Manila, whatever the device's own time zone. */
export function todayInManila(now: Date = new Date()): string {
  return isoDate.format(now);
}

export function currentMonth(now: Date = new Date()): string {
  return todayInManila(now).slice(0, 7);
}

/** A calendar date shifted by whole days (dates are zone-free, so UTC arithmetic is exact). */
export function addDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

const dayFormat = new Intl.DateTimeFormat("en-PH", {
  timeZone: "UTC",
  weekday: "short",
  month: "short",
  day: "numeric",
});
const dayWithYearFormat = new Intl.DateTimeFormat("en-PH", {
  timeZone: "UTC",
  month: "short",
  day: "numeric",
  year: "numeric",
});
const monthFormat = new Intl.DateTimeFormat("en-PH", { timeZone: "UTC", month: "long", year: "numeric" });

/** "Today", "Yesterday", "Mon, Nov 23" (this year) or "Nov 23, 2025". */
export function formatDay(date: string, today: string = todayInManila()): string {
  if (date === today) return "Today";
  if (date === addDays(today, -1)) return "Yesterday";
  const value = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(value.getTime())) return date;
  return date.slice(0, 4) === today.slice(0, 4) ? dayFormat.format(value) : dayWithYearFormat.format(value);
}

/** "Nov 23, 2026" for due dates and statements. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return "—";
  const value = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(value.getTime()) ? date : dayWithYearFormat.format(value);
}

/** "November 2026" for a YYYY-MM month. */
export function formatMonth(month: string): string {
  const value = new Date(`${month}-01T00:00:00Z`);
  return Number.isNaN(value.getTime()) ? month : monthFormat.format(value);
}

/** Whole days from today to `date` (negative when past). */
export function daysUntil(date: string, today: string = todayInManila()): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
