import { type Database, type Queryable, schema } from "@fintrack/db";
import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { SignedInUser } from "../lib/auth";
import { applyFlows, flowsOf } from "../lib/ledger-rollups";
import { HttpProblem } from "../lib/problem";
import { decodeUpload, readCsv } from "./csv-file";
import { hasTransactionLikeRow, headerSignature, suggestMapping } from "./mapping";
import { restoreOpeningBalances } from "./opening-balances";
import type { DraftTransaction, RowError } from "./rows";
import { type CommitBody, type ImportBatch, type ImportSource, mappingFields } from "./schemas";
import { ValueChoices } from "./value-mapping";
import {
  createChosen,
  describeValues,
  draftWithChoices,
  requireAnswers,
  type ValuesBody,
} from "./value-plan";

const t = schema.transactions;
const b = schema.importBatches;

/** Every batch column but the stored file, which can be 10 MB. */
const batchColumns = {
  id: b.id,
  householdId: b.householdId,
  createdBy: b.createdBy,
  source: b.source,
  filename: b.filename,
  status: b.status,
  totalRows: b.totalRows,
  processedRows: b.processedRows,
  importedRows: b.importedRows,
  skippedRows: b.skippedRows,
  error: b.error,
  rowErrors: b.rowErrors,
  report: b.report,
  createdAt: b.createdAt,
  completedAt: b.completedAt,
};
type BatchRow = {
  [K in keyof typeof batchColumns]: (typeof schema.importBatches.$inferSelect)[K];
};

export const toImportBatch = (r: BatchRow): ImportBatch => ({
  id: r.id,
  source: r.source,
  filename: r.filename,
  status: r.status,
  totalRows: r.totalRows,
  processedRows: r.processedRows,
  importedRows: r.importedRows,
  skippedRows: r.skippedRows,
  errors: r.rowErrors,
  error: r.error,
  report: r.report ?? null,
  createdAt: r.createdAt.toISOString(),
  completedAt: r.completedAt?.toISOString() ?? null,
});

/** What a later import of a file with the same headers is offered (besides the mapping). */
interface RememberedMapping {
  mapping: Record<string, string | null>;
  dateFormat: CommitBody["dateFormat"];
  createMissingCategories: boolean;
  defaults: { accountId: string | null; type: "expense" | "income" };
}

/** Accounts a member may see and record into: shared ones and their own private ones. */
export function visibleAccounts(db: Queryable, user: SignedInUser) {
  return db
    .select({ id: schema.accounts.id, name: schema.accounts.name })
    .from(schema.accounts)
    .where(
      and(
        eq(schema.accounts.householdId, user.householdId),
        or(eq(schema.accounts.visibility, "shared"), eq(schema.accounts.ownerId, user.userId)),
      ),
    )
    .orderBy(asc(schema.accounts.sortOrder), asc(schema.accounts.createdAt), asc(schema.accounts.id));
}

/**
 * Reads an upload, refuses what is not a CSV of transactions (nothing is stored then), and
 * keeps the file on a new batch so any instance of the function can run the commit.
 */
export async function preview(
  db: Database,
  user: SignedInUser,
  upload: { source: ImportSource; filename: string | null; bytes: Uint8Array },
) {
  const text = decodeUpload(upload.bytes);
  const table = readCsv(text);
  if (!hasTransactionLikeRow(table)) {
    throw new HttpProblem(
      422,
      "Not a CSV of transactions",
      "No row has both a date and an amount. Check that this is the right file.",
      { type: "https://fintrack.ph/problems/not-a-csv-of-transactions" },
    );
  }
  const [remembered] = await db
    .select({ mapping: schema.importMappings.mapping })
    .from(schema.importMappings)
    .where(
      and(
        eq(schema.importMappings.householdId, user.householdId),
        eq(schema.importMappings.headerSignature, headerSignature(table.headers)),
      ),
    );
  const saved = remembered ? (JSON.parse(remembered.mapping) as RememberedMapping) : null;
  if (saved?.defaults.accountId) {
    // remembered by the household, but the account may be the other member's private one
    const mine = await visibleAccounts(db, user);
    if (!mine.some((a) => a.id === saved.defaults.accountId)) saved.defaults.accountId = null;
  }
  const suggestedMapping = { ...suggestMapping(table, upload.source), ...(saved?.mapping ?? {}) };

  // a preview nobody committed is a draft: drop the stale ones with their files
  await db
    .delete(b)
    .where(
      and(
        eq(b.householdId, user.householdId),
        eq(b.status, "previewed"),
        lt(b.createdAt, sql`now() - interval '1 day'`),
      ),
    );
  const [batch] = await db
    .insert(b)
    .values({
      householdId: user.householdId,
      createdBy: user.userId,
      source: upload.source,
      filename: upload.filename,
      content: text,
      totalRows: table.rows.length,
    })
    .returning({ id: b.id });
  return {
    batchId: batch!.id,
    source: upload.source,
    filename: upload.filename,
    headers: table.headers,
    sampleRows: table.rows.slice(0, 20).map((r) => table.headers.map((_, i) => r[i] ?? "")),
    rowCount: table.rows.length,
    suggestedMapping,
    remembered: saved !== null,
    suggestedOptions: {
      dateFormat: saved?.dateFormat ?? "auto",
      createMissingCategories: saved?.createMissingCategories ?? false,
      defaults: saved?.defaults ?? { accountId: null, type: "expense" as const },
    },
  };
}

