import { z } from "@hono/zod-openapi";
import { Centavos, PositiveAmount } from "../lib/money";
import { IsoDate } from "../transactions/schemas";

export const BillKind = z.enum([
  "rent",
  "electricity",
  "water",
  "internet",
  "subscription",
  "loan",
  "insurance",
  "other",
]);
export const BillScheduleType = z.enum(["monthly", "every_n_months", "yearly"]);

const Name = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(80)
  .refine((s) => !s.includes("\u0000"), "Remove the invalid character");

/**
 * When a bill falls due. `monthly`: on `dueDay` of every month. `every_n_months`: on `dueDay`
 * every `everyMonths` months from `startDate`'s month. `yearly`: every `month`/`dueDay`. A day past
 * the month's end means its last day (31 → 30 April, 28 or 29 February).
 */
const BillFields = {
  name: Name,
  kind: BillKind,
  schedule: BillScheduleType.default("monthly"),
  dueDay: z.number().int().min(1).max(31),
  everyMonths: z.number().int().min(2).max(24).optional().openapi({ description: "every_n_months only" }),
  month: z.number().int().min(1).max(12).optional().openapi({ description: "yearly only: 1-12" }),
  startDate: IsoDate.optional().openapi({ description: "No due date before this (default today)" }),
  expectedAmount: PositiveAmount.nullable().optional(),
  accountId: z.uuid().nullable().optional(),
  categoryId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
};

export const CreateBillBody = z.object(BillFields).openapi("CreateBillBody");
export const UpdateBillBody = z
  .object({
    ...BillFields,
    name: Name.optional(),
    kind: BillKind.optional(),
    schedule: BillScheduleType.optional(),
    dueDay: BillFields.dueDay.optional(),
  })
  .openapi("UpdateBillBody");

export const OccurrenceStatus = z.enum(["upcoming", "due_today", "overdue", "paid"]);

export const Bill = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: BillKind,
    schedule: BillScheduleType,
    dueDay: z.number().int(),
    everyMonths: z.number().int().nullable(),
    month: z.number().int().nullable(),
    startDate: z.string(),
    expectedAmountCentavos: Centavos.nullable(),
    accountId: z.uuid().nullable(),
    accountName: z.string().nullable(),
    categoryId: z.uuid().nullable(),
    active: z.boolean(),
    /** The occurrence to act on: the oldest unpaid one up to 31 days overdue, else the next one. */
    nextDueDate: z.string().nullable(),
    status: OccurrenceStatus.nullable(),
    /** The last occurrence marked paid, if any. */
    lastPaidDueDate: z.string().nullable(),
  })
  .openapi("Bill");
export const BillList = z.object({ items: z.array(Bill) }).openapi("BillList");

export const PayBillBody = z
  .object({
    /** The occurrence paid (default: the bill's current one). */
    dueDate: IsoDate.optional(),
    /** Default: the bill's expected amount. */
    amount: PositiveAmount.optional(),
    /** The day it was paid (default today). */
    date: IsoDate.optional(),
    /** Default: the bill's pay-from account. */
    accountId: z.uuid().optional(),
  })
  .openapi("PayBillBody");

export const PayCardBody = z
  .object({
    fromAccountId: z.uuid(),
    /** Default: what is still owed on the statement. */
    amount: PositiveAmount.optional(),
    date: IsoDate.optional(),
  })
  .openapi("PayCardBody");

export const Payment = z
  .object({
    transactionId: z.uuid(),
    dueDate: z.string(),
    amountCentavos: Centavos,
  })
  .openapi("Payment");

export const DueItem = z
  .object({
    kind: z.enum(["bill", "card"]),
    id: z.uuid(),
    name: z.string(),
    dueDate: z.string(),
    daysLeft: z.number().int(),
    amountCentavos: Centavos.nullable(),
    status: OccurrenceStatus,
    /** Where "Mark paid" opens (also the link a reminder notification carries). */
    payLink: z.string(),
  })
  .openapi("DueItem");
export const DueList = z.object({ today: z.string(), items: z.array(DueItem) }).openapi("DueList");
export const UpcomingQuery = z.object({
  days: z.coerce.number().int().min(0).max(60).default(7),
});

const Offsets = z.array(z.number().int().min(0).max(60)).max(10);
export const ReminderSettings = z
  .object({ beforeDays: Offsets, overdueDays: Offsets })
  .openapi("ReminderSettings");

export const TickResult = z
  .object({ tickDate: z.string(), households: z.number(), sent: z.number(), items: z.number() })
  .openapi("TickResult");

export const IdParam = z.object({ id: z.uuid() });

export type CreateBillInput = z.infer<typeof CreateBillBody>;
export type UpdateBillInput = z.infer<typeof UpdateBillBody>;
export type BillDto = z.infer<typeof Bill>;
export type DueItemDto = z.infer<typeof DueItem>;
