import { rows } from "@fintrack/db";
import { sql } from "drizzle-orm";
import type { FunctionDeps } from "../lib/function-app";
import { HttpProblem } from "../lib/problem";
import { runImport } from "./importer";
import type { BackgroundJobs } from "./jobs";
import { LEASE_SECONDS } from "./lease";
import { CommitBody, type ImportSource } from "./schemas";
import { getBatch, type Importer, readRows } from "./service";

/** An import that keeps dying (a file that crashes the process?) is failed, not retried forever. */
const MAX_RESUMES = 3;

interface Interrupted {
  id: string;
  householdId: string;
  createdBy: string;
  source: ImportSource;
  content: string | null;
  commitOptions: unknown;
  resumeCount: number;
  importedRows: number;
}

/**
 * Takes over one import whose lease expired (its process died), if any: the claim renews the
 * lease under this process's id, so of two processes looking at once only one gets it, and a
 * batch a live process still renews is never touched.
 */
async function claimInterrupted(deps: FunctionDeps, leaseOwner: string): Promise<Interrupted | undefined> {
  // an import started by an older version has no heartbeat, but moved updated_at with every chunk
  const expired = sql.raw(`coalesce(heartbeat_at, updated_at) < now() - interval '${LEASE_SECONDS} seconds'`);
  const [claimed] = await rows<Interrupted>(
    deps.db,
    sql`UPDATE import_batches SET lease_owner = ${leaseOwner}::uuid, heartbeat_at = now(), updated_at = now(),
          resumed_at = now(), resume_count = resume_count + 1
        WHERE id = (SELECT id FROM import_batches WHERE status = 'importing' AND ${expired}
                    ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
          AND status = 'importing' AND ${expired}
        RETURNING id, household_id AS "householdId", created_by AS "createdBy", source, content,
          commit_options AS "commitOptions", resume_count AS "resumeCount", imported_rows AS "importedRows"`,
  );
  return claimed;
}

async function failInterrupted(deps: FunctionDeps, leaseOwner: string, batch: Interrupted, reason: string) {
  const recorded = batch.importedRows;
  const error =
    recorded > 0
      ? `The import was interrupted after ${recorded.toLocaleString("en-PH")} transactions were recorded and could not be resumed (${reason}). Undo it and import the file again.`
      : `The import was interrupted before recording anything and could not be resumed (${reason}). Import the file again.`;
  await deps.db.execute(
    sql`UPDATE import_batches SET status = 'failed', error = ${error}, content = NULL, lease_owner = NULL,
          completed_at = now(), updated_at = now()
        WHERE id = ${batch.id}::uuid AND status = 'importing' AND lease_owner = ${leaseOwner}::uuid`,
  );
  deps.log.warn({ batchId: batch.id, reason }, "interrupted import failed");
}

/**
 * Resumes (or, when it cannot, fails) every import whose process died. Runs when the function
 * starts and then every lease period, so an import interrupted while another replica lives is
 * taken over too. A resume re-reads the kept file with the kept commit options and skips the
 * rows the batch already wrote or matched; without the file (an import from before it was kept)
 * the batch is failed at once with the reason, and can be undone.
 */
export async function recoverInterrupted(deps: FunctionDeps, jobs: BackgroundJobs, leaseOwner: string) {
  for (;;) {
    const batch = await claimInterrupted(deps, leaseOwner);
    if (!batch) return;
    const options = CommitBody.safeParse(batch.commitOptions);
    if (!batch.content || !options.success) {
      const reason = batch.content
        ? "it was started by an older version that did not keep its options"
        : "its file is no longer kept";
      await failInterrupted(deps, leaseOwner, batch, reason);
      continue;
    }
    if (batch.resumeCount > MAX_RESUMES) {
      await failInterrupted(deps, leaseOwner, batch, `it was interrupted ${batch.resumeCount} times`);
      continue;
    }
    const importer: Importer = { householdId: batch.householdId, userId: batch.createdBy };
    let read: Awaited<ReturnType<typeof readRows>>;
    try {
      read = await readRows(
        deps.db,
        importer,
        { content: batch.content, source: batch.source },
        options.data,
      );
    } catch (err) {
      if (!(err instanceof HttpProblem)) throw err;
      await failInterrupted(deps, leaseOwner, batch, err.detail ?? err.title);
      continue;
    }
    deps.log.info({ batchId: batch.id }, "resuming interrupted import");
    const current = await getBatch(deps.db, importer, batch.id);
    jobs.start(`resume import ${batch.id}`, () =>
      runImport(deps, leaseOwner, importer, {
        batch: current,
        drafts: read.drafted.drafts,
        createMissingCategories: options.data.createMissingCategories,
        // what the first run created and mapped is in its report already
        values: {
          createdAccounts: [],
          mappedAccounts: [],
          createdCategories: [],
          mappedCategories: [],
          transferPairs: read.drafted.pairs,
          openingBalances: options.data.values.openingBalances,
        },
        resumed: true,
      }),
    );
  }
}
