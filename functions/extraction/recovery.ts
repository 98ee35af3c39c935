import { rows } from "@fintrack/db";
import { sql } from "drizzle-orm";
import type { FunctionDeps } from "../lib/function-app";
import { failDocument } from "./events";

/**
 * A document still `uploaded` or `processing` this long after its last change was not read:
 * its event was dead-lettered (a poison document that crashed the extractor every time) or
 * lost. The broker's retries take well under a minute; OCR of one photo a few seconds.
 */
export const STUCK_MINUTES = 10;

interface Stuck {
  id: string;
  householdId: string;
  uploadedBy: string;
  kind: "receipt" | "statement";
  attempt: number;
}

/**
 * Fails, with a reason the member can act on, every document whose extraction never finished,
 * so nothing spins forever on the Scan page; "extract again" (a new attempt) tries once more.
 * Runs when the function starts and then periodically. Each document is claimed with SKIP
 * LOCKED so two replicas never fail the same one twice.
 */
export async function recoverStuck(deps: FunctionDeps, minutes = STUCK_MINUTES): Promise<number> {
  let count = 0;
  for (;;) {
    const done = await deps.db.transaction(async (tx) => {
      const [doc] = await rows<Stuck>(
        tx,
        sql`SELECT id, household_id AS "householdId", uploaded_by AS "uploadedBy", kind, attempt
            FROM documents
            WHERE status IN ('uploaded', 'processing')
              AND updated_at < now() - make_interval(mins => ${minutes}::int)
            ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!doc) return true;
      await failDocument(
        tx,
        doc.id,
        {
          householdId: doc.householdId,
          documentId: doc.id,
          uploadedBy: doc.uploadedBy,
          kind: doc.kind,
          attempt: doc.attempt,
        },
        "interrupted",
        "Reading this document did not finish. Press \u201cExtract again\u201d to retry, or paste it through an AI chat.",
      );
      deps.log.warn({ documentId: doc.id }, "stuck extraction failed");
      return false;
    });
    if (done) break;
    count++;
  }
  if (count > 0) deps.publish();
  return count;
}