/** A chunk takes seconds; an import that has not moved for this long lost its process. */
const INTERRUPTED_AFTER = sql`interval '10 minutes'`;

/**
 * Fails the member's imports whose process died mid-way (a restart, a pod scaled away), so
 * they show why and their recorded rows can be undone instead of "importing" forever.
 */
async function failInterrupted(db: Queryable, user: SignedInUser) {
  await db
    .update(b)
    .set({
      status: "failed",
      error: "The import was interrupted; undo it and import the file again.",
      content: null,
      completedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(b.householdId, user.householdId),
        eq(b.createdBy, user.userId),
        eq(b.status, "importing"),
        lt(b.updatedAt, sql`now() - ${INTERRUPTED_AFTER}`),
      ),
    );
}

async function ownBatch(db: Queryable, user: SignedInUser, batchId: string) {
  await failInterrupted(db, user);
  const [row] = await db
    .select(batchColumns)
    .from(b)
    .where(and(eq(b.id, batchId), eq(b.householdId, user.householdId), eq(b.createdBy, user.userId)));
  // another member's import is theirs: it may hold their private accounts
  if (!row) throw new HttpProblem(404, "Import not found");
  return row;
}

export async function getBatch(db: Queryable, user: SignedInUser, batchId: string) {
  return toImportBatch(await ownBatch(db, user, batchId));
}

export async function listBatches(db: Queryable, user: SignedInUser) {
  await failInterrupted(db, user);
  const items = await db
    .select(batchColumns)
    .from(b)
    .where(and(eq(b.householdId, user.householdId), eq(b.createdBy, user.userId)))
    .orderBy(desc(b.createdAt), desc(b.id))
    .limit(100);
  return { items: items.map(toImportBatch) };
}

export interface PlannedImport {
  batch: ImportBatch;
  drafts: DraftTransaction[];
  errors: RowError[];
  unknownAccounts: string[];
  createMissingCategories: boolean;
  values: Awaited<ReturnType<typeof createChosen>> & { openingBalances: "move" | "keep" };
}

/**
 * Reads the stored file with the chosen mapping and claims the batch for importing. Only
 * what needs the file is checked here, synchronously (a mapping naming no column, a mapping
 * under which no row reads): those are 4xx answers, not failed imports.
 */
export async function planImport(
  db: Database,
  user: SignedInUser,
  batchId: string,
  input: Omit<CommitBody, "values"> & Partial<Pick<CommitBody, "values">>,
): Promise<PlannedImport> {
  const body: CommitBody = { ...input, values: input.values ?? ValueChoices.parse({}) };
  const batch = await ownBatch(db, user, batchId);
  if (batch.status !== "previewed") {
    throw new HttpProblem(409, "Import already started", `This import is ${batch.status}.`);
  }
  const [stored] = await db.select({ content: b.content }).from(b).where(eq(b.id, batchId));
  const table = readCsv(stored?.content ?? "");

  const missing = Object.entries(body.mapping)
    .filter(([, header]) => header && !table.headers.includes(header))
    .map(([field, header]) => ({ path: `mapping.${field}`, message: `No column "${header}" in this file` }));
  if (missing.length > 0) {
    throw new HttpProblem(400, "Invalid request", "The mapping names columns this file does not have", {
      errors: missing,
    });
  }
  const accounts = await visibleAccounts(db, user);
  if (!accounts.some((a) => a.id === body.defaults.accountId)) {
    throw new HttpProblem(400, "Invalid request", "The default account does not exist", {
      errors: [{ path: "defaults.accountId", message: "No such account" }],
    });
  }
  // names in the file are never booked somewhere unasked (value-plan.ts)
  const drafted = await draftWithChoices(db, user, batch, table, body, accounts);
  const { drafts, errors } = drafted;
  const unknownAccounts: string[] = [];
  if (drafts.length === 0) {
    throw new HttpProblem(422, "Nothing to import", "No row has a valid date and amount with this mapping.", {
      errors: errors.slice(0, 20).map((e) => ({ path: `row ${e.row}`, message: e.message })),
    });
  }

  requireAnswers(drafted);
  const [claimed] = await db
    .update(b)
    .set({
      status: "importing",
      mapping: JSON.stringify(body.mapping),
      totalRows: table.rows.length,
      processedRows: 0,
      updatedAt: sql`now()`,
    })
    .where(and(eq(b.id, batchId), eq(b.status, "previewed")))
    .returning(batchColumns);
  if (!claimed) throw new HttpProblem(409, "Import already started");
  const values = await createChosen(db, user, drafted);

  const remembered: RememberedMapping = {
    mapping: Object.fromEntries(mappingFields.map((f) => [f, body.mapping[f] ?? null])),
    dateFormat: body.dateFormat,
    createMissingCategories: body.createMissingCategories,
    defaults: body.defaults,
  };
  await db
    .insert(schema.importMappings)
    .values({
      householdId: user.householdId,
      headerSignature: headerSignature(table.headers),
      mapping: JSON.stringify(remembered),
    })
    .onConflictDoUpdate({
      target: [schema.importMappings.householdId, schema.importMappings.headerSignature],
      set: { mapping: JSON.stringify(remembered), updatedAt: sql`now()` },
    });

  return {
    batch: toImportBatch(claimed),
    drafts,
    errors,
    unknownAccounts,
    createMissingCategories: body.createMissingCategories,
    values: { ...values, openingBalances: body.values.openingBalances },
  };
}

