import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requireUser, type SignedInUser } from "../lib/auth";
import { type AppEnv, createFunctionApp, type FunctionDeps } from "../lib/function-app";
import { problems } from "../lib/openapi";
import { type Cell, Num, pesos, toCsv } from "./csv";
import { addMonths, currentMonth, monthOf, type Period, parsePeriod, todayInManila } from "./period";
import {
  Cashflow,
  CategoryTrends,
  type Format,
  MerchantsQuery,
  NetWorthQuery,
  NetWorthSeries,
  PeriodQuery,
  SpendingByAccount,
  SpendingByCategory,
  SpendingByMember,
  TopMerchants,
  TrendsQuery,
} from "./schemas";
import * as analytics from "./service";

const security = [{ cookieAuth: [] }];

const jsonOrCsv = <T extends z.ZodType>(schema: T, description: string) => ({
  description: `${description} (format=csv: the same figures as a CSV file)`,
  content: { "application/json": { schema }, "text/csv": { schema: z.string() } },
});

const periodOf = (value: string | undefined, fallback: () => Period) =>
  value === undefined ? fallback() : (parsePeriod(value) as Period);

/** The last twelve months up to this one: what the income-vs-spending chart shows by default. */
const lastTwelveMonths = (): Period => {
  const now = monthOf(todayInManila());
  return parsePeriod(`${addMonths(now, -11)}-01..${currentMonth().to}`) as Period;
};

