import { z } from "@hono/zod-openapi";
import { Centavos, PositiveAmount } from "../lib/money";

export const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a YYYY-MM month")
  .refine((m) => m >= "1900-01" && m <= "2999-12", "Use a month between 1900 and 2999")
  .openapi({ example: "2026-11" });

const Thresholds = z
  .array(
    z
      .number()
      .int("Use whole percentages")
      .min(1, "Use a percentage from 1 to 1000")
      .max(1000, "Use a percentage from 1 to 1000"),
  )
  .min(1, "Keep at least one threshold")
  .max(5, "At most 5 thresholds")
  .refine((t) => new Set(t).size === t.length, "Each threshold once")
  .openapi({ example: [80, 100] });

export const CreateBudgetBody = z
  .object({
    /** An expense category of the household; null or absent for the overall budget. */
    categoryId: z.uuid().nullable().optional(),
    /** A personal budget: only the member who creates it sees it, and it counts what they recorded. */
    personal: z.boolean().optional(),
    limit: PositiveAmount,
    /** First month the budget applies to; the current month (Asia/Manila) by default. */
    fromMonth: Month.optional(),
    rollover: z.boolean().optional(),
    thresholds: Thresholds.optional(),
  })
  .openapi("CreateBudgetBody");

export const UpdateBudgetBody = z
  .object({
    /** The new limit, from `fromMonth` (default: the current month) onward; earlier months keep theirs. */
    limit: PositiveAmount.optional(),
    fromMonth: Month.optional(),
    rollover: z.boolean().optional(),
    thresholds: Thresholds.optional(),
  })
  .refine((b) => b.fromMonth === undefined || b.limit !== undefined, {
    message: "fromMonth goes with a new limit",
    path: ["fromMonth"],
  })
  .openapi("UpdateBudgetBody");

export const IdParam = z.object({
  id: z
    .uuid()
    .openapi({ param: { name: "id", in: "path" }, example: "019350a4-0000-7000-8000-000000000000" }),
});

export const ProgressQuery = z.object({
  month: Month.optional().openapi({ param: { name: "month", in: "query" } }),
});

const Named = z.object({ id: z.uuid(), name: z.string() });

export const Budget = z
  .object({
    id: z.uuid(),
    categoryId: z.uuid().nullable(),
    category: Named.nullable(),
    memberId: z.uuid().nullable(),
    personal: z.boolean(),
    rollover: z.boolean(),
    thresholds: z.array(z.number().int()),
    /** The limit of the current month; null when the budget starts later. */
    limitCentavos: Centavos.nullable(),
    /** First month the budget applies to. */
    fromMonth: Month,
    /** Every limit change, oldest first: each applies from its month until the next. */
    limits: z.array(z.object({ fromMonth: Month, limitCentavos: Centavos })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Budget");

export const BudgetList = z.object({ items: z.array(Budget) }).openapi("BudgetList");

export const BudgetProgress = z
  .object({
    budgetId: z.uuid(),
    categoryId: z.uuid().nullable(),
    category: Named.nullable(),
    memberId: z.uuid().nullable(),
    personal: z.boolean(),
    rollover: z.boolean(),
    thresholds: z.array(z.number().int()),
    /** The month's own limit. */
    limitCentavos: Centavos,
    /** Left over from earlier months (negative: overspent), with rollover on. */
    carriedCentavos: Centavos,
    /** limit + carried, never below 0: what the month may spend. */
    availableCentavos: Centavos,
    spentCentavos: Centavos,
    /** available − spent (negative when over budget). */
    leftCentavos: Centavos,
    /** spent ÷ available × 100, one decimal; null when nothing is available. */
    percent: z.number().nullable(),
    over: z.boolean(),
    /** What may be spent per day for the rest of the month, today included; null once no day is left. */
    dailyAllowanceCentavos: Centavos.nullable(),
    /** Month-end spending at the pace so far; the actual figure for a past month, null for a future one. */
    projectedCentavos: Centavos.nullable(),
    /** Thresholds that already alerted this month. */
    alerted: z.array(z.number().int()),
  })
  .openapi("BudgetProgress");

export const ProgressResponse = z
  .object({
    month: Month,
    /** Today in Asia/Manila. */
    today: z.string(),
    daysInMonth: z.number().int(),
    /** Days left in the month, today included (0 for a past month). */
    daysLeft: z.number().int(),
    items: z.array(BudgetProgress),
  })
  .openapi("BudgetProgressList");
