import { type Database, schema, type Tx } from "@fintrack/db";
import { enqueue, type NewEvent, sourceOf } from "@fintrack/events";
import { and, asc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { SignedInUser } from "../lib/auth";
import { applyFlows, type FlowRow, flowsOf } from "../lib/ledger-rollups";
import { type FieldError, HttpProblem } from "../lib/problem";
import { checkCategories, feesCategoryId } from "./categories";
import { getTransaction } from "./queries";
import { inTransaction } from "./retry";
import type { CreateTransactionInput, TransactionDto, UpdateTransactionInput } from "./schemas";
import {
  checkPlacement,
  type PlacedPart,
  seenByMember,
  visibleAccountColumns,
  visibleAccounts,
} from "./visibility";

const { transactions, transactionSplits, accounts } = schema;
type TransactionRow = typeof transactions.$inferSelect;
type TxEvent = NewEvent<
  | "ph.fintrack.transaction.created.v1"
  | "ph.fintrack.transaction.updated.v1"
  | "ph.fintrack.transaction.deleted.v1"
>;

interface Split {
  categoryId: string;
  amountCentavos: bigint;
  note: string | null;
}

/** A transaction as the member wants it to be, before it is checked and written. */
interface Draft {
  type: TransactionRow["type"];
  date: string;
  amountCentavos: bigint;
  accountId: string;
  toAccountId: string | null;
  categoryId: string | null;
  splits: Split[];
  merchant: string | null;
  notes: string | null;
  tags: string[];
  originalAmountMinor: bigint | null;
  originalCurrency: string | null;
  /** The receipt or statement it was recorded from (left as it is when undefined). */
  documentId?: string | null;
}

const invalid = (detail: string, errors: FieldError[]) =>
  new HttpProblem(400, "Invalid request", detail, { errors });

const notFound = () => new HttpProblem(404, "Transaction not found", "There is no such transaction.");

/**
 * A foreign amount in the minor unit of its currency (cents for USD, yen for JPY, fils for
 * KWD), parsed from text without a float.
 */
function parseOriginal(original: { amount: string | number; currency: string }) {
  const digits = new Intl.NumberFormat("en", {
    style: "currency",
    currency: original.currency,
  }).resolvedOptions().maximumFractionDigits!;
  const text = String(original.amount).replace(/,/g, "").trim();
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(text);
  const fraction = m?.[2] ?? "";
  if (!m || fraction.length > digits) {
    throw invalid("The original amount is not valid.", [
      {
        path: "original.amount",
        message: `Enter an amount in ${original.currency} with at most ${digits} decimals`,
      },
    ]);
  }
  const minor = BigInt(m[1]!) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0");
  if (minor <= 0n) {
    throw invalid("The original amount is not valid.", [
      { path: "original.amount", message: "Amount must be more than zero" },
    ]);
  }
  return { originalAmountMinor: minor, originalCurrency: original.currency };
}

const normaliseSplits = (splits: { categoryId: string; amount: bigint; note?: string | null }[] = []) =>
  splits.map((s) => ({ categoryId: s.categoryId, amountCentavos: s.amount, note: s.note ?? null }));

/** The shape rules of a transaction, whatever path it came by (create or edit). */
function checkShape(d: Draft, fee: bigint | null) {
  const errors: FieldError[] = [];
  if (d.type === "transfer") {
    if (!d.toAccountId) errors.push({ path: "toAccountId", message: "Choose the account the money goes to" });
    else if (d.toAccountId === d.accountId)
      errors.push({ path: "toAccountId", message: "Choose a different account than the source" });
    if (d.categoryId) errors.push({ path: "categoryId", message: "A transfer has no category" });
    if (d.splits.length) errors.push({ path: "splits", message: "A transfer cannot be split" });
  } else {
    if (d.toAccountId)
      errors.push({ path: "toAccountId", message: "Only a transfer has a destination account" });
    if (fee !== null) errors.push({ path: "fee", message: "Only a transfer has a fee" });
  }
  if (d.splits.length) {
    if (d.categoryId) errors.push({ path: "categoryId", message: "Use either a category or splits" });
    const sum = d.splits.reduce((s, x) => s + x.amountCentavos, 0n);
    if (sum !== d.amountCentavos) {
      errors.push({ path: "splits", message: "The splits must add up to the amount" });
    }
  }
  if (errors.length) throw invalid("The transaction is not valid.", errors);
}

/**
 * Locks the accounts a write will put entries in (key share: an owner's make-private takes
 * FOR UPDATE, so the two wait for each other) and reads them in the same statement, so what is
 * checked is the account as it is now, not as it was before a concurrent change committed.
 * Returns those the member sees.
 */
async function lockVisibleAccounts(tx: Tx, user: SignedInUser, ids: string[]) {
  const locked = await tx
    .select(visibleAccountColumns)
    .from(accounts)
    .where(and(eq(accounts.householdId, user.householdId), seenByMember(user), inArray(accounts.id, ids)))
    .for("key share");
  return new Map(locked.map((a) => [a.id, a]));
}

/**
 * Accounts must be the household's and visible to the member; new entries need an open
 * account; a private one only takes its owner's own entries (checkPlacement). The accounts are
 * locked (key share) before they are read, so an owner making one private waits for this
 * write, and this write sees the account as it is then, not as it was a moment before.
 */
async function checkAccounts(
  tx: Tx,
  user: SignedInUser,
  d: Draft,
  alreadyUsed: Set<string>,
  parts: Omit<PlacedPart, "accountIds">[],
) {
  const refs = [{ id: d.accountId, path: "accountId" }];
  if (d.toAccountId) refs.push({ id: d.toAccountId, path: "toAccountId" });
  const visible = await lockVisibleAccounts(
    tx,
    user,
    refs.map((r) => r.id),
  );
  const errors = refs.flatMap((r) => {
    const a = visible.get(r.id);
    if (!a) return [{ path: r.path, message: "No such account" }];
    if (a.archivedAt && !alreadyUsed.has(r.id)) {
      return [{ path: r.path, message: "This account is archived; unarchive it first" }];
    }
    return [];
  });
  if (errors.length) throw invalid("Some accounts are not valid.", errors);
  // a fee is paid from the transfer's source account; the transaction touches both sides
  const placed = parts.map((p, i) => ({
    ...p,
    accountIds: i === 0 ? [d.accountId, d.toAccountId] : [d.accountId],
  }));
  await checkPlacement(tx, user, visible, placed);
}

async function checkDraft(
  tx: Tx,
  user: SignedInUser,
  d: Draft,
  fee: bigint | null,
  /** The transaction first, then its fee: who recorded each (the member, for a new entry). */
  opts: { alreadyUsed?: Set<string>; parts?: Omit<PlacedPart, "accountIds">[] } = {},
) {
  checkShape(d, fee);
  await checkAccounts(
    tx,
    user,
    d,
    opts.alreadyUsed ?? new Set(),
    opts.parts ?? [{ createdBy: user.userId, what: "this entry" }],
  );
  if (d.documentId) await checkDocument(tx, user, d.documentId);
  if (d.type !== "transfer") {
    const refs = d.splits.map((s, i) => ({ id: s.categoryId, path: `splits.${i}.categoryId` }));
    if (d.categoryId) refs.push({ id: d.categoryId, path: "categoryId" });
    await checkCategories(tx, user.householdId, refs, d.type);
  }
}

/** A transaction links only to a document of its own household. */
async function checkDocument(tx: Tx, user: SignedInUser, documentId: string) {
  const [doc] = await tx
    .select({ id: schema.documents.id })
    .from(schema.documents)
    .where(and(eq(schema.documents.id, documentId), eq(schema.documents.householdId, user.householdId)));
  if (!doc) {
    throw invalid("The transaction is not valid.", [{ path: "documentId", message: "No such document" }]);
  }
}

const flowsOfDraft = (d: Draft) => flowsOf(d, d.splits);

/** Flows with the sign flipped, so one applyFlows call can take a whole change (one lock order). */
const negated = (flows: FlowRow[]) =>
  flows.map((f) => ({ ...f, amountCentavos: -f.amountCentavos, count: -f.count }));

const snapshot = (householdId: string, id: string, createdBy: string, d: Draft) => ({
  householdId,
  transactionId: id,
  type: d.type,
  date: d.date,
  amountCentavos: d.amountCentavos.toString(),
  accountId: d.accountId,
  toAccountId: d.toAccountId,
  categoryId: d.categoryId,
  splits: d.splits.map((s) => ({ categoryId: s.categoryId, amountCentavos: s.amountCentavos.toString() })),
  createdBy,
});

const event = (
  type: TxEvent["type"],
  data: ReturnType<typeof snapshot> & { previous?: ReturnType<typeof snapshot> },
): TxEvent => ({ type, source: sourceOf("transactions"), subject: data.transactionId, data }) as TxEvent;

/** A draft's own columns on its transactions row (its splits are rows of transaction_splits). */
const columnsOf = (d: Draft) => ({
  type: d.type,
  date: d.date,
  amountCentavos: d.amountCentavos,
  accountId: d.accountId,
  toAccountId: d.toAccountId,
  categoryId: d.categoryId,
  merchant: d.merchant,
  notes: d.notes,
  tags: d.tags,
  originalAmountMinor: d.originalAmountMinor,
  originalCurrency: d.originalCurrency,
  ...(d.documentId !== undefined ? { documentId: d.documentId } : {}),
});

async function insertSplits(tx: Tx, transactionId: string, splits: Split[]) {
  if (splits.length) {
    await tx.insert(transactionSplits).values(splits.map((s) => ({ ...s, transactionId })));
  }
}

async function insertTransaction(
  tx: Tx,
  user: SignedInUser,
  d: Draft,
  extra: { feeForId?: string } = {},
): Promise<string> {
  const [row] = await tx
    .insert(transactions)
    .values({
      householdId: user.householdId,
      ...columnsOf(d),
      feeForId: extra.feeForId ?? null,
      createdBy: user.userId,
    })
    .returning({ id: transactions.id });
  await insertSplits(tx, row!.id, d.splits);
  return row!.id;
}

/** A transfer's fee is its own expense, from the same account on the same day, in Fees. */
async function feeDraft(tx: Tx, householdId: string, transfer: Draft, amount: bigint): Promise<Draft> {
  return {
    type: "expense",
    date: transfer.date,
    amountCentavos: amount,
    accountId: transfer.accountId,
    toAccountId: null,
    categoryId: await feesCategoryId(tx, householdId),
    splits: [],
    merchant: transfer.merchant,
    notes: "Transfer fee",
    tags: [],
    originalAmountMinor: null,
    originalCurrency: null,
  };
}

/** Records `amount` as the fee of transfer `transferId`: its flows and its created event, to apply and send. */
async function insertFee(tx: Tx, user: SignedInUser, transferId: string, transfer: Draft, amount: bigint) {
  const fee = await feeDraft(tx, user.householdId, transfer, amount);
  const feeId = await insertTransaction(tx, user, fee, { feeForId: transferId });
  return {
    flows: flowsOfDraft(fee),
    event: event("ph.fintrack.transaction.created.v1", snapshot(user.householdId, feeId, user.userId, fee)),
  };
}

export async function createTransaction(
  db: Database,
  user: SignedInUser,
  input: CreateTransactionInput,
): Promise<TransactionDto> {
  const id = await inTransaction(db, (tx) => createTransactionIn(tx, user, input));
  return getTransaction(db, user, id);
}

/**
 * The ledger's one write path for a new transaction, inside the caller's database transaction:
 * checks, row, splits, fee, rollups and events. Other functions that record transactions in
 * their own transaction (confirming extracted drafts) call this instead of the HTTP route.
 */
export async function createTransactionIn(
  tx: Tx,
  user: SignedInUser,
  input: CreateTransactionInput,
): Promise<string> {
  const draft: Draft = {
    type: input.type,
    date: input.date,
    amountCentavos: input.amount,
    accountId: input.accountId,
    toAccountId: input.toAccountId ?? null,
    categoryId: input.categoryId ?? null,
    splits: normaliseSplits(input.splits),
    merchant: input.merchant || null,
    notes: input.notes || null,
    tags: [...new Set(input.tags ?? [])],
    documentId: input.documentId ?? null,
    ...(input.original
      ? parseOriginal(input.original)
      : { originalAmountMinor: null, originalCurrency: null }),
  };
  const fee = input.fee ?? null;
  await checkDraft(tx, user, draft, fee);
  const id = await insertTransaction(tx, user, draft);
  const flows = flowsOfDraft(draft);
  const events = [
    event("ph.fintrack.transaction.created.v1", snapshot(user.householdId, id, user.userId, draft)),
  ];
  if (fee !== null) {
    const added = await insertFee(tx, user, id, draft, fee);
    flows.push(...added.flows);
    events.push(added.event);
  }
  await applyFlows(tx, flows, 1);
  for (const e of events) await enqueue(tx, e);
  return id;
}

// --- edit, delete, restore ----------------------------------------------------------------------

/**
 * Locks a transaction the member may change: one of the household's, live or deleted as asked,
 * with every account it touches visible to them. A transfer into the other member's private
 * account is visible from its shared side but only its owner may change it.
 */
async function lockForChange(tx: Tx, user: SignedInUser, id: string, deleted: boolean) {
  const [row] = await tx
    .select()
    .from(transactions)
    .where(
      and(
        eq(transactions.id, id),
        eq(transactions.householdId, user.householdId),
        deleted ? isNotNull(transactions.deletedAt) : isNull(transactions.deletedAt),
      ),
    )
    .for("update");
  if (!row) throw notFound();
  const visible = await visibleAccounts(tx, user);
  const sees = [row.accountId, row.toAccountId].filter((a): a is string => a !== null);
  if (!sees.some((a) => visible.has(a))) throw notFound();
  if (!sees.every((a) => visible.has(a))) {
    throw new HttpProblem(
      403,
      "Private account",
      "This transfer involves your partner's private account; only they can change it.",
    );
  }
  const splits = await tx
    .select()
    .from(transactionSplits)
    .where(eq(transactionSplits.transactionId, id))
    .orderBy(asc(transactionSplits.id));
  return { row, draft: draftOf(row, splits) };
}

const draftOf = (row: TransactionRow, splits: (typeof transactionSplits.$inferSelect)[]): Draft => ({
  type: row.type,
  date: row.date,
  amountCentavos: row.amountCentavos,
  accountId: row.accountId,
  toAccountId: row.toAccountId,
  categoryId: row.categoryId,
  splits: splits.map((s) => ({ categoryId: s.categoryId, amountCentavos: s.amountCentavos, note: s.note })),
  merchant: row.merchant,
  notes: row.notes,
  tags: row.tags,
  originalAmountMinor: row.originalAmountMinor,
  originalCurrency: row.originalCurrency,
  documentId: row.documentId,
});

async function liveFeeOf(tx: Tx, transferId: string) {
  const [fee] = await tx
    .select()
    .from(transactions)
    .where(and(eq(transactions.feeForId, transferId), isNull(transactions.deletedAt)))
    .for("update");
  return fee;
}

/** Applies an edit on top of what is stored; fields left out keep their value when they still fit. */
function edited(old: Draft, p: UpdateTransactionInput): Draft {
  const type = p.type ?? old.type;
  const splits =
    p.splits !== undefined
      ? normaliseSplits(p.splits)
      : type === "transfer" || type !== old.type || (p.categoryId !== undefined && p.categoryId !== null)
        ? []
        : old.splits;
  const categoryId =
    p.categoryId !== undefined
      ? p.categoryId
      : type === "transfer" || type !== old.type || splits.length > 0
        ? null
        : old.categoryId;
  const original =
    p.original === undefined
      ? { originalAmountMinor: old.originalAmountMinor, originalCurrency: old.originalCurrency }
      : p.original === null
        ? { originalAmountMinor: null, originalCurrency: null }
        : parseOriginal(p.original);
  return {
    type,
    date: p.date ?? old.date,
    amountCentavos: p.amount ?? old.amountCentavos,
    accountId: p.accountId ?? old.accountId,
    toAccountId: p.toAccountId !== undefined ? p.toAccountId : type === "transfer" ? old.toAccountId : null,
    categoryId,
    splits,
    merchant: p.merchant !== undefined ? p.merchant || null : old.merchant,
    notes: p.notes !== undefined ? p.notes || null : old.notes,
    tags: p.tags !== undefined ? [...new Set(p.tags)] : old.tags,
    documentId: p.documentId !== undefined ? p.documentId : old.documentId,
    ...original,
  };
}

/**
 * A reconciliation cleared one side of an entry as it then moved that account's money. A change
 * to how it moves money makes the match stale, so that side comes up again at the next
 * reconciliation: a new type, date or amount un-clears both sides, a new account the side it
 * changes; a new merchant, note, tag or category keeps it cleared.
 */
function unclearedBy(old: Draft, next: Draft) {
  const both = old.type !== next.type || old.date !== next.date || old.amountCentavos !== next.amountCentavos;
  return {
    ...(both || old.accountId !== next.accountId ? { clearedAt: null, clearedBy: null } : {}),
    ...(both || old.toAccountId !== next.toAccountId ? { toClearedAt: null, toClearedBy: null } : {}),
  };
}

async function writeDraft(tx: Tx, id: string, d: Draft, old: Draft) {
  await tx
    .update(transactions)
    .set({
      ...columnsOf(d),
      ...unclearedBy(old, d),
      updatedAt: sql`now()`,
    })
    .where(eq(transactions.id, id));
  await tx.delete(transactionSplits).where(eq(transactionSplits.transactionId, id));
  await insertSplits(tx, id, d.splits);
}

/**
 * A transfer's fee is paid from the transfer's source account on the transfer's day, and the
 * transfer finds it by that link; an edit of the fee itself may change what it cost and how it
 * is described, while where and when it was paid change with the transfer (which carries the
 * fee along). Otherwise the fee would drift off its transfer and the two would disagree.
 */
function checkFeeEdit(old: Draft, next: Draft) {
  const errors: FieldError[] = [];
  const why = "it is the fee of a transfer; change the transfer instead";
  if (next.type !== old.type) errors.push({ path: "type", message: `The type cannot change: ${why}` });
  if (next.accountId !== old.accountId)
    errors.push({ path: "accountId", message: `The account cannot change: ${why}` });
  if (next.date !== old.date) errors.push({ path: "date", message: `The date cannot change: ${why}` });
  if (errors.length > 0) throw invalid("A transfer's fee moves with its transfer.", errors);
}

export async function updateTransaction(
  db: Database,
  user: SignedInUser,
  id: string,
  patch: UpdateTransactionInput,
): Promise<TransactionDto> {
  await inTransaction(db, async (tx) => {
    const { row, draft: old } = await lockForChange(tx, user, id, false);
    const next = edited(old, patch);
    if (row.feeForId) checkFeeEdit(old, next);
    const currentFee = old.type === "transfer" ? await liveFeeOf(tx, id) : undefined;
    // a transfer keeps its fee unless told otherwise; on anything else checkShape refuses a fee
    const wantedFee =
      next.type === "transfer"
        ? patch.fee !== undefined
          ? patch.fee
          : (currentFee?.amountCentavos ?? null)
        : (patch.fee ?? null);
    const used = new Set([old.accountId, old.toAccountId].filter((a): a is string => a !== null));
    const parts = [{ createdBy: row.createdBy, what: "this entry" }];
    // the fee goes where the transfer goes: an existing one keeps its recorder, a new one is ours
    if (next.type === "transfer" && wantedFee !== null) {
      parts.push({ createdBy: currentFee?.createdBy ?? user.userId, what: "its fee" });
    }
    await checkDraft(tx, user, next, wantedFee, { alreadyUsed: used, parts });
    await writeDraft(tx, id, next, old);
    const flows = [...negated(flowsOfDraft(old)), ...flowsOfDraft(next)];
    const events: TxEvent[] = [
      event("ph.fintrack.transaction.updated.v1", {
        ...snapshot(user.householdId, id, row.createdBy, next),
        previous: snapshot(user.householdId, id, row.createdBy, old),
      }),
    ];
    // the fee follows its transfer: same account and day, or gone with it
    if (currentFee && wantedFee === null) {
      const feeOld = draftOf(currentFee, []);
      await tx.update(transactions).set({ deletedAt: sql`now()` }).where(eq(transactions.id, currentFee.id));
      flows.push(...negated(flowsOfDraft(feeOld)));
      events.push(
        event(
          "ph.fintrack.transaction.deleted.v1",
          snapshot(user.householdId, currentFee.id, currentFee.createdBy, feeOld),
        ),
      );
    } else if (currentFee && wantedFee !== null) {
      const feeOld = draftOf(currentFee, []);
      const feeNext: Draft = {
        ...feeOld,
        date: next.date,
        accountId: next.accountId,
        amountCentavos: wantedFee,
      };
      await writeDraft(tx, currentFee.id, feeNext, feeOld);
      flows.push(...negated(flowsOfDraft(feeOld)), ...flowsOfDraft(feeNext));
      events.push(
        event("ph.fintrack.transaction.updated.v1", {
          ...snapshot(user.householdId, currentFee.id, currentFee.createdBy, feeNext),
          previous: snapshot(user.householdId, currentFee.id, currentFee.createdBy, feeOld),
        }),
      );
    } else if (wantedFee !== null) {
      const added = await insertFee(tx, user, id, next, wantedFee);
      flows.push(...added.flows);
      events.push(added.event);
    }
    await applyFlows(tx, flows, 1);
    for (const e of events) await enqueue(tx, e);
  });
  return getTransaction(db, user, id);
}

/** Soft delete: the row stays for undo; its fee goes with it; balances and summaries drop it now. */
export async function deleteTransaction(db: Database, user: SignedInUser, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const { row, draft } = await lockForChange(tx, user, id, false);
    const gone = [{ row, draft }];
    const fee = row.type === "transfer" ? await liveFeeOf(tx, id) : undefined;
    if (fee) gone.push({ row: fee, draft: draftOf(fee, []) });
    await tx
      .update(transactions)
      .set({ deletedAt: sql`now()` })
      .where(
        inArray(
          transactions.id,
          gone.map((g) => g.row.id),
        ),
      );
    await applyFlows(tx, negated(gone.flatMap((g) => flowsOfDraft(g.draft))), 1);
    for (const g of gone) {
      await enqueue(
        tx,
        event(
          "ph.fintrack.transaction.deleted.v1",
          snapshot(user.householdId, g.row.id, g.row.createdBy, g.draft),
        ),
      );
    }
  });
}

