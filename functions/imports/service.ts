import { type Database, type Queryable, rows, schema } from "@fintrack/db";
import { enqueue, sourceOf } from "@fintrack/events";
import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { SignedInUser } from "../lib/auth";
import { applyFlows, flowsOf } from "../lib/ledger-rollups";
import { HttpProblem } from "../lib/problem";
import { decodeUpload, readCsv } from "./csv-file";
import { lockHouseholdImports } from "./lease";
import { hasTransactionLikeRow, headerSignature, suggestMapping } from "./mapping";
import { restoreOpeningBalances } from "./opening-balances";
import { answersToRemember, type RememberedAnswers, rememberedAnswers } from "./remembered-answers";
import type { DraftTransaction } from "./rows";
import {
  type CommitBody,
  type DuplicateRow,
  type ImportBatch,
  type ImportReport,
  type ImportSource,
  mappingFields,
  type UndoResult,
} from "./schemas";
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

/** Every batch column but the stored file, which can be 10 MB, and the listed duplicates. */
const listColumns = {
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
  resumedAt: b.resumedAt,
  createdAt: b.createdAt,
  completedAt: b.completedAt,
};
/** One batch: with the rows it skipped as duplicates (up to 500 each; left out of the list of 100). */
const batchColumns = { ...listColumns, duplicates: b.duplicates };
type BatchRow = {
  [K in keyof typeof listColumns]: (typeof schema.importBatches.$inferSelect)[K];
} & { duplicates?: (typeof schema.importBatches.$inferSelect)["duplicates"] };

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
  ...(r.duplicates ? { duplicates: r.duplicates as DuplicateRow[] } : {}),
  error: r.error,
  report: r.report ?? null,
  resumedAt: r.resumedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  completedAt: r.completedAt?.toISOString() ?? null,
});

/** What a later import of a file with the same headers is offered (besides the mapping). */
interface RememberedMapping {
  mapping: Record<string, string | null>;
  dateFormat: CommitBody["dateFormat"];
  createMissingCategories: boolean;
  defaults: { accountId: string | null; type: "expense" | "income" };
  answers?: RememberedAnswers;
}

/** Who an import runs for: its rows are recorded as theirs, into accounts they may see. */
export type Importer = Pick<SignedInUser, "householdId" | "userId">;

/** The batch keeps the first errors; the report counts them all. */
const MAX_STORED_ERRORS = 1000;

