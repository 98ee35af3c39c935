import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { households, users } from "./auth";
import { documents } from "./documents";
import { accounts, categories, money, transactions } from "./ledger";

/**
 * One set of drafts to review: what one extraction attempt of a document produced, or one
 * pasted AI answer (document_id null). Confirming it turns its included drafts into
 * transactions; `confirm_result` replays the answer when confirm is pressed again.
 */
export const extractionBatches = pgTable(
  "extraction_batches",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    documentId: uuid("document_id").references(() => documents.id, { onDelete: "cascade" }),
    /** The document's attempt this batch came from (1 for a paste). */
    attempt: integer("attempt").notNull().default(1),
    kind: text("kind", { enum: ["receipt", "statement"] }).notNull(),
    /** "statement:bpi", "receipt:tesseract", "paste", "paste:statement-text". */
    extractor: text("extractor").notNull(),
    /** The StatementSummary or ReceiptSummary the extractor read (functions/extraction/result.ts). */
    summary: jsonb("summary"),
    warnings: jsonb("warnings").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** The card suggested for a statement (matching card_last4), or chosen by the member. */
    accountId: uuid("account_id").references(() => accounts.id),
    status: text("status", { enum: ["review", "confirmed"] })
      .notNull()
      .default("review"),
    confirmedBy: uuid("confirmed_by").references(() => users.id),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    confirmResult: jsonb("confirm_result"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("extraction_batches_document_attempt_key")
      .on(t.documentId, t.attempt)
      .where(sql`${t.documentId} IS NOT NULL`),
    index("extraction_batches_household_idx").on(t.householdId, t.createdAt.desc()),
  ],
);

/** One line to review: a statement line, a receipt's total, or a pasted item. */
export const extractionDrafts = pgTable(
  "extraction_drafts",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => extractionBatches.id, { onDelete: "cascade" }),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    position: integer("position").notNull(),
    date: date("date").notNull(),
    postingDate: date("posting_date"),
    description: text("description").notNull(),
    merchant: text("merchant"),
    amountCentavos: money("amount_centavos").notNull(),
    direction: text("direction", { enum: ["debit", "credit"] }).notNull(),
    kind: text("kind").notNull(),
    foreignCurrency: text("foreign_currency"),
    foreignAmount: text("foreign_amount"),
    installment: jsonb("installment"),
    categoryHint: text("category_hint"),
    confidence: real("confidence").notNull().default(1),
    /** The member's choices (prefilled with suggestions). */
    categoryId: uuid("category_id").references(() => categories.id),
    accountId: uuid("account_id").references(() => accounts.id),
    /** A card payment: the bank account the money came from (the card is accountId). */
    fromAccountId: uuid("from_account_id").references(() => accounts.id),
    splits: jsonb("splits")
      .$type<{ categoryId: string; amountCentavos: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    include: boolean("include").notNull().default(true),
    /** A likely duplicate of a transaction already in the ledger (excluded by default). */
    duplicateOfTransactionId: uuid("duplicate_of_transaction_id"),
    duplicateReason: text("duplicate_reason"),
    confirmedTransactionId: uuid("confirmed_transaction_id").references(() => transactions.id, {
      onDelete: "set null",
    }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("extraction_drafts_batch_position_key").on(t.batchId, t.position),
    index("extraction_drafts_confirmed_idx")
      .on(t.confirmedTransactionId)
      .where(sql`${t.confirmedTransactionId} IS NOT NULL`),
    check("extraction_drafts_amount_positive", sql`${t.amountCentavos} > 0`),
  ],
);

/**
 * A card's statement as the bank printed it, recorded when a statement is confirmed. Reminders
 * (due date) and analytics (cycle totals) read it; one per card and statement date.
 */
export const statementCycles = pgTable(
  "statement_cycles",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    documentId: uuid("document_id").references(() => documents.id, { onDelete: "set null" }),
    batchId: uuid("batch_id").references(() => extractionBatches.id, { onDelete: "set null" }),
    issuer: text("issuer"),
    statementDate: date("statement_date").notNull(),
    dueDate: date("due_date"),
    periodStart: date("period_start"),
    periodEnd: date("period_end"),
    totalDueCentavos: money("total_due_centavos"),
    minimumDueCentavos: money("minimum_due_centavos"),
    previousBalanceCentavos: money("previous_balance_centavos"),
    paymentsCreditsCentavos: money("payments_credits_centavos"),
    creditLimitCentavos: money("credit_limit_centavos"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("statement_cycles_account_date_key").on(t.accountId, t.statementDate),
    index("statement_cycles_household_due_idx").on(t.householdId, t.dueDate),
  ],
);

/** The statement's line items that became transactions, in statement order. */
export const statementCycleLines = pgTable(
  "statement_cycle_lines",
  {
    cycleId: uuid("cycle_id")
      .notNull()
      .references(() => statementCycles.id, { onDelete: "cascade" }),
    transactionId: uuid("transaction_id")
      .notNull()
      .references(() => transactions.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.transactionId] })],
);
