import { z } from "@hono/zod-openapi";
import { Centavos, PositiveAmount } from "../lib/money";
import { IsoDate } from "../transactions/schemas";

const Label = z
  .string()
  .trim()
  .min(1, "Enter what was bought")
  .max(80)
  .refine((s) => !s.includes("\u0000"), "Remove the invalid character");
const Months = z.number().int().min(2, "A plan has at least 2 months").max(60, "At most 60 months");
/** Monthly add-on rate in basis points: 79 = 0.79% of the principal a month; 0 for a 0% plan. */
const AddOnRateBps = z.number().int().min(0).max(1000).openapi({ example: 0 });

export const CreatePlanBody = z
  .object({
    /** Make this existing card expense an installment plan (its amount is the principal). */
    transactionId: z.uuid().optional(),
    /** From scratch: the purchase is recorded in the ledger with the plan. */
    cardAccountId: z.uuid().optional(),
    amount: PositiveAmount.optional(),
    date: IsoDate.optional().openapi({ description: "Purchase date (default today)" }),
    categoryId: z.uuid().nullable().optional(),
    label: Label.optional().openapi({ description: "Default: the purchase's merchant" }),
    months: Months,
    addOnRateBps: AddOnRateBps.default(0),
    /** Default: the card's first statement on or after the purchase date. */
    firstStatementDate: IsoDate.optional(),
  })
  .openapi("CreateInstallmentPlanBody");

export const UpdatePlanBody = z
  .object({
    label: Label.optional(),
    months: Months.optional(),
    addOnRateBps: AddOnRateBps.optional(),
    firstStatementDate: IsoDate.optional(),
  })
  .openapi("UpdateInstallmentPlanBody");

export const CancelPlanBody = z
  .object({ date: IsoDate.optional().openapi({ description: "Pre-termination date (default today)" }) })
  .openapi("CancelInstallmentPlanBody");

export const ScheduleItem = z.object({
  number: z.number().int(),
  of: z.number().int(),
  statementDate: z.string(),
  dueDate: z.string(),
  amountCentavos: Centavos,
  interestCentavos: Centavos,
  preTermination: z.boolean(),
  billed: z.boolean(),
});

export const Plan = z
  .object({
    id: z.uuid(),
    cardAccountId: z.uuid(),
    cardName: z.string(),
    purchaseTransactionId: z.uuid().nullable(),
    label: z.string(),
    principalCentavos: Centavos,
    months: z.number().int(),
    monthlyCentavos: Centavos,
    addOnRateBps: z.number().int(),
    purchaseDate: z.string(),
    firstStatementDate: z.string(),
    source: z.enum(["manual", "statement"]),
    status: z.enum(["active", "paid_off", "cancelled"]),
    cancelledStatementDate: z.string().nullable(),
    /** Instalments whose statement has closed, of `months`. */
    billedCount: z.number().int(),
    billedPrincipalCentavos: Centavos,
    remainingPrincipalCentavos: Centavos,
    next: ScheduleItem.nullable(),
    schedule: z.array(ScheduleItem),
  })
  .openapi("InstallmentPlan");
export const PlanList = z
  .object({
    today: z.string(),
    /**
     * Instalment principal not yet on a closed statement, over the plans listed: the part of the
     * cards' outstanding that is not billed yet (the rest of the outstanding is billed).
     */
    unbilledPrincipalCentavos: Centavos,
    items: z.array(Plan),
  })
  .openapi("InstallmentPlanList");
export const ListQuery = z.object({ cardAccountId: z.uuid().optional() });

export const ObligationItem = z.object({
  kind: z.enum(["installment", "bill"]),
  id: z.uuid(),
  name: z.string(),
  dueDate: z.string(),
  /** Null for a bill without an expected amount (not in the total). */
  amountCentavos: Centavos.nullable(),
  detail: z.string(),
});
export const ObligationMonth = z.object({
  month: z.string(),
  installmentsCentavos: Centavos,
  billsCentavos: Centavos,
  totalCentavos: Centavos,
  items: z.array(ObligationItem),
});
export const FutureObligations = z
  .object({ today: z.string(), months: z.array(ObligationMonth) })
  .openapi("FutureObligations");

export const IdParam = z.object({ id: z.uuid() });

export type CreatePlanInput = z.infer<typeof CreatePlanBody>;
export type UpdatePlanInput = z.infer<typeof UpdatePlanBody>;
export type PlanDto = z.infer<typeof Plan>;
export type FutureObligationsDto = z.infer<typeof FutureObligations>;
