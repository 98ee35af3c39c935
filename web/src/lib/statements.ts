/**
 * A credit card's statement history and the cycle building up (functions/statements,
 * docs/statements.md). Amounts arrive as integer centavos in strings.
 */
import { query } from "@solidjs/router";
import { request } from "./api";

export type CycleStatus = "paid_on_time" | "paid_late" | "partly_paid" | "unpaid" | "not_due_yet";

export interface BilledInstallment {
  planId: string;
  label: string;
  number: number;
  of: number;
  amountCentavos: string;
}

export interface StatementCycle {
  statementDate: string;
  periodStart: string;
  periodEnd: string;
  dueDate: string | null;
  source: "statement" | "computed";
  statementCycleId: string | null;
  documentId: string | null;
  totalDueCentavos: string;
  minimumDueCentavos: string;
  minimumEstimated: boolean;
  chargesCentavos: string;
  creditsCentavos: string;
  interestFeesCentavos: string;
  paidByDueDateCentavos: string;
  paidAfterDueDateCentavos: string;
  minimumMet: boolean;
  status: CycleStatus;
  paidOn: string | null;
  installments: BilledInstallment[];
}

export interface CurrentCycle {
  cardId: string;
  cardName: string;
  today: string;
  periodStart: string;
  projectedStatementDate: string | null;
  projectedDueDate: string | null;
  daysToStatement: number | null;
  chargesCentavos: string;
  creditsCentavos: string;
  paymentsCentavos: string;
  interestFeesCentavos: string;
  balanceOwedCentavos: string;
  runningTotalCentavos: string;
  installments: BilledInstallment[];
  lastStatement: StatementCycle | null;
}

const enc = encodeURIComponent;

export const statementsApi = {
  current: (cardId: string) => request<CurrentCycle>("GET", `/api/statements/cards/${enc(cardId)}/current`),
  cycles: (cardId: string, cursor?: string) =>
    request<{ items: StatementCycle[]; nextCursor: string | null }>(
      "GET",
      `/api/statements/cards/${enc(cardId)}/cycles?limit=12${cursor ? `&cursor=${enc(cursor)}` : ""}`,
    ),
};

export const getCurrentCycle = query((cardId: string) => statementsApi.current(cardId), "statement-current");

export const statusNames: Record<CycleStatus, string> = {
  paid_on_time: "Paid on time",
  paid_late: "Paid late",
  partly_paid: "Partly paid",
  unpaid: "Unpaid",
  not_due_yet: "Not due yet",
};
