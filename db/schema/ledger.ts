import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { households, users } from "./auth";
import { documents } from "./documents";

export const accountKind = pgEnum("account_kind", ["bank", "ewallet", "cash", "credit_card"]);
export const accountVisibility = pgEnum("account_visibility", ["shared", "private"]);
export const categoryKind = pgEnum("category_kind", ["expense", "income"]);
export const transactionType = pgEnum("transaction_type", ["income", "expense", "transfer"]);
/** How a transaction moves an account's money, as kept in the rollups. */
export const flowKind = pgEnum("flow_kind", ["income", "expense", "transfer_in", "transfer_out"]);

/** Centavos: integer money, read as bigint so no amount ever passes through a float. */
export const money = (name: string) => bigint(name, { mode: "bigint" });
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/**
 * Bank accounts, e-wallets (GCash, Maya…), cash and credit cards. Balances are signed asset
 * values: a card that is owed ₱5,000 has a balance of -500000 centavos.
 */
export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    kind: accountKind("kind").notNull(),
    institution: text("institution"),
    currency: char("currency", { length: 3 }).notNull().default("PHP"),
    openingBalanceCentavos: money("opening_balance_centavos").notNull().default(sql`0`),
    openingDate: date("opening_date").notNull(),
    visibility: accountVisibility("visibility").notNull().default("shared"),
    sortOrder: integer("sort_order").notNull().default(0),
    color: text("color"),
    // credit cards only
    cardLast4: char("card_last4", { length: 4 }),
    creditLimitCentavos: money("credit_limit_centavos"),
    statementDay: smallint("statement_day"),
    dueDay: smallint("due_day"),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("accounts_household_idx").on(t.householdId, t.sortOrder),
    check("accounts_statement_day", sql`${t.statementDay} IS NULL OR ${t.statementDay} BETWEEN 1 AND 31`),
    check("accounts_due_day", sql`${t.dueDay} IS NULL OR ${t.dueDay} BETWEEN 1 AND 31`),
  ],
);

export const categories = pgTable(
  "categories",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    name: text("name").notNull(),
    kind: categoryKind("kind").notNull(),
    icon: text("icon"),
    color: text("color"),
    sortOrder: integer("sort_order").notNull().default(0),
    isDefault: boolean("is_default").notNull().default(false),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("categories_name_key").on(t.householdId, t.kind, sql`lower(${t.name})`)],
);

/**
 * Income, expense or transfer. `amountCentavos` is always positive; the type says which way
 * it moves. A credit-card payment is a transfer (bank → card), never an expense: the expense
 * was recorded at the swipe.
 */
