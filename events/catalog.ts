import { z } from "zod";

/**
 * Every CloudEvent type FinTrack emits, with the schema of its data. Producers validate
 * before writing to the outbox; consumers validate again on receipt. Data carries ids and
 * the few fields consumers need — never a password, a token or file bytes.
 */
/** Integer centavos as a decimal string: JSON has no bigint, and money never becomes a float. */
const Centavos = z.string().regex(/^-?\d+$/, "integer centavos as a string");
const IsoDate = z.iso.date();
const DocumentKind = z.enum(["receipt", "statement"]);

const TransactionSnapshot = z.object({
  householdId: z.uuid(),
  transactionId: z.uuid(),
  type: z.enum(["income", "expense", "transfer"]),
  date: IsoDate,
  amountCentavos: Centavos,
  accountId: z.uuid(),
  toAccountId: z.uuid().nullable(),
  categoryId: z.uuid().nullable(),
  /** Expense split across categories; empty when the transaction has one category. */
  splits: z.array(z.object({ categoryId: z.uuid(), amountCentavos: Centavos })),
  createdBy: z.uuid(),
});

const AccountSnapshot = z.object({
  householdId: z.uuid(),
  accountId: z.uuid(),
  kind: z.enum(["bank", "ewallet", "cash", "credit_card"]),
  ownerId: z.uuid(),
  visibility: z.enum(["shared", "private"]),
  name: z.string(),
});