function csvFile(c: Context<AppEnv>, name: string, header: string[], records: Cell[][]) {
  return c.body(toCsv(header, records), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="fintrack-${name}.csv"`,
    "cache-control": "no-store",
  });
}

const safeName = (period: string) => period.replace(/[^0-9A-Za-z-]/g, "_");

export function analyticsRoutes(deps: FunctionDeps) {
  const app = createFunctionApp("analytics", deps);
  const middleware = requireUser(deps.config.jwtSecret, deps.sessions);
  const { db } = deps;

  /**
   * One chart's data: JSON for the page, or with format=csv the same figures as a file
   * ("any chart's data as CSV"). Every analytics route is this shape.
   */
  function chart<Q extends z.ZodObject<{ format: typeof Format }>, D extends z.ZodType>(spec: {
    path: string;
    operationId: string;
    summary: string;
    query: Q;
    schema: D;
    description: string;
    load: (user: SignedInUser, query: z.infer<Q>) => Promise<z.infer<D>>;
    csv: (data: z.infer<D>) => [name: string, header: string[], records: Cell[][]];
  }) {
    const route = createRoute({
      method: "get",
      path: spec.path,
      operationId: spec.operationId,
      summary: spec.summary,
      security,
      middleware,
      request: { query: spec.query },
      responses: { 200: jsonOrCsv(spec.schema, spec.description), ...problems(400, 401) },
    });
    app.openapi(route, async (c) => {
      const q = c.req.valid("query" as never) as z.infer<Q>;
      const data = await spec.load(c.get("user"), q);
      if (q.format === "csv") return csvFile(c, ...spec.csv(data));
      return c.json(data as never, 200);
    });
  }

  chart({
    path: "/api/analytics/categories",
    operationId: "getSpendingByCategory",
    summary: "Spending by category for a period (refunds given back as their own negative line)",
    query: PeriodQuery,
    schema: SpendingByCategory,
    description: "Spending by category",
    load: (user, q) => analytics.spendingByCategory(db, user, periodOf(q.period, currentMonth)),
    csv: (data) => [
      `spending-by-category-${safeName(data.period)}`,
      ["Category", "Kind", "Amount", "Transactions"],
      data.items.map((i) => [i.name, i.kind, pesos(i.totalCentavos), new Num(String(i.count))]),
    ],
  });
  chart({
    path: "/api/analytics/accounts",
    operationId: "getSpendingByAccount",
    summary: "Spending per account for a period",
    query: PeriodQuery,
    schema: SpendingByAccount,
    description: "Spending per account",
    load: (user, q) => analytics.spendingByAccount(db, user, periodOf(q.period, currentMonth)),
    csv: (data) => [
      `spending-by-account-${safeName(data.period)}`,
      ["Account", "Kind", "Spending", "Expenses", "Refunds"],
      data.items.map((i) => [
        i.name,
        i.kind,
        pesos(i.spendingCentavos),
        pesos(i.expenseCentavos),
        pesos(i.refundsCentavos),
      ]),
    ],
  });
  chart({
    path: "/api/analytics/members",
    operationId: "getSpendingByMember",
    summary: "Spending per member (from the accounts each owns) for a period",
    query: PeriodQuery,
    schema: SpendingByMember,
    description: "Spending per member",
    load: (user, q) => analytics.spendingByMember(db, user, periodOf(q.period, currentMonth)),
    csv: (data) => [
      `spending-by-member-${safeName(data.period)}`,
      ["Member", "Spending", "Expenses", "Refunds"],
      data.items.map((i) => [
        i.name,
        pesos(i.spendingCentavos),
        pesos(i.expenseCentavos),
        pesos(i.refundsCentavos),
      ]),
    ],
  });
  chart({
    path: "/api/analytics/trends",
    operationId: "getCategoryTrends",
    summary: "Each category's spending this month, the month before and the same month last year",
    query: TrendsQuery,
    schema: CategoryTrends,
    description: "Category trends",
    load: (user, q) => analytics.categoryTrends(db, user, q.month ?? monthOf(todayInManila())),
    csv: (data) => [
      `category-trends-${data.month}`,
      ["Category", "Kind", data.month, data.previousMonth, data.sameMonthLastYear],
      data.items.map((i) => [
        i.name,
        i.kind,
        pesos(i.currentCentavos),
        pesos(i.previousMonthCentavos),
        pesos(i.sameMonthLastYearCentavos),
      ]),
    ],
  });
  chart({
    path: "/api/analytics/cashflow",
    operationId: "getIncomeVsSpending",
    summary: "Income, spending and net for each month of a period (default: the last 12 months)",
    query: PeriodQuery,
    schema: Cashflow,
    description: "Income vs spending per month",
    load: (user, q) => analytics.cashflow(db, user, periodOf(q.period, lastTwelveMonths)),
    csv: (data) => [
      `income-vs-spending-${safeName(data.period)}`,
      ["Month", "Income", "Spending", "Net"],
      data.items.map((i) => [
        i.month,
        pesos(i.incomeCentavos),
        pesos(i.spendingCentavos),
        pesos(i.netCentavos),
      ]),
    ],
  });
  chart({
    path: "/api/analytics/merchants",
    operationId: "getTopMerchants",
    summary: "The merchants most was spent at in a period (refunds from them deducted)",
    query: MerchantsQuery,
    schema: TopMerchants,
    description: "Top merchants",
    load: (user, q) => analytics.topMerchants(db, user, periodOf(q.period, currentMonth), q.limit),
    csv: (data) => [
      `top-merchants-${safeName(data.period)}`,
      ["Merchant", "Spending", "Transactions"],
      data.items.map((i) => [i.merchant, pesos(i.spendingCentavos), new Num(String(i.count))]),
    ],
  });
  chart({
    path: "/api/analytics/net-worth",
    operationId: "getNetWorthSeries",
    summary: "Net worth at each month's end, from the first transaction to this month",
    query: NetWorthQuery,
    schema: NetWorthSeries,
    description: "Net worth over time",
    load: (user) => analytics.netWorth(db, user),
    csv: (data) => [
      "net-worth",
      ["Month", "Assets", "Owed on cards", "Net worth"],
      data.items.map((i) => [
        i.month,
        pesos(i.assetsCentavos),
        pesos(i.owedCentavos),
        pesos(i.netWorthCentavos),
      ]),
    ],
  });

  return app;
}
