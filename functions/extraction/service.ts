import { type Database, type Queryable, schema, type Tx } from "@fintrack/db";
import { enqueue, sourceOf } from "@fintrack/events";
import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { attachStatementLine, planFlags } from "../installments/attach";
import type { SignedInUser } from "../lib/auth";
import { type FieldError, HttpProblem } from "../lib/problem";
import { inTransaction } from "../transactions/retry";
import type { CreateTransactionInput } from "../transactions/schemas";
import { createTransactionIn } from "../transactions/service";
import { comparisonOf } from "./ai/compare";
import type { DraftLine, ExtractionResult } from "./result";
import { cardFor, findDuplicates, liveCategories, merchantCategories, suggestCategory } from "./suggest";

const { extractionBatches: batches, extractionDrafts: drafts, statementCycles, statementCycleLines } = schema;
type BatchRow = typeof batches.$inferSelect;
type DraftRow = typeof drafts.$inferSelect;

export interface NewBatch {
  householdId: string;
  createdBy: string;
  documentId: string | null;
  attempt: number;
  extractor: string;
  result: ExtractionResult;
}

/**
 * Stores what an extractor read as a batch of drafts to review, each with its suggestions
 * (category from the merchant's history, the card matching the statement's last 4 digits) and
 * its duplicate flag. Flagged drafts, and card payments without a source account, start excluded.
 */
export async function saveBatch(tx: Tx, b: NewBatch): Promise<{ batchId: string; draftCount: number }> {
  const { result } = b;
  const summary = result.kind === "statement" ? result.statement : result.receipt;
  const accountId =
    result.kind === "statement"
      ? await cardFor(tx, b.householdId, b.createdBy, result.statement.cardLast4)
      : null;
  const [batch] = await tx
    .insert(batches)
    .values({
      householdId: b.householdId,
      createdBy: b.createdBy,
      documentId: b.documentId,
      attempt: b.attempt,
      kind: result.kind,
      extractor: b.extractor,
      summary,
      warnings: result.warnings,
      accountId,
    })
    .returning({ id: batches.id });
  const batchId = batch!.id;
  if (result.lines.length === 0) return { batchId, draftCount: 0 };
  const [history, cats, dupes] = await Promise.all([
    merchantCategories(tx, b.householdId),
    liveCategories(tx, b.householdId),
    findDuplicates(tx, b.householdId, result.lines, batchId),
  ]);
  await tx.insert(drafts).values(
    result.lines.map((line: DraftLine, i) => {
      const dupe = dupes.get(i);
      const payment = line.direction === "credit" && line.kind === "payment";
      return {
        batchId,
        householdId: b.householdId,
        position: i,
        date: line.date,
        postingDate: line.postingDate,
        description: line.description,
        merchant: line.merchant,
        amountCentavos: BigInt(line.amountCentavos),
        direction: line.direction,
        kind: line.kind,
        foreignCurrency: line.foreignCurrency,
        foreignAmount: line.foreignAmount,
        installment: line.installment,
        categoryHint: line.categoryHint,
        confidence: line.confidence,
        categoryId: suggestCategory(line, history, cats),
        accountId,
        include: !dupe && !payment,
        duplicateOfTransactionId: dupe?.transactionId ?? null,
        duplicateReason: dupe?.reason ?? null,
      };
    }),
  );
  return { batchId, draftCount: result.lines.length };
}

// --- review ----------------------------------------------------------------------------------

const batchNotFound = () => new HttpProblem(404, "Drafts not found", "There are no such drafts to review.");

export function draftDto(d: DraftRow) {
  return {
    id: d.id,
    position: d.position,
    date: d.date,
    postingDate: d.postingDate,
    description: d.description,
    merchant: d.merchant,
    amountCentavos: d.amountCentavos.toString(),
    direction: d.direction,
    kind: d.kind,
    foreignCurrency: d.foreignCurrency,
    foreignAmount: d.foreignAmount,
    installment: d.installment as { number: number; of: number; planTotalCentavos: string | null } | null,
    categoryHint: d.categoryHint,
    confidence: d.confidence,
    categoryId: d.categoryId,
    accountId: d.accountId,
    fromAccountId: d.fromAccountId,
    splits: d.splits,
    include: d.include,
    duplicate: d.duplicateOfTransactionId
      ? { transactionId: d.duplicateOfTransactionId, reason: d.duplicateReason ?? "Likely duplicate" }
      : null,
    confirmedTransactionId: d.confirmedTransactionId,
  };
}

