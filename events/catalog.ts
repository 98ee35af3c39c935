import { z } from "zod";

/**
 * Every CloudEvent type FinTrack emits, with the schema of its data. Producers validate
 * before writing to the outbox; consumers validate again on receipt. Data carries ids and
 * the few fields consumers need — never a password, a token or file bytes.
 */
/** Integer centavos as a decimal string: JSON has no bigint, and money never becomes a float. */
const Centavos = z.string().regex(/^-?\d+$/, "integer centavos as a string");
const IsoDate = z.iso.date();

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
} as const;

export type EventType = keyof typeof catalog;
export type EventData<T extends EventType> = z.infer<(typeof catalog)[T]>;
export const eventTypes = Object.keys(catalog) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(catalog, type);
}

/** `source` attribute for events produced by a function. */
export const sourceOf = (fn: string) => `/fintrack/${fn}`;