export const transactions = pgTable(
  "transactions",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    type: transactionType("type").notNull(),
    date: date("date").notNull(),
    amountCentavos: money("amount_centavos").notNull(),
    // expense and transfer: the account money leaves; income: the account it arrives in
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    // transfers only
    toAccountId: uuid("to_account_id").references(() => accounts.id),
    // null for transfers and for split transactions (see transaction_splits)
    categoryId: uuid("category_id").references(() => categories.id),
    merchant: text("merchant"),
    notes: text("notes"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    // a foreign-currency card charge keeps what the receipt said beside the PHP amount
    originalAmountMinor: bigint("original_amount_minor", { mode: "bigint" }),
    originalCurrency: char("original_currency", { length: 3 }),
    // a transfer fee is its own expense, linked to its transfer
    feeForId: uuid("fee_for_id"),
    importBatchId: uuid("import_batch_id"),
    importFingerprint: text("import_fingerprint"),
    // the receipt or statement it was recorded from; deleting the document keeps the transaction
    documentId: uuid("document_id").references(() => documents.id, { onDelete: "set null" }),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // soft delete: "delete with undo" restores the row as it was
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    // Clearing is per side: a transfer moves two accounts and reconciling one of them says
    // nothing about the other. `cleared*` is the side of account_id, `toCleared*` that of
    // to_account_id; each names the reconciliation that cleared it, so undoing that one
    // un-clears exactly what it cleared.
    clearedAt: timestamp("cleared_at", { withTimezone: true }),
    clearedBy: uuid("cleared_by").references((): AnyPgColumn => reconciliations.id),
    toClearedAt: timestamp("to_cleared_at", { withTimezone: true }),
    toClearedBy: uuid("to_cleared_by").references((): AnyPgColumn => reconciliations.id),
  },
  (t) => [
    index("transactions_household_date_idx").on(t.householdId, t.date.desc(), t.id.desc()),
    index("transactions_account_date_idx").on(t.accountId, t.date.desc(), t.id.desc()),
    index("transactions_to_account_date_idx").on(t.toAccountId, t.date.desc(), t.id.desc()),
    index("transactions_category_date_idx").on(t.categoryId, t.date.desc()),
    index("transactions_import_batch_idx").on(t.importBatchId),
    // a personal budget counts what its member recorded, month by month
    index("transactions_creator_date_idx")
      .on(t.householdId, t.createdBy, t.date)
      .where(sql`${t.deletedAt} IS NULL`),
    index("transactions_document_idx").on(t.documentId),
    // a reconciliation reads the uncleared entries of one account up to a date
    index("transactions_uncleared_account_idx")
      .on(t.accountId, t.date)
      .where(sql`${t.clearedAt} IS NULL AND ${t.deletedAt} IS NULL`),
    index("transactions_uncleared_to_account_idx")
      .on(t.toAccountId, t.date)
      .where(sql`${t.toClearedAt} IS NULL AND ${t.deletedAt} IS NULL AND ${t.toAccountId} IS NOT NULL`),
    // a transfer's fee is looked up from its transfer (lists, delete, restore)
    index("transactions_fee_for_idx").on(t.feeForId).where(sql`${t.feeForId} IS NOT NULL`),
    uniqueIndex("transactions_import_fingerprint_key")
      .on(t.householdId, t.importFingerprint)
      .where(sql`${t.importFingerprint} IS NOT NULL AND ${t.deletedAt} IS NULL`),
    check(
      "transactions_amount_positive",
      sql`${t.amountCentavos} > 0 AND ${t.amountCentavos} <= 100000000000`,
    ),
    check("transactions_to_cleared_shape", sql`${t.toAccountId} IS NOT NULL OR ${t.toClearedAt} IS NULL`),
    check(
      "transactions_transfer_shape",
      sql`(${t.type} = 'transfer') = (${t.toAccountId} IS NOT NULL) AND ${t.toAccountId} IS DISTINCT FROM ${t.accountId}`,
    ),
  ],
);

export const transactionSplits = pgTable(
  "transaction_splits",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    transactionId: uuid("transaction_id")
      .notNull()
      .references(() => transactions.id, { onDelete: "cascade" }),
    categoryId: uuid("category_id")
      .notNull()
      .references(() => categories.id),
    amountCentavos: money("amount_centavos").notNull(),
    note: text("note"),
  },
  (t) => [
    index("transaction_splits_tx_idx").on(t.transactionId),
    check("transaction_splits_amount_positive", sql`${t.amountCentavos} > 0`),
  ],
);

/**
 * Per account, month, category and flow: the sum and count of live transactions, kept in the
 * same database transaction as every ledger write. Balances and month summaries read these
 * few hundred rows instead of scanning years of transactions.
 */
export const ledgerRollups = pgTable(
  "ledger_rollups",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    month: date("month").notNull(),
    // the nil uuid stands for "no category" so the primary key stays simple
    categoryId: uuid("category_id").notNull(),
    flow: flowKind("flow").notNull(),
    totalCentavos: money("total_centavos").notNull().default(sql`0`),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.month, t.categoryId, t.flow] })],
);

/**
 * Per account, month and merchant (compared ignoring case and surrounding spaces): the sum and
 * count of live income and expense entries that name one, kept by the same writes as
 * `ledger_rollups`. Income keeps its category (refunds are income in the Refunds category and
 * reduce a merchant's spending); expenses are under the nil uuid. Top merchants reads a few
 * rows per month from here instead of every transaction of the period.
 */
export const merchantRollups = pgTable(
  "merchant_rollups",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    month: date("month").notNull(),
    merchantKey: text("merchant_key").notNull(),
    flow: flowKind("flow").notNull(),
    categoryId: uuid("category_id").notNull(),
    // the name as first written, for display
    merchant: text("merchant").notNull(),
    totalCentavos: money("total_centavos").notNull().default(sql`0`),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.month, t.merchantKey, t.flow, t.categoryId] })],
);