async function cycleOf(db: Queryable, batchId: string) {
  const [c] = await db
    .select({ id: statementCycles.id })
    .from(statementCycles)
    .where(eq(statementCycles.batchId, batchId));
  return c?.id ?? null;
}

export async function getReview(db: Queryable, user: SignedInUser, batchId: string) {
  const [batch] = await db
    .select()
    .from(batches)
    .where(and(eq(batches.id, batchId), eq(batches.householdId, user.householdId)));
  if (!batch) throw batchNotFound();
  const list = await db
    .select()
    .from(drafts)
    .where(eq(drafts.batchId, batchId))
    .orderBy(asc(drafts.position));
  return {
    batch: {
      id: batch.id,
      documentId: batch.documentId,
      kind: batch.kind,
      extractor: batch.extractor,
      status: batch.status,
      summary: (batch.summary ?? null) as Record<string, unknown> | null,
      warnings: batch.warnings,
      accountId: batch.accountId,
      createdAt: batch.createdAt.toISOString(),
      confirmedAt: batch.confirmedAt?.toISOString() ?? null,
      statementCycleId: await cycleOf(db, batch.id),
    },
    drafts: await withPlanFlags(db, user, batch, list),
    compare: await comparisonOf(db, batch),
  };
}

/** Each installment line says which plan it attaches to (or that it starts one) before confirming. */
async function withPlanFlags(db: Queryable, user: SignedInUser, batch: BatchRow, list: DraftRow[]) {
  const flags = await planFlags(db, user, batch, list);
  return list.map((d) => ({ ...draftDto(d), attachesToPlan: flags.get(d.id) ?? null }));
}

/** The drafts of a document's latest extraction. */
export async function batchOfDocument(
  db: Queryable,
  user: SignedInUser,
  documentId: string,
): Promise<string> {
  const [batch] = await db
    .select({ id: batches.id })
    .from(batches)
    .where(and(eq(batches.documentId, documentId), eq(batches.householdId, user.householdId)))
    .orderBy(desc(batches.attempt))
    .limit(1);
  if (!batch) {
    throw new HttpProblem(
      404,
      "No drafts yet",
      "This document has no extracted drafts (still being read, failed, or not a document of yours).",
    );
  }
  return batch.id;
}

export interface DraftPatch {
  date?: string;
  merchant?: string | null;
  amount?: bigint;
  categoryId?: string | null;
  accountId?: string | null;
  fromAccountId?: string | null;
  splits?: { categoryId: string; amount: bigint }[];
  include?: boolean;
}

async function checkRefs(tx: Queryable, user: SignedInUser, p: DraftPatch) {
  const errors: FieldError[] = [];
  const accountRefs = (["accountId", "fromAccountId"] as const).filter((k) => p[k]);
  if (accountRefs.length) {
    const ids = accountRefs.map((k) => p[k]!);
    const seen = await tx
      .select({ id: schema.accounts.id })
      .from(schema.accounts)
      .where(
        and(
          eq(schema.accounts.householdId, user.householdId),
          inArray(schema.accounts.id, ids),
          or(eq(schema.accounts.visibility, "shared"), eq(schema.accounts.ownerId, user.userId)),
        ),
      );
    for (const k of accountRefs) {
      if (!seen.some((a) => a.id === p[k])) errors.push({ path: k, message: "No such account" });
    }
  }
  const catRefs = [
    ...(p.categoryId ? [{ id: p.categoryId, path: "categoryId" }] : []),
    ...(p.splits ?? []).map((s, i) => ({ id: s.categoryId, path: `splits.${i}.categoryId` })),
  ];
  if (catRefs.length) {
    const seen = await tx
      .select({ id: schema.categories.id })
      .from(schema.categories)
      .where(
        and(
          eq(schema.categories.householdId, user.householdId),
          inArray(
            schema.categories.id,
            catRefs.map((r) => r.id),
          ),
        ),
      );
    for (const r of catRefs) {
      if (!seen.some((c) => c.id === r.id)) errors.push({ path: r.path, message: "No such category" });
    }
  }
  if (errors.length) throw new HttpProblem(400, "Invalid request", "Some choices are not valid.", { errors });
}

