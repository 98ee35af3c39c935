import { z } from "zod";

/**
 * The JSON an AI is asked to answer with when it reads a receipt or a card statement: the
 * member's own chat today (manual paste), structured output of Gemini/Claude/Ollama later
 * (issue 12). Plain JSON types only, so `z.toJSONSchema` gives the schema put in the prompt.
 * Amounts are peso strings with two decimals ("1234.50"); dates are YYYY-MM-DD.
 */
const Pesos = z
  .string()
  .regex(/^\d+(\.\d{1,2})?$/)
  .describe('Pesos as a string with at most two decimals, no sign or symbol, e.g. "1234.50"');
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe("YYYY-MM-DD");

export const AnswerLine = z.object({
  date: Day.describe("Transaction date, YYYY-MM-DD"),
  postingDate: Day.nullable().optional().describe("Posting date on a statement, YYYY-MM-DD"),
  description: z.string().min(1).max(500).describe("The line as printed"),
  merchant: z.string().max(200).nullable().optional().describe("Merchant name without branch or city"),
  amount: Pesos,
  direction: z
    .enum(["debit", "credit"])
    .describe("debit = spending or a charge; credit = payment, refund or reversal"),
  kind: z
    .enum(["purchase", "payment", "refund", "reversal", "fee", "interest", "installment", "cash_advance"])
    .optional(),
  category: z.string().max(100).nullable().optional().describe("One of the household's category names"),
  foreignCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .optional(),
  foreignAmount: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .nullable()
    .optional(),
  installment: z
    .object({
      number: z.number().int().min(1),
      of: z.number().int().min(1),
      // optional so answers written before it existed stay valid
      planTotal: Pesos.nullable()
        .optional()
        .describe(
          "The whole plan's amount (its principal) when the statement prints it, not this month's instalment",
        ),
    })
    .nullable()
    .optional()
    .describe('An installment line "3/12": number 3 of 12; amount is what this statement bills'),
});

export const AnswerStatement = z.object({
  issuer: z.string().nullable().optional().describe("The bank, e.g. BPI, BDO, Metrobank"),
  cardLast4: z
    .string()
    .regex(/^\d{4}$/)
    .nullable()
    .optional(),
  statementDate: Day.nullable().optional(),
  dueDate: Day.nullable().optional(),
  periodStart: Day.nullable().optional(),
  periodEnd: Day.nullable().optional(),
  totalDue: Pesos.nullable().optional(),
  minimumDue: Pesos.nullable().optional(),
  previousBalance: Pesos.nullable().optional(),
  paymentsCredits: Pesos.nullable().optional(),
  creditLimit: Pesos.nullable().optional(),
});

export const AnswerReceipt = z.object({
  merchant: z.string().nullable().optional(),
  date: Day.nullable().optional(),
  total: Pesos.nullable().optional(),
  tin: z.string().nullable().optional().describe("The seller's BIR TIN if printed"),
});

export const Answer = z.object({
  kind: z.enum(["receipt", "statement"]),
  statement: AnswerStatement.nullable().optional(),
  receipt: AnswerReceipt.nullable().optional(),
  lines: z.array(AnswerLine).max(1000),
});
export type Answer = z.infer<typeof Answer>;

/** The JSON Schema given to an AI (the prompt today, structured output later). */
export const answerJsonSchema = () => z.toJSONSchema(Answer);