/** Accounts a member may see and record into: shared ones and their own private ones. */
export function visibleAccounts(db: Queryable, user: Importer) {
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

async function ownBatch(db: Queryable, user: Importer, batchId: string) {
  const [row] = await db
    .select(batchColumns)
    .from(b)
    .where(and(eq(b.id, batchId), eq(b.householdId, user.householdId), eq(b.createdBy, user.userId)));
  // another member's import is theirs: it may hold their private accounts
  if (!row) throw new HttpProblem(404, "Import not found");
  return row;
}

export async function getBatch(db: Queryable, user: Importer, batchId: string) {
  return toImportBatch(await ownBatch(db, user, batchId));
}

export async function listBatches(db: Queryable, user: SignedInUser) {
  const items = await db
    .select(listColumns)
    .from(b)
    .where(and(eq(b.householdId, user.householdId), eq(b.createdBy, user.userId)))
    .orderBy(desc(b.createdAt), desc(b.id))
    .limit(100);
  return { items: items.map(toImportBatch) };
}

export interface PlannedImport {
  batch: ImportBatch;
  drafts: DraftTransaction[];
  createMissingCategories: boolean;
  values: Awaited<ReturnType<typeof createChosen>> & { openingBalances: "move" | "keep" };
  /** Taken over after an interruption: some rows may already be written. */
  resumed: boolean;
}

/**
 * The stored file read with the commit's mapping and the member's answers about its names. Only
 * what needs the file is checked here (a mapping naming no column, a mapping under which no row
 * reads, a default account the member cannot see, a name left unanswered): those are 4xx answers
 * at commit, and the reason a resume cannot go on.
 */
export async function readRows(
  db: Queryable,
  user: Importer,
  file: { content: string; source: ImportSource },
  body: CommitBody,
) {
  const table = readCsv(file.content);
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
  const drafted = await draftWithChoices(db, user, file, table, body, accounts);
  if (drafted.drafts.length === 0) {
    throw new HttpProblem(422, "Nothing to import", "No row has a valid date and amount with this mapping.", {
      errors: drafted.errors.slice(0, 20).map((e) => ({ path: `row ${e.row}`, message: e.message })),
    });
  }
  requireAnswers(drafted);
  return { drafted, headers: table.headers, totalRows: table.rows.length };
}

/**
 * Reads the stored file with the chosen mapping and answers, claims the batch for importing
 * under this process's lease and creates the accounts and categories the member asked for. The
 * claim keeps the commit body beside the file — with each created account as a mapping to it —
 * so a process that takes an interrupted import over re-reads both and creates nothing twice.
 */
export async function planImport(
  db: Database,
  user: SignedInUser,
  batchId: string,
  input: Omit<CommitBody, "values"> & Partial<Pick<CommitBody, "values">>,
  leaseOwner: string,
): Promise<PlannedImport> {
  const body: CommitBody = { ...input, values: input.values ?? ValueChoices.parse({}) };
  const batch = await ownBatch(db, user, batchId);
  if (batch.status !== "previewed") {
    throw new HttpProblem(409, "Import already started", `This import is ${batch.status}.`);
  }
  const [stored] = await db.select({ content: b.content }).from(b).where(eq(b.id, batchId));
  const { drafted, totalRows, headers } = await readRows(
    db,
    user,
    { content: stored?.content ?? "", source: batch.source },
    body,
  );
  const { drafts, errors } = drafted;

  const report: ImportReport = {
    duplicateRows: 0,
    errorRows: errors.length,
    createdCategories: [],
    unknownCategories: [],
    unknownAccounts: [],
  };
  // the second row of each transfer pair went into the first
  const processed = errors.length + drafted.pairs;
  const [claimed] = await db
    .update(b)
    .set({
      status: "importing",
      mapping: JSON.stringify(body.mapping),
      commitOptions: body,
      leaseOwner,
      heartbeatAt: sql`now()`,
      totalRows,
      processedRows: processed,
      skippedRows: errors.length,
      rowErrors: errors.slice(0, MAX_STORED_ERRORS),
      report,
      updatedAt: sql`now()`,
    })
    .where(and(eq(b.id, batchId), eq(b.status, "previewed")))
    .returning(batchColumns);
  if (!claimed) throw new HttpProblem(409, "Import already started");
  const values = await createChosen(db, user, drafted);
  const resumable: CommitBody = {
    ...body,
    values: {
      ...body.values,
      accounts: body.values.accounts.map((choice) => {
        const made = values.createdAccounts.find((a) => a.value === choice.value);
        return made ? { value: choice.value, accountId: made.id } : choice;
      }),
    },
  };
  await db
    .update(b)
    .set({
      commitOptions: resumable,
      report: sql`${b.report} || ${JSON.stringify({
        createdAccounts: values.createdAccounts,
        mappedAccounts: values.mappedAccounts,
        mappedCategories: values.mappedCategories,
        transferPairs: values.transferPairs,
      })}::jsonb`,
    })
    .where(eq(b.id, batchId));

  const remembered: RememberedMapping = {
    mapping: Object.fromEntries(mappingFields.map((f) => [f, body.mapping[f] ?? null])),
    dateFormat: body.dateFormat,
    createMissingCategories: body.createMissingCategories,
    defaults: body.defaults,
    answers: answersToRemember(drafted, body.values, await rememberedAnswers(db, user.householdId, headers)),
  };
  await db
    .insert(schema.importMappings)
    .values({
      householdId: user.householdId,
      headerSignature: headerSignature(headers),
      mapping: JSON.stringify(remembered),
    })
    .onConflictDoUpdate({
      target: [schema.importMappings.householdId, schema.importMappings.headerSignature],
      set: { mapping: JSON.stringify(remembered), updatedAt: sql`now()` },
    });

  return {
    batch: toImportBatch(claimed),
    drafts,
    createMissingCategories: body.createMissingCategories,
    values: { ...values, openingBalances: body.values.openingBalances },
    resumed: false,
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
  return describeValues(db, user, batch, table, body, await visibleAccounts(db, user), {
    answers: await rememberedAnswers(db, user.householdId, table.headers),
  });
}

/**
 * One-click undo, in one database transaction: soft-deletes the batch's transactions that are
 * still live (a member may have edited them since: their current values are what leaves the
 * rollups) — except those a later import that is still live skipped as duplicates of them.
 * That import counted on those rows being there, so they are kept and handed to it (the
 * earliest such import): they become its rows, and undoing it removes them. Undoing every
 * import therefore leaves nothing, in any order.
 */
export async function undoBatch(db: Database, user: SignedInUser, batchId: string): Promise<UndoResult> {
  const batch = await ownBatch(db, user, batchId);
  if (batch.status !== "completed" && batch.status !== "failed") {
    throw new HttpProblem(409, "Cannot undo this import", `This import is ${batch.status}.`);
  }
  return db.transaction(async (tx) => {
    // waits for a running chunk of this household's imports: every match it records is seen here
    await tx.execute(lockHouseholdImports(user.householdId));
    const [updated] = await tx
      .update(b)
      .set({ status: "undone", updatedAt: sql`now()` })
      .where(and(eq(b.id, batchId), inArray(b.status, ["completed", "failed"])))
      .returning(batchColumns);
    if (!updated) throw new HttpProblem(409, "Cannot undo this import", "It changed meanwhile.");

    const handedOver = await rows<{ batchId: string; filename: string | null; rows: number }>(
      tx,
      sql`WITH heir AS (
            SELECT DISTINCT ON (m.transaction_id) m.transaction_id, m.batch_id
            FROM import_duplicate_matches m
            JOIN transactions t ON t.id = m.transaction_id
            JOIN import_batches later ON later.id = m.batch_id
            WHERE t.import_batch_id = ${batchId}::uuid AND t.deleted_at IS NULL
              AND later.status IN ('importing', 'completed', 'failed')
            ORDER BY m.transaction_id, later.created_at, later.id),
          moved AS (
            UPDATE transactions t SET import_batch_id = heir.batch_id FROM heir
            WHERE t.id = heir.transaction_id RETURNING heir.batch_id, heir.transaction_id),
          unmatched AS (
            DELETE FROM import_duplicate_matches m USING moved
            WHERE m.batch_id = moved.batch_id AND m.transaction_id = moved.transaction_id)
          SELECT moved.batch_id AS "batchId", later.filename, count(*)::int AS rows
          FROM moved JOIN import_batches later ON later.id = moved.batch_id
          GROUP BY moved.batch_id, later.filename, later.created_at ORDER BY later.created_at`,
    );
    for (const heir of handedOver) {
      // the rows it skipped as duplicates are now rows it holds
      await tx
        .update(b)
        .set({
          importedRows: sql`${b.importedRows} + ${heir.rows}`,
          skippedRows: sql`${b.skippedRows} - ${heir.rows}`,
          report: sql`jsonb_set(${b.report}, '{duplicateRows}',
            to_jsonb(greatest(coalesce((${b.report}->>'duplicateRows')::int, 0) - ${heir.rows}::int, 0)))`,
          // and are no longer listed as skipped
          duplicates: sql`(SELECT coalesce(jsonb_agg(x.e ORDER BY x.n), '[]'::jsonb)
            FROM jsonb_array_elements(${b.duplicates}) WITH ORDINALITY AS x(e, n)
            WHERE NOT (x.e->'matched'->>'by' IN ('import', 'id') AND EXISTS (
              SELECT 1 FROM transactions own
              WHERE own.id = (x.e->'matched'->>'transactionId')::uuid AND own.import_batch_id = ${heir.batchId}::uuid)))`,
          updatedAt: sql`now()`,
        })
        .where(eq(b.id, heir.batchId));
    }
    // what this import matched no longer needs keeping for it
    await tx.delete(schema.importDuplicateMatches).where(eq(schema.importDuplicateMatches.batchId, batchId));

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
        merchant: t.merchant,
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
    // budget-check recounts the months the removed rows were in (same transaction as the undo)
    const dates = removed.map((r) => r.date).sort();
    await enqueue(tx, {
      type: "ph.fintrack.import.undone.v1",
      source: sourceOf("imports"),
      subject: batchId,
      data: {
        householdId: user.householdId,
        batchId,
        undoneBy: user.userId,
        removedRows: removed.length,
        fromDate: dates[0] ?? null,
        toDate: dates.at(-1) ?? null,
      },
    });
    const keptRows = handedOver.reduce((n, h) => n + h.rows, 0);
    return {
      ...toImportBatch(updated),
      undo: { removedRows: removed.length, keptRows, keptFor: handedOver },
    };
  });
}