/**
 * Net change of each account per month (income + transfers in − expenses − transfers out),
 * kept beside `ledger_rollups` by the same writes: a balance reads one row per month of history,
 * however many transactions and categories the month holds.
 */
export const accountMonthTotals = pgTable(
  "account_month_totals",
  {
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    month: date("month").notNull(),
    netCentavos: money("net_centavos").notNull().default(sql`0`),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.month] })],
);

/**
 * An account checked against the balance its bank, wallet app or card statement shows. The
 * difference is recorded here as the adjustment (a signed asset value, 0 when they agreed): it
 * moves the account's balance through `account_month_totals` but never `ledger_rollups`, so it
 * is neither income nor spending in any summary or budget.
 */
export const reconciliations = pgTable(
  "reconciliations",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    asOf: date("as_of").notNull(),
    // as the member entered it: for a card, the amount owed (positive)
    statementBalanceCentavos: money("statement_balance_centavos").notNull(),
    // signed asset values, like every balance
    balanceBeforeCentavos: money("balance_before_centavos").notNull(),
    adjustmentCentavos: money("adjustment_centavos").notNull(),
    clearedCount: integer("cleared_count").notNull().default(0),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("reconciliations_account_idx").on(t.accountId, t.asOf.desc(), t.createdAt.desc())],
);

export const importSource = pgEnum("import_source", ["notion", "csv", "fintrack"]);
export const importStatus = pgEnum("import_status", [
  "previewed",
  "importing",
  "completed",
  "failed",
  "undone",
]);

export interface ImportReport {
  duplicateRows: number;
  errorRows: number;
  createdCategories: string[];
  unknownCategories: string[];
  unknownAccounts: string[];
}

export const importBatches = pgTable(
  "import_batches",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    source: importSource("source").notNull(),
    filename: text("filename"),
    status: importStatus("status").notNull().default("previewed"),
    mapping: text("mapping"),
    // the uploaded CSV between preview and commit (any pod may serve the commit); cleared when done
    content: text("content"),
    totalRows: integer("total_rows").notNull().default(0),
    processedRows: integer("processed_rows").notNull().default(0),
    importedRows: integer("imported_rows").notNull().default(0),
    skippedRows: integer("skipped_rows").notNull().default(0),
    error: text("error"),
    // rows that could not be imported: [{ row, message }] (row 1 is the header)
    rowErrors: jsonb("row_errors").$type<{ row: number; message: string }[]>().notNull().default([]),
    // the first rows skipped as already there, each with what it matched (shape: functions/imports/schemas.ts);
    // apart from the report, which every chunk rewrites, so a long list is written once
    duplicates: jsonb("duplicates").$type<Record<string, unknown>[]>().notNull().default([]),
    // what the import decided on its own: duplicates skipped, categories created, names it did not know
    report: jsonb("report").$type<ImportReport>(),
    // the whole commit body (mapping, defaults, date format…): with `content`, what a resume re-reads
    commitOptions: jsonb("commit_options"),
    // the lease of the process running the import: it renews heartbeat_at while it works and
    // writes each chunk only while it still holds the lease; an expired lease means that process died
    leaseOwner: uuid("lease_owner"),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    // set when a process took over an interrupted import and carried on with it
    resumedAt: timestamp("resumed_at", { withTimezone: true }),
    resumeCount: integer("resume_count").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    index("import_batches_household_idx").on(t.householdId, t.createdAt),
    index("import_batches_importing_idx").on(t.heartbeatAt).where(sql`${t.status} = 'importing'`),
  ],
);

/**
 * Rows an import skipped because an earlier import's live row already had the fingerprint:
 * undoing that earlier import keeps such a row and hands it to the matching import instead of
 * deleting what the later import counted on.
 */
export const importDuplicateMatches = pgTable(
  "import_duplicate_matches",
  {
    batchId: uuid("batch_id")
      .notNull()
      .references(() => importBatches.id, { onDelete: "cascade" }),
    transactionId: uuid("transaction_id")
      .notNull()
      .references(() => transactions.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.transactionId, t.batchId] }),
    index("import_duplicate_matches_batch_idx").on(t.batchId),
  ],
);

/** The column mapping a household last used for a file with these headers. */
export const importMappings = pgTable(
  "import_mappings",
  {
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    headerSignature: text("header_signature").notNull(),
    mapping: text("mapping").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.headerSignature] })],
);