/** A fee deleted on its own comes back only to its live transfer, and only as its one fee. */
async function checkFeeRestore(tx: Tx, transferId: string) {
  const [transfer] = await tx
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.id, transferId), isNull(transactions.deletedAt)));
  if (!transfer) {
    throw new HttpProblem(
      409,
      "Transfer deleted",
      "This fee's transfer is deleted: restore the transfer, and its fee comes back with it.",
    );
  }
  if (await liveFeeOf(tx, transferId)) {
    throw new HttpProblem(
      409,
      "Fee already recorded",
      "This fee's transfer has a fee again: change that one instead.",
    );
  }
}

/**
 * Undo of a delete: brings the transaction back with the fee deleted together with it (same
 * deletion time), and announces it as created again so consumers count it once more.
 */
export async function restoreTransaction(
  db: Database,
  user: SignedInUser,
  id: string,
): Promise<TransactionDto> {
  await inTransaction(db, async (tx) => {
    const [live] = await tx
      .select({ id: transactions.id })
      .from(transactions)
      .where(
        and(
          eq(transactions.id, id),
          eq(transactions.householdId, user.householdId),
          isNull(transactions.deletedAt),
        ),
      );
    if (live) return; // already restored: undo twice is fine
    const { row, draft } = await lockForChange(tx, user, id, true);
    if (row.feeForId) await checkFeeRestore(tx, row.feeForId);
    const back = [{ row, draft }];
    if (row.type === "transfer") {
      const fees = await tx
        .select()
        .from(transactions)
        // deleted with it: the same statement stamped both (microseconds; a JS Date would round)
        .where(
          and(
            eq(transactions.feeForId, id),
            sql`${transactions.deletedAt} = (SELECT t.deleted_at FROM transactions t WHERE t.id = ${id}::uuid)`,
          ),
        )
        .for("update");
      for (const f of fees) back.push({ row: f, draft: draftOf(f, []) });
    }
    // the account may have become private since the delete: undo must not put someone else's entry there
    const sides = [row.accountId, row.toAccountId].filter((a): a is string => a !== null);
    const visible = await lockVisibleAccounts(tx, user, sides);
    if (!sides.every((a) => visible.has(a))) throw notFound();
    await checkPlacement(
      tx,
      user,
      visible,
      back.map((b) => ({
        createdBy: b.row.createdBy,
        what: b.row.id === id ? "this entry" : "its fee",
        accountIds: [b.row.accountId, b.row.toAccountId],
      })),
    );
    await tx
      .update(transactions)
      .set({ deletedAt: null, updatedAt: sql`now()` })
      .where(
        inArray(
          transactions.id,
          back.map((b) => b.row.id),
        ),
      );
    await applyFlows(
      tx,
      back.flatMap((b) => flowsOfDraft(b.draft)),
      1,
    );
    for (const b of back) {
      await enqueue(
        tx,
        event(
          "ph.fintrack.transaction.created.v1",
          snapshot(user.householdId, b.row.id, b.row.createdBy, b.draft),
        ),
      );
    }
  });
  return getTransaction(db, user, id);
}
