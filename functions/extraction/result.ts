import { z } from "zod";

/**
 * What every extractor produces — statement parsers, receipt OCR, a pasted AI answer, and later
 * Gemini/Claude/Ollama — so review, duplicate checks and confirm never care where drafts came from.
 * Money is integer centavos as a decimal string (JSON has no bigint; never a float).
 */
const Centavos = z.string().regex(/^\d+$/, "positive integer centavos as a string");
const IsoDate = z.iso.date();
/** 0 = a guess, 1 = certain; lets the review screen highlight what to check. */
const Confidence = z.number().min(0).max(1);

export const InstallmentInfo = z.object({
  /** This line is installment `number` of `of` ("3/12"). */
  number: z.number().int().min(1),
  of: z.number().int().min(1),
  /** The plan's whole principal, when the statement prints it. */
  planTotalCentavos: Centavos.nullable(),
});

export const DraftLine = z.object({
  /** When the purchase happened (Asia/Manila calendar date). */
  date: IsoDate,
  /** When the bank posted it (statements only). */
  postingDate: IsoDate.nullable(),
  /** The text as printed: the statement line or the receipt's merchant. */
  description: z.string().min(1).max(500),
  /** The merchant name cleaned of store numbers and city, when one can be told. */
  merchant: z.string().max(200).nullable(),
  /** Always positive; `direction` says which way it moves the account. */
  amountCentavos: Centavos,
  /**
   * debit: spending or a charge on the card (purchase, fee, interest, installment);
   * credit: money back to the account (payment, refund, reversal).
   */
  direction: z.enum(["debit", "credit"]),
  kind: z.enum([
    "purchase",
    "payment",
    "refund",
    "reversal",
    "fee",
    "interest",
    "installment",
    "cash_advance",
  ]),
  /** A foreign-currency charge keeps what was charged abroad, e.g. USD 12.99. */
  foreignCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable(),
  /** The original amount in that currency, as printed ("12.99"); a decimal string, never a float. */
  foreignAmount: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .nullable(),
  installment: InstallmentInfo.nullable(),
  /** A category name the extractor or AI suggests; matched to the household's categories later. */
  categoryHint: z.string().max(100).nullable(),
  confidence: Confidence,
});
export type DraftLine = z.infer<typeof DraftLine>;

export const StatementSummary = z.object({
  /** Issuer id of the parser that read it ("bpi", "bdo", …) or "generic". */
  issuer: z.string().min(1),
  cardLast4: z
    .string()
    .regex(/^\d{4}$/)
    .nullable(),
  periodStart: IsoDate.nullable(),
  periodEnd: IsoDate.nullable(),
  statementDate: IsoDate.nullable(),
  dueDate: IsoDate.nullable(),
  totalDueCentavos: Centavos.nullable(),
  minimumDueCentavos: Centavos.nullable(),
  previousBalanceCentavos: Centavos.nullable(),
  paymentsCreditsCentavos: Centavos.nullable(),
  creditLimitCentavos: Centavos.nullable(),
});
export type StatementSummary = z.infer<typeof StatementSummary>;

export const ReceiptSummary = z.object({
  merchant: z.string().nullable(),
  merchantConfidence: Confidence,
  date: IsoDate.nullable(),
  dateConfidence: Confidence,
  totalCentavos: Centavos.nullable(),
  totalConfidence: Confidence,
  /** The seller's BIR TIN when printed (never mistaken for the merchant). */
  tin: z.string().nullable(),
});
export type ReceiptSummary = z.infer<typeof ReceiptSummary>;

export const ExtractionResult = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("statement"),
    statement: StatementSummary,
    lines: z.array(DraftLine),
    warnings: z.array(z.string()),
  }),
  z.object({
    kind: z.literal("receipt"),
    receipt: ReceiptSummary,
    /** Usually one line (the total); itemised receipts may give more. */
    lines: z.array(DraftLine),
    warnings: z.array(z.string()),
  }),
]);
export type ExtractionResult = z.infer<typeof ExtractionResult>;

/**
 * An extraction that cannot go on, with a reason the user can act on
 * ("the photo is too blurry to read the total"). `code` is stable for tests and the UI.
 */
export class ExtractionFailure extends Error {
  constructor(
    readonly code:
      | "unreadable"
      | "too_blurry"
      | "no_total"
      | "not_a_statement"
      | "needs_password"
      | "unsupported"
      | "empty",
    readonly reason: string,
  ) {
    super(reason);
    this.name = "ExtractionFailure";
  }
}