/** A member's edit of one draft before confirming (date, merchant, amount, category, account, split, include). */
export async function updateDraft(db: Database, user: SignedInUser, draftId: string, p: DraftPatch) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ draft: drafts, status: batches.status })
      .from(drafts)
      .innerJoin(batches, eq(batches.id, drafts.batchId))
      .where(and(eq(drafts.id, draftId), eq(drafts.householdId, user.householdId)))
      .for("update");
    if (!row) throw new HttpProblem(404, "Draft not found", "There is no such draft.");
    if (row.status === "confirmed" || row.draft.confirmedTransactionId) {
      throw new HttpProblem(
        409,
        "Already confirmed",
        "These drafts were confirmed; edit the transactions instead.",
      );
    }
    await checkRefs(tx, user, p);
    const amount = p.amount ?? row.draft.amountCentavos;
    if (p.splits && p.splits.length > 0) {
      const sum = p.splits.reduce((s, x) => s + x.amount, 0n);
      if (sum !== amount) {
        throw new HttpProblem(400, "Invalid request", "The splits must add up to the amount.", {
          errors: [{ path: "splits", message: "The splits must add up to the amount" }],
        });
      }
    }
    const splits =
      p.splits !== undefined
        ? p.splits.map((s) => ({ categoryId: s.categoryId, amountCentavos: s.amount.toString() }))
        : p.amount !== undefined
          ? [] // a new amount no longer fits the old split
          : row.draft.splits;
    const [updated] = await tx
      .update(drafts)
      .set({
        ...(p.date !== undefined ? { date: p.date } : {}),
        ...(p.merchant !== undefined ? { merchant: p.merchant || null } : {}),
        ...(p.amount !== undefined ? { amountCentavos: p.amount } : {}),
        ...(p.categoryId !== undefined ? { categoryId: p.categoryId } : {}),
        ...(p.accountId !== undefined ? { accountId: p.accountId } : {}),
        ...(p.fromAccountId !== undefined ? { fromAccountId: p.fromAccountId } : {}),
        ...(p.splits !== undefined && p.splits.length > 0 ? { categoryId: null } : {}),
        ...(p.include !== undefined ? { include: p.include } : {}),
        splits,
        updatedAt: sql`now()`,
      })
      .where(eq(drafts.id, draftId))
      .returning();
    return draftDto(updated!);
  });
}

/**
 * Chooses the card (statement) or account (receipt) for the whole batch: every line that had
 * the previous choice, or none, takes the new one. Lines the member pointed elsewhere keep theirs.
 */
export async function setBatchAccount(db: Database, user: SignedInUser, batchId: string, accountId: string) {
  await db.transaction(async (tx) => {
    const [batch] = await tx
      .select()
      .from(batches)
      .where(and(eq(batches.id, batchId), eq(batches.householdId, user.householdId)))
      .for("update");
    if (!batch) throw batchNotFound();
    if (batch.status === "confirmed") {
      throw new HttpProblem(
        409,
        "Already confirmed",
        "These drafts were confirmed; edit the transactions instead.",
      );
    }
    await checkRefs(tx, user, { accountId });
    const previous = batch.accountId;
    await tx
      .update(drafts)
      .set({ accountId, updatedAt: sql`now()` })
      .where(
        and(
          eq(drafts.batchId, batchId),
          previous ? or(isNull(drafts.accountId), eq(drafts.accountId, previous)) : isNull(drafts.accountId),
        ),
      );
    await tx.update(batches).set({ accountId }).where(eq(batches.id, batchId));
  });
}

// --- confirm ---------------------------------------------------------------------------------

