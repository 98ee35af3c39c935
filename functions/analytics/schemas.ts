import { z } from "@hono/zod-openapi";
import { Centavos } from "../lib/money";
import { parsePeriod } from "./period";

const PeriodParam = z
  .string()
  .max(40)
  .refine((v) => typeof parsePeriod(v) !== "string", {
    error: (issue) => {
      const why = parsePeriod(String(issue.input));
      return typeof why === "string" ? why : "Invalid period";
    },
  })
  .openapi({
    example: "2025-Q1",
    description: "A month (2025-03), a quarter (2025-Q1), a year (2025) or days (2025-01-15..2025-02-20)",
  });

export const Format = z
  .enum(["json", "csv"])
  .default("json")
  .openapi({ description: "csv: the chart's data as a file" });

export const PeriodQuery = z.object({ period: PeriodParam.optional(), format: Format });
export const MerchantsQuery = PeriodQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(10),
});
export const TrendsQuery = z.object({
  month: z
    .string()
    .regex(/^(19|2\d)\d{2}-(0[1-9]|1[0-2])$/, "Use a YYYY-MM month")
    .optional()
    .openapi({ example: "2025-03" }),
  format: Format,
});
export const NetWorthQuery = z.object({ format: Format });

const PeriodFields = {
  period: z.string(),
  from: z.string(),
  to: z.string(),
};

export const SpendingByCategory = z
  .object({
    ...PeriodFields,
    spendingCentavos: Centavos,
    expenseCentavos: Centavos,
    refundsCentavos: Centavos,
    items: z.array(
      z.object({
        categoryId: z.uuid().nullable(),
        name: z.string(),
        color: z.string().nullable(),
        kind: z.enum(["expense", "refund"]),
        totalCentavos: Centavos,
        count: z.number().int(),
      }),
    ),
  })
  .openapi("SpendingByCategory");

export const SpendingByAccount = z
  .object({
    ...PeriodFields,
    items: z.array(
      z.object({
        accountId: z.uuid(),
        name: z.string(),
        kind: z.enum(["bank", "ewallet", "cash", "credit_card"]),
        spendingCentavos: Centavos,
        expenseCentavos: Centavos,
        refundsCentavos: Centavos,
      }),
    ),
  })
  .openapi("SpendingByAccount");

export const SpendingByMember = z
  .object({
    ...PeriodFields,
    items: z.array(
      z.object({
        memberId: z.uuid(),
        name: z.string(),
        spendingCentavos: Centavos,
        expenseCentavos: Centavos,
        refundsCentavos: Centavos,
      }),
    ),
  })
  .openapi("SpendingByMember");

export const CategoryTrends = z
  .object({
    month: z.string(),
    previousMonth: z.string(),
    sameMonthLastYear: z.string(),
    items: z.array(
      z.object({
        categoryId: z.uuid().nullable(),
        name: z.string(),
        kind: z.enum(["expense", "refund"]),
        currentCentavos: Centavos,
        previousMonthCentavos: Centavos,
        sameMonthLastYearCentavos: Centavos,
        changeFromPreviousMonthCentavos: Centavos,
        changeFromLastYearCentavos: Centavos,
      }),
    ),
  })
  .openapi("CategoryTrends");

export const Cashflow = z
  .object({
    ...PeriodFields,
    incomeCentavos: Centavos,
    spendingCentavos: Centavos,
    netCentavos: Centavos,
    items: z.array(
      z.object({
        month: z.string(),
        incomeCentavos: Centavos,
        spendingCentavos: Centavos,
        netCentavos: Centavos,
      }),
    ),
  })
  .openapi("Cashflow");

export const TopMerchants = z
  .object({
    ...PeriodFields,
    items: z.array(z.object({ merchant: z.string(), spendingCentavos: Centavos, count: z.number().int() })),
  })
  .openapi("TopMerchants");

export const NetWorthSeries = z
  .object({
    from: z.string(),
    to: z.string(),
    items: z.array(
      z.object({
        month: z.string(),
        assetsCentavos: Centavos,
        owedCentavos: Centavos,
        netWorthCentavos: Centavos,
      }),
    ),
  })
  .openapi("NetWorthSeries");
