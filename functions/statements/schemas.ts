import { z } from "@hono/zod-openapi";
import { Centavos } from "../lib/money";
import { IsoDate } from "../transactions/schemas";

export const IdParam = z.object({ id: z.uuid() });

export const HistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(60).default(12),
  cursor: z.string().max(300).optional(),
});

/** The history's keyset: the statement date of the last row served; the next page is older. */
export const HistoryCursor = z.object({ before: IsoDate }).strict();

export const CycleStatus = z.enum(["paid_on_time", "paid_late", "partly_paid", "unpaid", "not_due_yet"]);

const InstallmentLine = z
  .object({
    planId: z.string(),
    label: z.string(),
    number: z.number().int(),
    of: z.number().int(),
    amountCentavos: Centavos,
  })
  .openapi("BilledInstallment");

export const Cycle = z
  .object({
    statementDate: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    dueDate: z.string().nullable(),
    /** "statement": recorded from the uploaded statement; "computed": from the statement day and the ledger. */
    source: z.enum(["statement", "computed"]),
    statementCycleId: z.uuid().nullable(),
    documentId: z.uuid().nullable(),
    totalDueCentavos: Centavos,
    minimumDueCentavos: Centavos,
    /** True when the minimum is this app's estimate (docs/statements.md), not the bank's figure. */
    minimumEstimated: z.boolean(),
    chargesCentavos: Centavos,
    creditsCentavos: Centavos,
    interestFeesCentavos: Centavos,
    paidByDueDateCentavos: Centavos,
    paidAfterDueDateCentavos: Centavos,
    minimumMet: z.boolean(),
    status: CycleStatus,
    paidOn: z.string().nullable(),
    installments: z.array(InstallmentLine),
  })
  .openapi("StatementCycle");

export const CycleList = z
  .object({ items: z.array(Cycle), nextCursor: z.string().nullable() })
  .openapi("StatementCycleList");

export const CurrentCycle = z
  .object({
    cardId: z.uuid(),
    cardName: z.string(),
    today: z.string(),
    periodStart: z.string(),
    /** Null for a card without a statement day (nothing to project). */
    projectedStatementDate: z.string().nullable(),
    projectedDueDate: z.string().nullable(),
    daysToStatement: z.number().int().nullable(),
    chargesCentavos: Centavos,
    creditsCentavos: Centavos,
    paymentsCentavos: Centavos,
    interestFeesCentavos: Centavos,
    /** What the card owes today by the ledger. */
    balanceOwedCentavos: Centavos,
    /** What the statement would say if it closed today: the balance owed less installments not billed yet. */
    runningTotalCentavos: Centavos,
    installments: z.array(InstallmentLine),
    lastStatement: Cycle.nullable(),
  })
  .openapi("CurrentStatementCycle");

export type CycleDto = z.infer<typeof Cycle>;