export const catalog = {
  "ph.fintrack.household.member_joined.v1": z.object({
    householdId: z.uuid(),
    userId: z.uuid(),
    name: z.string().min(1),
    role: z.enum(["owner", "partner"]),
  }),
  "ph.fintrack.account.created.v1": AccountSnapshot,
  "ph.fintrack.account.updated.v1": AccountSnapshot,
  "ph.fintrack.account.archived.v1": AccountSnapshot,
  /**
   * An account matched against its bank's balance. The adjustment is no transaction (never
   * income or spending), so budget consumers ignore this; it moves the account's balance.
   */
  "ph.fintrack.account.reconciled.v1": z.object({
    householdId: z.uuid(),
    accountId: z.uuid(),
    reconciliationId: z.uuid(),
    asOf: IsoDate,
    /** Signed asset value added to the balance; "0" when FinTrack already agreed. */
    adjustmentCentavos: Centavos,
    clearedCount: z.number().int().min(0),
    /**
     * Entries up to `asOf` the member left unticked (pending, in flight): they come up next time.
     * Optional: added to v1 later, so events already in an outbox may lack it.
     */
    leftUnclearedCount: z.number().int().min(0).optional(),
    createdBy: z.uuid(),
  }),
  "ph.fintrack.transaction.created.v1": TransactionSnapshot,
  "ph.fintrack.transaction.updated.v1": TransactionSnapshot.extend({ previous: TransactionSnapshot }),
  "ph.fintrack.transaction.deleted.v1": TransactionSnapshot,
  "ph.fintrack.import.completed.v1": z.object({
    householdId: z.uuid(),
    batchId: z.uuid(),
    createdBy: z.uuid(),
    source: z.enum(["notion", "csv", "fintrack"]),
    importedRows: z.number().int().min(0),
    skippedRows: z.number().int().min(0),
  }),
  /** An undone import took its rows out of the ledger (budget-check recounts that month). */
  "ph.fintrack.import.undone.v1": z.object({
    householdId: z.uuid(),
    batchId: z.uuid(),
    undoneBy: z.uuid(),
    removedRows: z.number().int().min(0),
    /** First and last transaction date the undo touched, so consumers recount only those months. */
    fromDate: IsoDate.nullable(),
    toDate: IsoDate.nullable(),
  }),
  /**
   * A receipt photo or statement PDF is stored and ready to read (published by documents, also on
   * "extract again" with a higher attempt). Never the file bytes and never a PDF password: a
   * password-protected PDF is unlocked during the upload request and only its text layer is stored.
   */
  "ph.fintrack.document.uploaded.v1": z.object({
    householdId: z.uuid(),
    documentId: z.uuid(),
    uploadedBy: z.uuid(),
    kind: DocumentKind,
    mediaType: z.string().min(1),
    attempt: z.number().int().min(1),
  }),
  /** Extraction produced drafts to review (published by extraction). */
  "ph.fintrack.document.extracted.v1": z.object({
    householdId: z.uuid(),
    documentId: z.uuid(),
    uploadedBy: z.uuid(),
    kind: DocumentKind,
    attempt: z.number().int().min(1),
    draftCount: z.number().int().min(0),
    /** Which extractor produced the drafts, e.g. "statement:bpi", "receipt:tesseract", "paste". */
    extractor: z.string().min(1),
  }),
  /** Extraction could not read the document; `reason` tells the user what to do about it. */
  "ph.fintrack.document.failed.v1": z.object({
    householdId: z.uuid(),
    documentId: z.uuid(),
    uploadedBy: z.uuid(),
    kind: DocumentKind,
    attempt: z.number().int().min(1),
    code: z.string().min(1),
    reason: z.string().min(1),
  }),
  /** The drafts a member chose became transactions, linked to the document. */
  "ph.fintrack.document.confirmed.v1": z.object({
    householdId: z.uuid(),
    documentId: z.uuid(),
    confirmedBy: z.uuid(),
    transactionCount: z.number().int().min(0),
    /** Set when a statement was confirmed: its statement cycle for the card. */
    statementCycleId: z.uuid().nullable(),
    accountId: z.uuid().nullable(),
  }),
  /**
   * Spending under a budget crossed a threshold for the first time in that month (published by
   * budgets' budget-check; once per budget, month and threshold).
   */
  "ph.fintrack.budget.threshold_crossed.v1": z.object({
    householdId: z.uuid(),
    budgetId: z.uuid(),
    /** Null for the overall budget. */
    categoryId: z.uuid().nullable(),
    /** Null for a household budget; a member's own budget names them. */
    memberId: z.uuid().nullable(),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM"),
    thresholdPercent: z.number().int().min(1).max(1000),
    spentCentavos: Centavos,
    limitCentavos: Centavos,
  }),
  /** A card statement is due soon, due today, or still unpaid after its due date (published by reminders). */
  "ph.fintrack.statement.due_soon.v1": z.object({
    householdId: z.uuid(),
    accountId: z.uuid(),
    /** The recorded statement cycle, or null when the due date comes from the card's due day. */
    statementCycleId: z.uuid().nullable(),
    dueDate: IsoDate,
    /** Days before the due date (0 = today); negative once it is overdue and still unpaid. */
    daysBefore: z.number().int(),
    totalDueCentavos: Centavos.nullable(),
    minimumDueCentavos: Centavos.nullable(),
  }),
  /** A recurring bill is due soon, today, or overdue (published by reminders). */
  "ph.fintrack.bill.due_soon.v1": z.object({
    householdId: z.uuid(),
    billId: z.uuid(),
    name: z.string().min(1),
    dueDate: IsoDate,
    daysBefore: z.number().int(),
    expectedAmountCentavos: Centavos.nullable(),
  }),
  /**
   * An account's latest reconciliation taken back: its adjustment left the balance (which moves
   * by minus `adjustmentCentavos`) and the entries it cleared are uncleared again.
   */
  "ph.fintrack.account.reconciliation_undone.v1": z.object({
    householdId: z.uuid(),
    accountId: z.uuid(),
    reconciliationId: z.uuid(),
    asOf: IsoDate,
    /** The adjustment the reconciliation had recorded, as it was recorded. */
    adjustmentCentavos: Centavos,
    unclearedCount: z.number().int().min(0),
    undoneBy: z.uuid(),
  }),
} as const;

export type EventType = keyof typeof catalog;
export type EventData<T extends EventType> = z.infer<(typeof catalog)[T]>;
export const eventTypes = Object.keys(catalog) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(catalog, type);
}

/** `source` attribute for events produced by a function. */
export const sourceOf = (fn: string) => `/fintrack/${fn}`;
