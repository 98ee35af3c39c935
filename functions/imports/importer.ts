import { type Database, type Queryable, rows, schema } from "@fintrack/db";
import { enqueue, sourceOf } from "@fintrack/events";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { FunctionDeps } from "../lib/function-app";
import { applyFlows, type FlowRow, flowsOf } from "../lib/ledger-rollups";
import { alreadyInFintrack } from "./dedupe";
import { describeDuplicates, MAX_LISTED_DUPLICATES } from "./duplicate-rows";
import { HEARTBEAT_MS, LeaseLost, lockHouseholdImports } from "./lease";
import { settleOpeningBalances } from "./opening-balances";
import type { DraftTransaction } from "./rows";
import type { Importer, PlannedImport } from "./service";

const b = schema.importBatches;

/**
 * Rows per chunk (one database transaction). Small enough that a chunk keeps the event loop
 * for well under 100 ms on embedded PGlite, whose queries run on this thread: between chunks the
 * importer yields, so other requests (health checks, the progress poll) are answered.
 */
export const CHUNK_ROWS = 250;
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

/** Lets timers and I/O run: a chunk's queries on PGlite hold the thread while they run. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes the planned rows in chunks of CHUNK_ROWS, each chunk one database transaction that
 * first checks this process still holds the batch's lease: a multi-row INSERT that skips rows
 * whose fingerprint is already live in the household (recording which rows it matched), the
 * splits of what went in, one rollup update for the chunk, and the batch's progress. The last
 * transaction completes the batch and puts `import.completed` in the outbox. Any failure marks
 * the batch failed with a message; the chunks written so far can be undone.
 *
 * A resumed import (`plan.resumed`) re-reads the same file: rows the batch already wrote or
 * matched are known by their fingerprints and are not written or counted again.
 */
