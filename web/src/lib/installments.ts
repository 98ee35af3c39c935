/**
 * Installment plans on credit cards and the next 12 months' obligations (functions/installments,
 * docs/installments.md). Amounts arrive as integer centavos in strings and are sent as pesos typed.
 */
import { query, revalidate } from "@solidjs/router";
import { request } from "./api";
import { ledgerChanged } from "./ledger";

export interface ScheduleItem {
  number: number;
  of: number;
  statementDate: string;
  dueDate: string;
  amountCentavos: string;
  interestCentavos: string;
  preTermination: boolean;
  billed: boolean;
}

export interface InstallmentPlan {
  id: string;
  cardAccountId: string;
  cardName: string;
  purchaseTransactionId: string | null;
  label: string;
  principalCentavos: string;
  months: number;
  monthlyCentavos: string;
  addOnRateBps: number;
  purchaseDate: string;
  firstStatementDate: string;
  source: "manual" | "statement";
  status: "active" | "paid_off" | "cancelled";
  cancelledStatementDate: string | null;
  billedCount: number;
  billedPrincipalCentavos: string;
  remainingPrincipalCentavos: string;
  next: ScheduleItem | null;
  schedule: ScheduleItem[];
}

export interface PlanInput {
  transactionId?: string;
  cardAccountId?: string;
  amount?: string;
  date?: string;
  label?: string;
  months: number;
  addOnRateBps?: number;
}

export interface ObligationMonth {
  month: string;
  installmentsCentavos: string;
  billsCentavos: string;
  totalCentavos: string;
  items: {
    kind: "installment" | "bill";
    id: string;
    name: string;
    dueDate: string;
    amountCentavos: string | null;
    detail: string;
  }[];
}

const enc = encodeURIComponent;

export const installmentsApi = {
  list: (cardAccountId?: string) =>
    request<{ today: string; unbilledPrincipalCentavos: string; items: InstallmentPlan[] }>(
      "GET",
      `/api/installments${cardAccountId ? `?cardAccountId=${enc(cardAccountId)}` : ""}`,
    ),
  create: (body: PlanInput) => request<InstallmentPlan>("POST", "/api/installments", { body }),
  cancel: (id: string, date?: string) =>
    request<InstallmentPlan>("POST", `/api/installments/${enc(id)}/cancel`, { body: date ? { date } : {} }),
  remove: (id: string) => request<void>("DELETE", `/api/installments/${enc(id)}`),
  obligations: () =>
    request<{ today: string; months: ObligationMonth[] }>("GET", "/api/installments/obligations"),
};

export const getPlans = query(
  (cardAccountId?: string) => installmentsApi.list(cardAccountId),
  "installment-plans",
);
export const getObligations = query(() => installmentsApi.obligations(), "future-obligations");

export async function installmentsChanged(ledger = false): Promise<void> {
  await revalidate(["installment-plans", "future-obligations"]);
  if (ledger) await ledgerChanged();
}

/** "0%" or "0.79% a month": the add-on rate as issuers print it. */
export const rateLabel = (bps: number) => (bps === 0 ? "0%" : `${(bps / 100).toFixed(2)}% a month`);

/** A percentage typed ("0.79") as basis points, or null when it is not one. */
export function parseRate(input: string): number | null {
  const t = input.trim().replace(/%$/, "");
  if (t === "") return 0;
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 100);
}