export interface ConfirmResult {
  batchId: string;
  documentId: string | null;
  transactionIds: string[];
  transactionCount: number;
  statementCycleId: string | null;
  accountId: string | null;
}

const lineError = (d: DraftRow, path: string, message: string) =>
  new HttpProblem(400, "Some drafts cannot be recorded", `Line ${d.position + 1}: ${message}`, {
    errors: [{ path: `drafts.${d.id}.${path}`, message }],
  });

/** How a draft is written to the ledger (docs/smart-input.md, "Review and confirm"). */
function ledgerInput(batch: BatchRow, d: DraftRow): CreateTransactionInput {
  const account = d.accountId ?? batch.accountId;
  if (!account) {
    throw lineError(
      d,
      "accountId",
      batch.kind === "statement"
        ? "Choose the card this statement is for"
        : "Choose the account it was paid from",
    );
  }
  const merchant = d.merchant ?? d.description;
  const notes = d.merchant && d.merchant !== d.description ? d.description : null;
  const original =
    d.foreignCurrency && d.foreignAmount && d.foreignCurrency !== "PHP"
      ? { original: { amount: d.foreignAmount, currency: d.foreignCurrency } }
      : {};
  const base = {
    date: d.date,
    amount: d.amountCentavos,
    merchant: merchant.slice(0, 200),
    notes,
    tags: [],
    // the receipt or statement it was recorded from (the document's page lists it)
    documentId: batch.documentId,
  };
  if (d.direction === "credit" && d.kind === "payment") {
    // a card payment moves money from a bank account to the card: a transfer, never income
    if (!d.fromAccountId) throw lineError(d, "fromAccountId", "Choose the account this payment came from");
    return { ...base, type: "transfer", accountId: d.fromAccountId, toAccountId: account };
  }
  const splits = d.splits.map((s) => ({ categoryId: s.categoryId, amount: BigInt(s.amountCentavos) }));
  const category = splits.length ? {} : { categoryId: d.categoryId };
  // a refund or reversal gives money back to the card: income in Refunds, as the ledger models it
  const type = d.direction === "credit" ? "income" : "expense";
  return {
    ...base,
    ...original,
    ...category,
    ...(splits.length ? { splits } : {}),
    type,
    accountId: account,
  };
}

async function recordCycle(
  tx: Tx,
  user: SignedInUser,
  batch: BatchRow,
  lines: { id: string; position: number }[],
) {
  const s = batch.summary as ExtractionSummaryLike | null;
  if (batch.kind !== "statement" || !batch.accountId || !s?.statementDate) return null;
  const money = (v: string | null | undefined) => (v ? BigInt(v) : null);
  const values = {
    dueDate: s.dueDate ?? null,
    periodStart: s.periodStart ?? null,
    periodEnd: s.periodEnd ?? null,
    totalDueCentavos: money(s.totalDueCentavos),
    minimumDueCentavos: money(s.minimumDueCentavos),
    previousBalanceCentavos: money(s.previousBalanceCentavos),
    paymentsCreditsCentavos: money(s.paymentsCreditsCentavos),
    creditLimitCentavos: money(s.creditLimitCentavos),
    issuer: s.issuer ?? null,
    documentId: batch.documentId,
    batchId: batch.id,
  };
  // the same statement confirmed again (uploaded twice) updates its one cycle for the card
  const [cycle] = await tx
    .insert(statementCycles)
    .values({
      householdId: user.householdId,
      accountId: batch.accountId,
      statementDate: s.statementDate,
      createdBy: user.userId,
      ...values,
    })
    .onConflictDoUpdate({ target: [statementCycles.accountId, statementCycles.statementDate], set: values })
    .returning({ id: statementCycles.id });
  if (lines.length) {
    await tx
      .insert(statementCycleLines)
      .values(lines.map((l) => ({ cycleId: cycle!.id, transactionId: l.id, position: l.position })))
      .onConflictDoNothing();
  }
  return cycle!.id;
}

interface ExtractionSummaryLike {
  issuer?: string;
  statementDate?: string | null;
  dueDate?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  totalDueCentavos?: string | null;
  minimumDueCentavos?: string | null;
  previousBalanceCentavos?: string | null;
  paymentsCreditsCentavos?: string | null;
  creditLimitCentavos?: string | null;
}

