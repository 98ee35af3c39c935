import { type Database, type Queryable, rows, schema } from "@fintrack/db";
import { enqueue, sourceOf } from "@fintrack/events";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { SignedInUser } from "../lib/auth";
import type { FunctionDeps } from "../lib/function-app";
import { applyFlows, type FlowRow, flowsOf } from "../lib/ledger-rollups";
import { alreadyInFintrack } from "./dedupe";
import type { DraftTransaction } from "./rows";
import type { ImportReport } from "./schemas";
import type { PlannedImport } from "./service";

const b = schema.importBatches;

/** Rows per INSERT: one round trip each, well under PostgreSQL's 65,535 parameters. */
export const CHUNK_ROWS = 1000;
const ANALYZE_AFTER_ROWS = 1000;

/**
 * After a large import the planner's statistics still describe the table before it (PGlite has
 * no autovacuum; PostgreSQL's may run minutes later), and it picks scans that make the first
 * transaction page ~15× slower. Refreshing them is cheap next to the import.
 */
async function refreshPlannerStatistics(deps: FunctionDeps) {
  try {
    await deps.db.execute(
      sql`ANALYZE transactions, transaction_splits, ledger_rollups, account_month_totals`,
    );
  } catch (err) {
    deps.log.warn({ err }, "ANALYZE after import failed");
  }
}
/** The batch keeps the first errors; the report counts them all. */
const MAX_STORED_ERRORS = 1000;

type Kind = "expense" | "income";

/** Stops an import with a message for the member (other failures get a generic one). */
class ImportStopped extends Error {}
const categoryKey = (kind: Kind, name: string) => `${kind}|${name.trim().toLowerCase()}`;

/**
 * Category ids for the names in the file, matched case-insensitively within the row's kind.
 * Unknown names are created when asked to, and otherwise reported and left uncategorised.
 */
async function resolveCategories(
  db: Database,
  householdId: string,
  drafts: DraftTransaction[],
  createMissing: boolean,
) {
  const wanted = new Map<string, { kind: Kind; name: string }>();
  for (const d of drafts) {
    if (d.type === "transfer") continue;
    for (const name of [d.category, ...d.splits.map((s) => s.category)]) {
      if (name) wanted.set(categoryKey(d.type, name), { kind: d.type, name: name.trim() });
    }
  }
  const ids = new Map<string, string>();
  const load = async () => {
    const existing = await db
      .select({
        id: schema.categories.id,
        name: schema.categories.name,
        kind: schema.categories.kind,
        archivedAt: schema.categories.archivedAt,
      })
      .from(schema.categories)
      .where(eq(schema.categories.householdId, householdId));
    // a live category wins over an archived one of the same name
    existing.sort((x, y) => Number(x.archivedAt !== null) - Number(y.archivedAt !== null));
    for (const c of existing) {
      const key = categoryKey(c.kind, c.name);
      if (!ids.has(key)) ids.set(key, c.id);
    }
  };
  await load();
  const missing = [...wanted].filter(([key]) => !ids.has(key)).map(([, c]) => c);
  const created: string[] = [];
  if (missing.length > 0 && createMissing) {
    const inserted = await db
      .insert(schema.categories)
      .values(missing.map((c) => ({ householdId, name: c.name, kind: c.kind })))
      .onConflictDoNothing()
      .returning({ name: schema.categories.name });
    created.push(...inserted.map((c) => c.name));
    await load();
  }
  const unknown = missing.filter((c) => !ids.has(categoryKey(c.kind, c.name))).map((c) => c.name);
  return { ids, created, unknown: [...new Set(unknown)] };
}

/**
 * Writes the planned rows in chunks of CHUNK_ROWS, each chunk one database transaction:
 * a multi-row INSERT that skips rows whose fingerprint is already live in the household, the
 * splits of what went in, one rollup update for the chunk, and the batch's progress. The last
 * transaction completes the batch and puts `import.completed` in the outbox. Any failure
 * marks the batch failed with a message; the chunks written so far can be undone.
 */
