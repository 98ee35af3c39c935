import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { households, users } from "./auth";
import { extractionDrafts, statementCycles } from "./extraction";
import { accounts, money, transactions } from "./ledger";

/**
 * How a card purchase is billed: `months` monthly instalments of the principal, the first on the
 * card's statement of `first_statement_date`, each with `add_on_rate_bps` of the principal as
 * interest (0 for a 0% plan). The purchase itself is one ledger expense (`purchase_transaction_id`);
 * a plan read off a statement whose purchase predates the ledger has none (docs/installments.md).
 */
export const installmentPlans = pgTable(
  "installment_plans",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    cardAccountId: uuid("card_account_id")
      .notNull()
      .references(() => accounts.id),
    purchaseTransactionId: uuid("purchase_transaction_id").references(() => transactions.id, {
      onDelete: "cascade",
    }),
    label: text("label").notNull(),
    principalCentavos: money("principal_centavos").notNull(),
    months: smallint("months").notNull(),
    /** The regular instalment: principal ÷ months rounded down; the first month also bills the remainder. */
    monthlyCentavos: money("monthly_centavos").notNull(),
    addOnRateBps: integer("add_on_rate_bps").notNull().default(0),
    purchaseDate: date("purchase_date").notNull(),
    /** Always one of the card's statement dates. */
    firstStatementDate: date("first_statement_date").notNull(),
    /** "manual" or "statement" (created from an unmatched statement line). */
    source: text("source", { enum: ["manual", "statement"] })
      .notNull()
      .default("manual"),
    /** Pre-termination: the statement that bills the whole remaining principal at once. */
    cancelledStatementDate: date("cancelled_statement_date"),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("installment_plans_purchase_key")
      .on(t.purchaseTransactionId)
      .where(sql`${t.purchaseTransactionId} IS NOT NULL`),
    index("installment_plans_card_idx").on(t.householdId, t.cardAccountId),
    check("installment_plans_months", sql`${t.months} BETWEEN 2 AND 60`),
    check("installment_plans_principal", sql`${t.principalCentavos} > 0`),
    check("installment_plans_rate", sql`${t.addOnRateBps} BETWEEN 0 AND 1000`),
  ],
);

/** A statement line ("INSTALLMENT 03/12") confirmed from smart input and attached to its plan. */
export const installmentBillings = pgTable(
  "installment_billings",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    planId: uuid("plan_id")
      .notNull()
      .references(() => installmentPlans.id, { onDelete: "cascade" }),
    number: smallint("number").notNull(),
    statementDate: date("statement_date").notNull(),
    amountCentavos: money("amount_centavos").notNull(),
    statementCycleId: uuid("statement_cycle_id").references(() => statementCycles.id, {
      onDelete: "set null",
    }),
    draftId: uuid("draft_id").references(() => extractionDrafts.id, { onDelete: "set null" }),
    /** Set when the line was recorded as a card charge (a plan whose purchase is not in the ledger). */
    transactionId: uuid("transaction_id").references(() => transactions.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("installment_billings_plan_number_key").on(t.planId, t.number)],
);
