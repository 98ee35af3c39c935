import { query } from "@solidjs/router";
import { request } from "./api";

/** Figures from /api/analytics (functions/analytics): centavos as strings, like every amount. */
export interface CategorySpending {
  period: string;
  from: string;
  to: string;
  spendingCentavos: string;
  expenseCentavos: string;
  refundsCentavos: string;
  items: {
    categoryId: string | null;
    name: string;
    color: string | null;
    kind: "expense" | "refund";
    totalCentavos: string;
    count: number;
  }[];
}

export interface CategoryTrends {
  month: string;
  previousMonth: string;
  sameMonthLastYear: string;
  items: {
    categoryId: string | null;
    name: string;
    kind: "expense" | "refund";
    currentCentavos: string;
    previousMonthCentavos: string;
    sameMonthLastYearCentavos: string;
    changeFromPreviousMonthCentavos: string;
    changeFromLastYearCentavos: string;
  }[];
}

export interface Cashflow {
  period: string;
  from: string;
  to: string;
  incomeCentavos: string;
  spendingCentavos: string;
  netCentavos: string;
  items: { month: string; incomeCentavos: string; spendingCentavos: string; netCentavos: string }[];
}

export interface NetWorthSeries {
  from: string;
  to: string;
  items: { month: string; assetsCentavos: string; owedCentavos: string; netWorthCentavos: string }[];
}

export interface SpendingBy<T> {
  period: string;
  from: string;
  to: string;
  items: (T & { spendingCentavos: string })[];
}

export type AccountSpending = SpendingBy<{ accountId: string; name: string; kind: string }>;
export type MemberSpending = SpendingBy<{ memberId: string; name: string }>;
export type MerchantSpending = SpendingBy<{ merchant: string; count: number }>;

const qs = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, v);
  const s = search.toString();
  return s ? `?${s}` : "";
};

/** Where each chart's data comes from; `csv` gives the same figures as a file. */
export const analyticsUrl = {
  categories: (period: string, csv = false) =>
    `/api/analytics/categories${qs({ period, format: csv ? "csv" : undefined })}`,
  trends: (month: string, csv = false) =>
    `/api/analytics/trends${qs({ month, format: csv ? "csv" : undefined })}`,
  cashflow: (period?: string, csv = false) =>
    `/api/analytics/cashflow${qs({ period, format: csv ? "csv" : undefined })}`,
  netWorth: (csv = false) => `/api/analytics/net-worth${qs({ format: csv ? "csv" : undefined })}`,
  accounts: (period: string, csv = false) =>
    `/api/analytics/accounts${qs({ period, format: csv ? "csv" : undefined })}`,
  members: (period: string, csv = false) =>
    `/api/analytics/members${qs({ period, format: csv ? "csv" : undefined })}`,
  merchants: (period: string, csv = false) =>
    `/api/analytics/merchants${qs({ period, limit: "10", format: csv ? "csv" : undefined })}`,
};

export const getCategorySpending = query(
  (period: string) => request<CategorySpending>("GET", analyticsUrl.categories(period)),
  "analytics-categories",
);
export const getCategoryTrends = query(
  (month: string) => request<CategoryTrends>("GET", analyticsUrl.trends(month)),
  "analytics-trends",
);
export const getCashflow = query(
  (period?: string) => request<Cashflow>("GET", analyticsUrl.cashflow(period)),
  "analytics-cashflow",
);
export const getNetWorth = query(
  () => request<NetWorthSeries>("GET", analyticsUrl.netWorth()),
  "analytics-net-worth",
);
export const getAccountSpending = query(
  (period: string) => request<AccountSpending>("GET", analyticsUrl.accounts(period)),
  "analytics-accounts",
);
export const getMemberSpending = query(
  (period: string) => request<MemberSpending>("GET", analyticsUrl.members(period)),
  "analytics-members",
);
export const getTopMerchants = query(
  (period: string) => request<MerchantSpending>("GET", analyticsUrl.merchants(period)),
  "analytics-merchants",
);
