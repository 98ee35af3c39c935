/**
 * The budgets API (docs/budgets.md): monthly budgets per expense category and overall, their
 * progress for a month, and the limit history. Money arrives as centavos in strings.
 */
import { query, revalidate } from "@solidjs/router";
import { request } from "./api";

export interface BudgetProgress {
  budgetId: string;
  categoryId: string | null;
  category: { id: string; name: string } | null;
  memberId: string | null;
  personal: boolean;
  rollover: boolean;
  thresholds: number[];
  limitCentavos: string;
  carriedCentavos: string;
  availableCentavos: string;
  spentCentavos: string;
  leftCentavos: string;
  percent: number | null;
  over: boolean;
  dailyAllowanceCentavos: string | null;
  projectedCentavos: string | null;
  alerted: number[];
}

export interface BudgetProgressList {
  month: string;
  today: string;
  daysInMonth: number;
  daysLeft: number;
  items: BudgetProgress[];
}

export interface Budget {
  id: string;
  categoryId: string | null;
  category: { id: string; name: string } | null;
  memberId: string | null;
  personal: boolean;
  rollover: boolean;
  thresholds: number[];
  limitCentavos: string | null;
  fromMonth: string;
  limits: { fromMonth: string; limitCentavos: string }[];
}

export interface BudgetInput {
  categoryId?: string | null;
  personal?: boolean;
  limit: string;
  fromMonth?: string;
  rollover?: boolean;
  thresholds?: number[];
}

export interface BudgetPatch {
  limit?: string;
  fromMonth?: string;
  rollover?: boolean;
  thresholds?: number[];
}

const enc = encodeURIComponent;

export const budgetsApi = {
  progress: (month: string) =>
    request<BudgetProgressList>("GET", `/api/budgets/progress?month=${enc(month)}`),
  list: () => request<{ items: Budget[] }>("GET", "/api/budgets"),
  create: (body: BudgetInput) => request<Budget>("POST", "/api/budgets", { body }),
  update: (id: string, body: BudgetPatch) => request<Budget>("PATCH", `/api/budgets/${enc(id)}`, { body }),
  remove: (id: string) => request<void>("DELETE", `/api/budgets/${enc(id)}`),
};

export const getBudgetProgress = query((month: string) => budgetsApi.progress(month), "budget-progress");

export const budgetsChanged = () => revalidate(["budget-progress"]);

/** A budget's name as shown: its category, or "Overall"; personal ones say so. */
export const budgetName = (b: { category: { name: string } | null; personal: boolean }) =>
  `${b.category?.name ?? "Overall"}${b.personal ? " (mine)" : ""}`;

/** Bar width 0..100 for a percent (null = nothing available: full when anything is spent). */
export const barPercent = (b: Pick<BudgetProgress, "percent" | "spentCentavos">) =>
  b.percent === null ? (BigInt(b.spentCentavos) > 0n ? 100 : 0) : Math.min(100, Math.max(0, b.percent));