/**
 * Records every included draft as a transaction through the ledger's own write path, all in
 * one database transaction: any line the ledger refuses leaves nothing written. The batch row
 * is locked first, so two confirms wait for each other; the second finds the batch confirmed
 * and answers with the first one's result. A statement records its cycle for the card.
 */
export async function confirmBatch(
  db: Database,
  user: SignedInUser,
  batchId: string,
): Promise<ConfirmResult> {
  return inTransaction(db, async (tx) => {
    const [batch] = await tx
      .select()
      .from(batches)
      .where(and(eq(batches.id, batchId), eq(batches.householdId, user.householdId)))
      .for("update");
    if (!batch) throw batchNotFound();
    if (batch.status === "confirmed") return batch.confirmResult as ConfirmResult;
    if (batch.documentId) {
      const [doc] = await tx
        .select({ attempt: schema.documents.attempt })
        .from(schema.documents)
        .where(eq(schema.documents.id, batch.documentId))
        .for("update");
      if (doc && doc.attempt !== batch.attempt) {
        throw new HttpProblem(
          409,
          "Outdated drafts",
          "The document is being read again; review the new drafts.",
        );
      }
    }
    const list = await tx
      .select()
      .from(drafts)
      .where(eq(drafts.batchId, batchId))
      .orderBy(asc(drafts.position))
      .for("update");
    const created: { id: string; position: number }[] = [];
    for (const d of list) {
      if (d.confirmedTransactionId) {
        created.push({ id: d.confirmedTransactionId, position: d.position });
        continue;
      }
      if (!d.include) continue;
      const input = ledgerInput(batch, d);
      let id: string | null;
      try {
        // "INSTALLMENT 03/12": its purchase is already in the ledger with its plan (functions/installments)
        const attached = await attachStatementLine(tx, user, batch, d, input);
        id = attached ? attached.transactionId : await createTransactionIn(tx, user, input);
      } catch (err) {
        if (!(err instanceof HttpProblem)) throw err;
        const errors = (err.extra.errors ?? [{ path: "(line)", message: err.detail ?? err.title }]).map(
          (e) => ({
            path: `drafts.${d.id}.${e.path}`,
            message: e.message,
          }),
        );
        throw new HttpProblem(
          err.status === 403 ? 403 : 400,
          "Some drafts cannot be recorded",
          `Line ${d.position + 1}: ${err.detail ?? err.title}`,
          { errors },
        );
      }
      if (id === null) continue;
      await tx.update(drafts).set({ confirmedTransactionId: id }).where(eq(drafts.id, d.id));
      created.push({ id, position: d.position });
    }
    // a statement whose card was not recognised takes the card the member chose on its lines
    const card = batch.accountId ?? list.find((d) => d.include && d.accountId)?.accountId ?? null;
    const statementCycleId = await recordCycle(tx, user, { ...batch, accountId: card }, created);
    const result: ConfirmResult = {
      batchId,
      documentId: batch.documentId,
      transactionIds: created.map((c) => c.id),
      transactionCount: created.length,
      statementCycleId,
      accountId: batch.kind === "statement" ? card : null,
    };
    await tx
      .update(batches)
      .set({ status: "confirmed", confirmedBy: user.userId, confirmedAt: sql`now()`, confirmResult: result })
      .where(eq(batches.id, batchId));
    if (batch.documentId) {
      await tx
        .update(schema.documents)
        .set({ status: "confirmed", confirmedAt: sql`now()`, updatedAt: sql`now()` })
        .where(eq(schema.documents.id, batch.documentId));
      await enqueue(tx, {
        type: "ph.fintrack.document.confirmed.v1",
        source: sourceOf("extraction"),
        subject: batch.documentId,
        data: {
          householdId: user.householdId,
          documentId: batch.documentId,
          confirmedBy: user.userId,
          transactionCount: created.length,
          statementCycleId,
          accountId: result.accountId,
        },
      });
    }
    return result;
  });
}
