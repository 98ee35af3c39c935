import { DateTime } from "luxon";

export const MANILA = "Asia/Manila";

/** Today's calendar date in Asia/Manila, whatever the server's time zone. */
export const todayInManila = (): string => DateTime.now().setZone(MANILA).toISODate()!;

/** "2026-11" → "2026-11-01" (how months are stored). */
export const firstOf = (month: string) => `${month}-01`;

/** "2026-11-01" or "2026-11-29" → "2026-11". */
export const monthOf = (date: string) => date.slice(0, 7);

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${String(Math.floor(total / 12)).padStart(4, "0")}-${String((total % 12) + 1).padStart(2, "0")}`;
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}
