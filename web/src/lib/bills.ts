/**
 * Recurring bills and next dues (functions/reminders, docs/reminders.md). Amounts arrive as
 * integer centavos in strings and are sent as the pesos typed.
 */
import { action, query, revalidate } from "@solidjs/router";
import { request } from "./api";
import { ledgerChanged } from "./ledger";

export type BillKind =
  | "rent"
  | "electricity"
  | "water"
  | "internet"
  | "subscription"
  | "loan"
  | "insurance"
  | "other";
export type BillSchedule = "monthly" | "every_n_months" | "yearly";
export type DueStatus = "upcoming" | "due_today" | "overdue" | "paid";

export interface Bill {
  id: string;
  name: string;
  kind: BillKind;
  schedule: BillSchedule;
  dueDay: number;
  everyMonths: number | null;
  month: number | null;
  startDate: string;
  expectedAmountCentavos: string | null;
  accountId: string | null;
  accountName: string | null;
  categoryId: string | null;
  active: boolean;
  nextDueDate: string | null;
  status: DueStatus | null;
  lastPaidDueDate: string | null;
}

export interface BillInput {
  name: string;
  kind: BillKind;
  schedule: BillSchedule;
  dueDay: number;
  everyMonths?: number;
  month?: number;
  startDate?: string;
  expectedAmount?: string | null;
  accountId?: string | null;
  categoryId?: string | null;
  active?: boolean;
}

export interface DueItem {
  kind: "bill" | "card";
  id: string;
  name: string;
  dueDate: string;
  daysLeft: number;
  amountCentavos: string | null;
  status: DueStatus;
  payLink: string;
}

export interface Payment {
  transactionId: string;
  dueDate: string;
  amountCentavos: string;
}

const enc = encodeURIComponent;

export const billsApi = {
  list: () => request<{ items: Bill[] }>("GET", "/api/reminders/bills"),
  create: (body: BillInput) => request<Bill>("POST", "/api/reminders/bills", { body }),
  update: (id: string, body: Partial<BillInput>) =>
    request<Bill>("PATCH", `/api/reminders/bills/${enc(id)}`, { body }),
  remove: (id: string) => request<void>("DELETE", `/api/reminders/bills/${enc(id)}`),
  pay: (id: string, body: { dueDate?: string; amount?: string; date?: string; accountId?: string }) =>
    request<Payment>("POST", `/api/reminders/bills/${enc(id)}/pay`, { body }),
  payCard: (id: string, body: { fromAccountId: string; amount?: string; date?: string }) =>
    request<Payment>("POST", `/api/reminders/cards/${enc(id)}/pay`, { body }),
  settings: () => request<ReminderSettings>("GET", "/api/reminders/settings"),
  saveSettings: (body: ReminderSettings) =>
    request<ReminderSettings>("PUT", "/api/reminders/settings", { body }),
  upcoming: (days: number) =>
    request<{ today: string; items: DueItem[] }>("GET", `/api/reminders/upcoming?days=${days}`),
};

export const getBills = query(() => billsApi.list(), "bills");
export const getUpcomingDues = query((days: number) => billsApi.upcoming(days), "upcoming-dues");

/** When the household is reminded of card and bill due dates (docs/reminders.md). */
export interface ReminderSettings {
  /** Days before a due date; 0 is the day itself. */
  beforeDays: number[];
  /** Days after a due date, while still unpaid. */
  overdueDays: number[];
}

export const getReminderSettings = query(() => billsApi.settings(), "reminder-settings");

export const saveReminderSettingsAction = action(async (settings: ReminderSettings) => {
  const saved = await billsApi.saveSettings(settings);
  await revalidate("reminder-settings");
  return saved;
}, "save-reminder-settings");

export async function billsChanged(ledger = false): Promise<void> {
  await revalidate(["bills", "upcoming-dues"]);
  if (ledger) await ledgerChanged();
}

export const billKindNames: Record<BillKind, string> = {
  rent: "Rent",
  electricity: "Electricity (Meralco)",
  water: "Water (Maynilad, Manila Water)",
  internet: "Internet",
  subscription: "Subscription",
  loan: "Loan payment",
  insurance: "Insurance",
  other: "Other",
};

export const billKinds = Object.keys(billKindNames) as BillKind[];

const monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Monthly on the 31st (or the month's last day)", "Every 3 months on the 5th", "Yearly on Feb 29". */
export function scheduleLabel(bill: Pick<Bill, "schedule" | "dueDay" | "everyMonths" | "month">): string {
  const day = ordinal(bill.dueDay);
  if (bill.schedule === "yearly") return `Yearly on ${monthNames[(bill.month ?? 1) - 1]} ${bill.dueDay}`;
  const lastDay = bill.dueDay > 28 ? " (or the month's last day)" : "";
  if (bill.schedule === "every_n_months") return `Every ${bill.everyMonths} months on the ${day}${lastDay}`;
  return `Monthly on the ${day}${lastDay}`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th"}`;
}

/** "due today", "in 3 days", "2 days overdue", as plain words (never colour alone). */
export function dueWords(daysLeft: number): string {
  if (daysLeft === 0) return "due today";
  if (daysLeft === 1) return "due tomorrow";
  if (daysLeft > 1) return `in ${daysLeft} days`;
  return daysLeft === -1 ? "1 day overdue" : `${-daysLeft} days overdue`;
}