export async function runImport(
  deps: FunctionDeps,
  leaseOwner: string,
  user: Importer,
  plan: PlannedImport,
): Promise<void> {
  const { db } = deps;
  const batchId = plan.batch.id;
  const holdsLease = and(eq(b.id, batchId), eq(b.status, "importing"), eq(b.leaseOwner, leaseOwner));
  const heartbeat = setInterval(() => {
    db.update(b)
      .set({ heartbeatAt: sql`now()` })
      .where(holdsLease)
      .catch((err) => deps.log.warn({ err, batchId }, "import heartbeat failed"));
  }, HEARTBEAT_MS);
  heartbeat.unref?.();
  let imported = 0;
  try {
    const categories = await resolveCategories(
      db,
      user.householdId,
      plan.drafts,
      plan.createMissingCategories,
    );
    // the names this run resolved join the report the plan wrote (a resumed run keeps the first run's)
    await db
      .update(b)
      .set({
        report: sql`coalesce(${b.report}, '{}'::jsonb) || jsonb_build_object(
          'createdCategories', (SELECT coalesce(jsonb_agg(DISTINCT c), '[]'::jsonb) FROM jsonb_array_elements_text(
            coalesce(${b.report}->'createdCategories', '[]'::jsonb) || ${JSON.stringify([...plan.values.createdCategories, ...categories.created])}::jsonb) AS c),
          'unknownCategories', ${JSON.stringify(categories.unknown)}::jsonb)`,
        heartbeatAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(holdsLease);

    const done = plan.resumed ? await handledRows(db, batchId) : null;
    const drafts = done ? plan.drafts.filter((d) => !done(d)) : plan.drafts;
    // a resumed run goes on listing after what the chunks written before listed
    const [listed] = await db
      .select({ count: sql<number>`jsonb_array_length(${b.duplicates})` })
      .from(b)
      .where(eq(b.id, batchId));
    let room = MAX_LISTED_DUPLICATES - Number(listed?.count ?? 0);
    for (let i = 0; i < drafts.length; i += CHUNK_ROWS) {
      await yieldToEventLoop();
      const chunk = drafts.slice(i, i + CHUNK_ROWS);
      const written = await db.transaction((tx) =>
        insertChunk(tx, user, batchId, leaseOwner, chunk, room, (kind, name) =>
          categories.ids.get(categoryKey(kind, name)),
        ),
      );
      imported += written.inserted;
      room -= written.listed;
    }

    await yieldToEventLoop();
    if (imported >= ANALYZE_AFTER_ROWS) await refreshPlannerStatistics(deps);
    await db.transaction(async (tx) => {
      // history before an account's start date: move the start or keep it, as chosen (opening-balances.ts)
      const openingBalances = await settleOpeningBalances(
        tx,
        user.householdId,
        batchId,
        plan.values.openingBalances,
      );
      const [completed] = await tx
        .update(b)
        .set({
          status: "completed",
          completedAt: sql`now()`,
          updatedAt: sql`now()`,
          content: null,
          leaseOwner: null,
          report: sql`coalesce(${b.report}, '{}'::jsonb) || jsonb_build_object('openingBalances', ${JSON.stringify(openingBalances)}::jsonb)`,
        })
        .where(holdsLease)
        .returning({ importedRows: b.importedRows, skippedRows: b.skippedRows });
      if (!completed) throw new LeaseLost(batchId);
      await enqueue(tx, {
        type: "ph.fintrack.import.completed.v1",
        source: sourceOf("imports"),
        subject: batchId,
        data: {
          householdId: user.householdId,
          batchId,
          createdBy: user.userId,
          source: plan.batch.source,
          importedRows: completed.importedRows,
          skippedRows: completed.skippedRows,
        },
      });
    });
    deps.publish();
  } catch (err) {
    if (err instanceof LeaseLost) {
      deps.log.warn({ batchId }, "import taken over by another process; stopping here");
      return;
    }
    deps.log.error({ err, batchId }, "import failed");
    await db
      .update(b)
      .set({
        status: "failed",
        completedAt: sql`now()`,
        updatedAt: sql`now()`,
        content: null,
        leaseOwner: null,
        error:
          err instanceof ImportStopped
            ? err.message
            : sql`CASE WHEN ${b.importedRows} > 0
          THEN 'The import stopped after ' || to_char(${b.importedRows}, 'FM999,999,999,990') || ' transactions were recorded; undo it and try again.'
          ELSE 'The import stopped before recording anything; try again.' END`,
      })
      .where(holdsLease);
  } finally {
    clearInterval(heartbeat);
  }
}

/**
 * The accounts were checked when the import was planned, but it runs for a while: meanwhile
 * the other member may have made one of them private (allowed while it held none of this
 * member's entries). Locking them (key share) and reading them again here keeps the rule of
 * docs/permissions.md — a private account holds only its owner's entries — for every chunk.
 */
async function lockTargetAccounts(tx: Queryable, user: Importer, chunk: DraftTransaction[]) {
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

/** Fingerprints of the rows a batch already wrote (live or deleted since) or matched as duplicates. */
/**
 * The rows an interrupted run of this batch already wrote or matched: by fingerprint, and (for a
 * FinTrack export) by the transaction its ID matched, which may have no fingerprint at all.
 */
async function handledRows(db: Queryable, batchId: string) {
  const handled = await rows<{ fingerprint: string | null; matched: string | null }>(
    db,
    sql`SELECT import_fingerprint AS fingerprint, NULL::uuid AS matched FROM transactions
        WHERE import_batch_id = ${batchId}::uuid AND import_fingerprint IS NOT NULL
        UNION
        SELECT t.import_fingerprint, t.id FROM import_duplicate_matches m JOIN transactions t ON t.id = m.transaction_id
        WHERE m.batch_id = ${batchId}::uuid`,
  );
  const fingerprints = new Set(handled.map((r) => r.fingerprint).filter((f): f is string => f !== null));
  const matched = new Set(handled.map((r) => r.matched).filter((m): m is string => m !== null));
  return (d: DraftTransaction) =>
    fingerprints.has(d.fingerprint) || (!!d.sourceId && matched.has(d.sourceId));
}

async function insertChunk(
  tx: Queryable,
  user: Importer,
  batchId: string,
  leaseOwner: string,
  chunk: DraftTransaction[],
  room: number,
  categoryId: (kind: Kind, name: string) => string | undefined,
): Promise<{ inserted: number; listed: number }> {
  await tx.execute(lockHouseholdImports(user.householdId));
  const [held] = await tx
    .update(b)
    .set({ heartbeatAt: sql`now()` })
    .where(and(eq(b.id, batchId), eq(b.status, "importing"), eq(b.leaseOwner, leaseOwner)))
    .returning({ id: b.id });
  if (!held) throw new LeaseLost(batchId);
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
  const skippedRows = chunk.filter((d) => !idOf.has(d.fingerprint));
  const skipped = skippedRows.map((d) => d.fingerprint);
  if (known.size > 0) {
    // an export row whose ID is still in FinTrack: kept like a fingerprint match, so a resumed
    // run does not count it twice and undoing the import that made it hands it over to this one
    await tx.execute(
      sql`INSERT INTO import_duplicate_matches (batch_id, transaction_id)
          SELECT ${batchId}::uuid, id::uuid FROM jsonb_array_elements_text(${JSON.stringify([...known])}::jsonb) AS id
          ON CONFLICT DO NOTHING`,
    );
  }
  if (skipped.length > 0) {
    // whose rows these duplicates are: undoing that import must not take them from this one
    await tx.execute(
      sql`INSERT INTO import_duplicate_matches (batch_id, transaction_id)
          SELECT ${batchId}::uuid, t.id FROM transactions t
          WHERE t.household_id = ${user.householdId}::uuid AND t.deleted_at IS NULL
            AND t.import_fingerprint IN (SELECT jsonb_array_elements_text(${JSON.stringify(skipped)}::jsonb))
            AND t.import_batch_id IS DISTINCT FROM ${batchId}::uuid
          ON CONFLICT DO NOTHING`,
    );
  }
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
  const listed =
    room > 0 && skippedRows.length > 0
      ? await describeDuplicates(tx, user, batchId, skippedRows.slice(0, room), known)
      : [];
  await tx
    .update(b)
    .set({
      ...(listed.length > 0 ? { duplicates: sql`${b.duplicates} || ${JSON.stringify(listed)}::jsonb` } : {}),
      processedRows: sql`${b.processedRows} + ${chunk.length}`,
      importedRows: sql`${b.importedRows} + ${inserted.length}`,
      skippedRows: sql`${b.skippedRows} + ${chunk.length - inserted.length}`,
      report: sql`jsonb_set(${b.report}, '{duplicateRows}',
        to_jsonb(coalesce((${b.report}->>'duplicateRows')::int, 0) + ${skipped.length}::int))`,
      updatedAt: sql`now()`,
    })
    .where(eq(b.id, batchId));
  return { inserted: inserted.length, listed: listed.length };
}
