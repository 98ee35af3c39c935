import { z } from "@hono/zod-openapi";
import { PositiveAmount } from "../lib/money";
import { IsoDate } from "../transactions/schemas";
import { MAX_PASTE_CHARS } from "./meta";

export const IdParam = z.object({ id: z.uuid() });

const Text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes("\u0000"), "Remove the invalid character");

export const Draft = z
  .object({
    id: z.uuid(),
    position: z.number().int(),
    date: z.string(),
    postingDate: z.string().nullable(),
    description: z.string(),
    merchant: z.string().nullable(),
    amountCentavos: z.string(),
    direction: z.enum(["debit", "credit"]),
    kind: z.string(),
    foreignCurrency: z.string().nullable(),
    foreignAmount: z.string().nullable(),
    installment: z
      .object({ number: z.number(), of: z.number(), planTotalCentavos: z.string().nullable() })
      .nullable(),
    categoryHint: z.string().nullable(),
    confidence: z.number(),
    categoryId: z.uuid().nullable(),
    accountId: z.uuid().nullable(),
    fromAccountId: z.uuid().nullable(),
    splits: z.array(z.object({ categoryId: z.uuid(), amountCentavos: z.string() })),
    include: z.boolean(),
    duplicate: z.object({ transactionId: z.uuid(), reason: z.string() }).nullable(),
    confirmedTransactionId: z.uuid().nullable(),
    /** An installment line: the plan it attaches to on confirm (planId null: a new plan from it). */
    attachesToPlan: z
      .object({
        planId: z.uuid().nullable(),
        label: z.string(),
        /** A new plan read from the line's stated total: its principal and monthly add-on interest. */
        newPlan: z
          .object({ principalCentavos: z.string(), months: z.number(), interestCentavos: z.string() })
          .optional(),
      })
      .nullable()
      .optional(),
  })
  .openapi("ExtractionDraft");

const FieldDiff = z.object({ field: z.string(), ai: z.string().nullable(), offline: z.string().nullable() });
const LineBrief = z.object({
  position: z.number().int(),
  date: z.string(),
  description: z.string(),
  amountCentavos: z.string(),
  direction: z.enum(["debit", "credit"]),
});

export const Review = z
  .object({
    batch: z.object({
      id: z.uuid(),
      documentId: z.uuid().nullable(),
      kind: z.enum(["receipt", "statement"]),
      extractor: z.string(),
      status: z.enum(["review", "confirmed"]),
      summary: z.record(z.string(), z.unknown()).nullable(),
      warnings: z.array(z.string()),
      accountId: z.uuid().nullable(),
      createdAt: z.string(),
      confirmedAt: z.string().nullable(),
      statementCycleId: z.uuid().nullable(),
    }),
    drafts: z.array(Draft),
    /** When an AI provider and the offline extractor both read the document: where they disagree. */
    compare: z
      .object({
        against: z.string(),
        totals: z.array(FieldDiff),
        /** Lines both read, paired by content: the AI's line (its draft's position) and the offline line. */
        lines: z.array(
          z.object({
            position: z.number().int(),
            offlinePosition: z.number().int(),
            diffs: z.array(FieldDiff),
          }),
        ),
        /** Lines only the AI found (positions are the drafts'). */
        aiOnly: z.array(LineBrief),
        /** Lines only the offline extractor found: no draft holds them. */
        offlineOnly: z.array(LineBrief),
        lineCounts: z.object({ ai: z.number().int(), offline: z.number().int() }),
      })
      .nullable(),
  })
  .openapi("ExtractionReview");

export const DraftPatchBody = z
  .object({
    date: IsoDate.optional(),
    merchant: Text(200).nullable().optional(),
    amount: PositiveAmount.optional(),
    categoryId: z.uuid().nullable().optional(),
    accountId: z.uuid().nullable().optional(),
    fromAccountId: z.uuid().nullable().optional(),
    splits: z
      .array(z.object({ categoryId: z.uuid(), amount: PositiveAmount }))
      .max(50)
      .optional(),
    include: z.boolean().optional(),
  })
  .strict();

export const ConfirmResult = z
  .object({
    batchId: z.uuid(),
    documentId: z.uuid().nullable(),
    transactionIds: z.array(z.uuid()),
    transactionCount: z.number().int(),
    statementCycleId: z.uuid().nullable(),
    accountId: z.uuid().nullable(),
  })
  .openapi("ExtractionConfirmResult");

export const PromptQuery = z.object({ kind: z.enum(["receipt", "statement"]).default("receipt") });
export const Prompt = z.object({ kind: z.enum(["receipt", "statement"]), prompt: z.string() });

export const PasteBody = z
  .object({
    text: z
      .string()
      .min(1, "Paste the AI's answer or the statement text")
      .max(MAX_PASTE_CHARS, "The pasted text is too long")
      .refine((s) => !s.includes("\u0000"), "Remove the invalid character"),
  })
  .strict();

export const BatchPatchBody = z.object({ accountId: z.uuid() }).strict();