export async function runImport(deps: FunctionDeps, user: SignedInUser, plan: PlannedImport): Promise<void> {
  const { db } = deps;
  const batchId = plan.batch.id;
  const report: ImportReport = {
    duplicateRows: 0,
    errorRows: plan.errors.length,
    createdCategories: [],
    unknownCategories: [],
    unknownAccounts: plan.unknownAccounts,
  };
  const rowErrors = plan.errors.slice(0, MAX_STORED_ERRORS);
  let imported = 0;
  try {
    const categories = await resolveCategories(
      db,
      user.householdId,
      plan.drafts,
      plan.createMissingCategories,
    );
    report.createdCategories = categories.created;
    report.unknownCategories = categories.unknown;
    await db
      .update(b)
      .set({
        processedRows: plan.errors.length,
        skippedRows: plan.errors.length,
        report,
        rowErrors,
        updatedAt: sql`now()`,
      })
      .where(eq(b.id, batchId));

    for (let i = 0; i < plan.drafts.length; i += CHUNK_ROWS) {
      const chunk = plan.drafts.slice(i, i + CHUNK_ROWS);
      const added = await db.transaction((tx) =>
        insertChunk(tx, user, batchId, chunk, (kind, name) => categories.ids.get(categoryKey(kind, name))),
      );
      imported += added;
      report.duplicateRows += chunk.length - added;
    }

    if (imported >= ANALYZE_AFTER_ROWS) await refreshPlannerStatistics(deps);
    await db.transaction(async (tx) => {
      const [done] = await tx
        .update(b)
        .set({ status: "completed", completedAt: sql`now()`, updatedAt: sql`now()`, content: null, report })
        .where(eq(b.id, batchId))
        .returning({ importedRows: b.importedRows, skippedRows: b.skippedRows });
      await enqueue(tx, {
        type: "ph.fintrack.import.completed.v1",
        source: sourceOf("imports"),
        subject: batchId,
        data: {
          householdId: user.householdId,
          batchId,
          createdBy: user.userId,
          source: plan.batch.source,
          importedRows: done?.importedRows ?? imported,
          skippedRows: done?.skippedRows ?? 0,
        },
      });
    });
    deps.publish();
  } catch (err) {
    deps.log.error({ err, batchId }, "import failed");
    await db
      .update(b)
      .set({
        status: "failed",
        completedAt: sql`now()`,
        updatedAt: sql`now()`,
        content: null,
        report,
        error:
          err instanceof ImportStopped
            ? err.message
            : imported > 0
              ? `The import stopped after ${imported.toLocaleString("en-PH")} transactions were recorded; undo it and try again.`
              : "The import stopped before recording anything; try again.",
      })
      .where(eq(b.id, batchId));
  }
}

/**
 * The accounts were checked when the import was planned, but it runs for a while: meanwhile
 * the other member may have made one of them private (allowed while it held none of this
 * member's entries). Locking them (key share) and reading them again here keeps the rule of
 * docs/permissions.md — a private account holds only its owner's entries — for every chunk.
 */
async function lockTargetAccounts(tx: Queryable, user: SignedInUser, chunk: DraftTransaction[]) {
  const wanted = [
    ...new Set(chunk.flatMap((d) => [d.accountId, d.toAccountId]).filter((a): a is string => a !== null)),
  ];
  const usable = await tx
    .select({ id: schema.accounts.id })
    .from(schema.accounts)
    .where(
      and(
        eq(schema.accounts.householdId, user.householdId),
        inArray(schema.accounts.id, wanted),
        or(eq(schema.accounts.visibility, "shared"), eq(schema.accounts.ownerId, user.userId)),
      ),
    )
    .for("key share");
  if (usable.length !== wanted.length) {
    throw new ImportStopped(
      "An account this import records into was made private by the other member meanwhile; undo the import and import the file again.",
    );
  }
}

