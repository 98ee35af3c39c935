import { formatCentavos } from "../lib/money";

/** Every kind of notification, what the settings page calls it, and its channels by default. */
export const KINDS = {
  "budget.alert": { label: "Budget alerts", inApp: true, discord: true },
  "statement.due": { label: "Card statement due", inApp: true, discord: true },
  "statement.overdue": { label: "Card statement overdue", inApp: true, discord: true },
  "bill.due": { label: "Bills due", inApp: true, discord: true },
  "document.extracted": { label: "Receipt or statement read", inApp: true, discord: false },
  "document.failed": { label: "Receipt or statement could not be read", inApp: true, discord: false },
  "household.member_joined": { label: "Partner joined", inApp: true, discord: false },
  "import.completed": { label: "Import finished", inApp: true, discord: false },
} as const;

export type Kind = keyof typeof KINDS;
export const kindNames = Object.keys(KINDS) as [Kind, ...Kind[]];

const pesoFormat = new Intl.NumberFormat("en-PH", { style: "currency", currency: "PHP" });

/** ₱12,345.60 from integer centavos, exactly (the formatter reads the decimal string). */
export function pesos(centavos: bigint | string): string {
  const c = typeof centavos === "string" ? BigInt(centavos) : centavos;
  return pesoFormat.format(formatCentavos(c) as unknown as number);
}

const dateFormat = new Intl.DateTimeFormat("en-PH", {
  weekday: "short",
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});

/** "Mon, Mar 3, 2025" for an ISO date (a calendar date: no time zone shift). */
export function longDate(iso: string): string {
  return dateFormat.format(new Date(`${iso}T00:00:00Z`));
}

const monthFormat = new Intl.DateTimeFormat("en-PH", { month: "long", year: "numeric", timeZone: "UTC" });

export function monthName(yyyyMm: string): string {
  return monthFormat.format(new Date(`${yyyyMm}-01T00:00:00Z`));
}

export function inDays(daysBefore: number): string {
  if (daysBefore === 0) return "today";
  if (daysBefore === 1) return "tomorrow";
  if (daysBefore > 1) return `in ${daysBefore} days`;
  const late = -daysBefore;
  return `${late} day${late === 1 ? "" : "s"} ago`;
}