/** The preview's second step: the file's names and what the chosen mapping makes of them. */
export async function previewValues(db: Database, user: SignedInUser, batchId: string, body: ValuesBody) {
  const batch = await ownBatch(db, user, batchId);
  if (batch.status !== "previewed") {
    throw new HttpProblem(409, "Import already started", `This import is ${batch.status}.`);
  }
  const [stored] = await db.select({ content: b.content }).from(b).where(eq(b.id, batchId));
  const table = readCsv(stored?.content ?? "");
  const missing = Object.entries(body.mapping)
    .filter(([, header]) => header && !table.headers.includes(header))
    .map(([field, header]) => ({ path: `mapping.${field}`, message: `No column "${header}" in this file` }));
  if (missing.length > 0) {
    throw new HttpProblem(400, "Invalid request", "The mapping names columns this file does not have", {
      errors: missing,
    });
  }
  return describeValues(db, user, batch, table, body, await visibleAccounts(db, user));
}

/**
 * One-click undo: soft-deletes the batch's transactions that are still live (a member may
 * have edited them since: their current values are what leaves the rollups) in one
 * database transaction.
 */
export async function undoBatch(db: Database, user: SignedInUser, batchId: string) {
  const batch = await ownBatch(db, user, batchId);
  if (batch.status !== "completed" && batch.status !== "failed") {
    throw new HttpProblem(409, "Cannot undo this import", `This import is ${batch.status}.`);
  }
  const row = await db.transaction(async (tx) => {
    const live = and(eq(t.householdId, user.householdId), eq(t.importBatchId, batchId), isNull(t.deletedAt));
    const removed = await tx
      .update(t)
      .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
      .where(live)
      .returning({
        id: t.id,
        type: t.type,
        date: t.date,
        amountCentavos: t.amountCentavos,
        accountId: t.accountId,
        toAccountId: t.toAccountId,
        categoryId: t.categoryId,
      });
    const splits =
      removed.length === 0
        ? []
        : await tx
            .select({
              transactionId: schema.transactionSplits.transactionId,
              categoryId: schema.transactionSplits.categoryId,
              amountCentavos: schema.transactionSplits.amountCentavos,
            })
            .from(schema.transactionSplits)
            .innerJoin(t, eq(t.id, schema.transactionSplits.transactionId))
            .where(and(eq(t.householdId, user.householdId), eq(t.importBatchId, batchId)));
    const splitsOf = new Map<string, typeof splits>();
    for (const s of splits) splitsOf.set(s.transactionId, [...(splitsOf.get(s.transactionId) ?? []), s]);
    await applyFlows(
      tx,
      removed.flatMap((r) => flowsOf(r, splitsOf.get(r.id) ?? [])),
      -1,
    );
    await restoreOpeningBalances(
      tx,
      user.householdId,
      batch.report as Parameters<typeof restoreOpeningBalances>[2],
    );
    const [updated] = await tx
      .update(b)
      .set({ status: "undone", updatedAt: sql`now()` })
      .where(and(eq(b.id, batchId), inArray(b.status, ["completed", "failed"])))
      .returning(batchColumns);
    if (!updated) throw new HttpProblem(409, "Cannot undo this import", "It changed meanwhile.");
    return updated;
  });
  return toImportBatch(row);
}