async function insertChunk(
  tx: Queryable,
  user: SignedInUser,
  batchId: string,
  chunk: DraftTransaction[],
  categoryId: (kind: Kind, name: string) => string | undefined,
): Promise<number> {
  const resolved = chunk.map((d) => {
    if (d.type === "transfer") return { draft: d, categoryId: null, splits: [] };
    const kind = d.type;
    const splits = d.splits.map((s) => ({ ...s, categoryId: categoryId(kind, s.category) }));
    // a split whose category is unknown cannot be kept: the whole row stays uncategorised
    if (splits.length > 0) {
      return splits.every((s) => s.categoryId)
        ? {
            draft: d,
            categoryId: null,
            splits: splits as ((typeof splits)[number] & { categoryId: string })[],
          }
        : { draft: d, categoryId: null, splits: [] };
    }
    return { draft: d, categoryId: d.category ? (categoryId(kind, d.category) ?? null) : null, splits: [] };
  });
  await lockTargetAccounts(tx, user, chunk);
  // the chunk travels as one jsonb parameter: binding 15 parameters per row took twice as long on PGlite
  const known = await alreadyInFintrack(
    tx,
    user.householdId,
    resolved.map((r) => r.draft.sourceId),
  );
  const payload = resolved
    .filter((r) => !known.has(r.draft.sourceId ?? ""))
    .map(({ draft: d, categoryId }) => ({
      type: d.type,
      date: d.date,
      amount: d.amountCentavos.toString(),
      account: d.accountId,
      to_account: d.toAccountId,
      category: categoryId,
      merchant: d.merchant,
      notes: d.notes,
      tags: d.tags,
      original_amount: d.originalAmountMinor?.toString() ?? null,
      original_currency: d.originalCurrency,
      fingerprint: d.fingerprint,
    }));
  const inserted = await rows<{ id: string; fingerprint: string }>(
    tx,
    sql`INSERT INTO transactions (household_id, type, date, amount_centavos, account_id, to_account_id, category_id,
          merchant, notes, tags, original_amount_minor, original_currency, import_batch_id, import_fingerprint, created_by)
        SELECT ${user.householdId}::uuid, r.type, r.date, r.amount::bigint, r.account, r.to_account, r.category,
          r.merchant, r.notes, ARRAY(SELECT jsonb_array_elements_text(r.tags)), r.original_amount::bigint, r.original_currency,
          ${batchId}::uuid, r.fingerprint, ${user.userId}::uuid
        FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS r(type transaction_type, date date, amount text,
          account uuid, to_account uuid, category uuid, merchant text, notes text, tags jsonb, original_amount text,
          original_currency text, fingerprint text)
        ON CONFLICT (household_id, import_fingerprint) WHERE import_fingerprint IS NOT NULL AND deleted_at IS NULL
        DO NOTHING
        RETURNING id, import_fingerprint AS fingerprint`,
  );
  const idOf = new Map(inserted.map((r) => [r.fingerprint, r.id]));
  const flows: FlowRow[] = [];
  const splitRows: (typeof schema.transactionSplits.$inferInsert)[] = [];
  for (const r of resolved) {
    const id = idOf.get(r.draft.fingerprint);
    if (!id) continue; // already imported before
    for (const s of r.splits) {
      splitRows.push({
        transactionId: id,
        categoryId: s.categoryId,
        amountCentavos: s.amountCentavos,
        note: s.note,
      });
    }
    flows.push(...flowsOf({ ...r.draft, categoryId: r.categoryId }, r.splits));
  }
  for (let i = 0; i < splitRows.length; i += CHUNK_ROWS) {
    await tx.insert(schema.transactionSplits).values(splitRows.slice(i, i + CHUNK_ROWS));
  }
  await applyFlows(tx, flows, 1);
  await tx
    .update(b)
    .set({
      processedRows: sql`${b.processedRows} + ${chunk.length}`,
      importedRows: sql`${b.importedRows} + ${inserted.length}`,
      skippedRows: sql`${b.skippedRows} + ${chunk.length - inserted.length}`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(b.id, batchId), eq(b.status, "importing")));
  return inserted.length;
}
