import { type Queryable, rows } from "@fintrack/db";
import { sql } from "drizzle-orm";
import type { DraftTransaction } from "./rows";
import type { DuplicateRow } from "./schemas";
import type { Importer } from "./service";

/**
 * How many skipped rows a batch lists with their reason; `report.duplicateRows` counts them
 * all. Re-importing a 60,000-row file skips every row: the first 500 say why, which is what a
 * member reads, and keep the batch row small.
 */
export const MAX_LISTED_DUPLICATES = 500;
const MAX_DESCRIPTION = 80;

const describe = (d: DraftTransaction) => {
  const text = (d.merchant ?? d.notes ?? "").replace(/\s+/g, " ").trim();
  if (!text) return null;
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}…` : text;
};

interface Earlier {
  fingerprint: string;
  transactionId: string;
  batchId: string | null;
  filename: string | null;
  importedAt: string | Date;
  createdBy: string | null;
  importedBy: string | null;
}

/**
 * Why each of these rows was skipped, in the same terms as the decision (dedupe.ts and the
 * INSERT's fingerprint conflict): its FinTrack export id is live in the household, or a row an
 * earlier import created has its fingerprint. Fingerprints count a row's occurrence among its
 * identical rows, so a file never repeats one: "repeated in this file" is never a reason.
 * Called in the chunk's transaction, after its INSERT. Another member's import is theirs
 * (docs/permissions.md): it is named by who made it and when, not by its file.
 */
export async function describeDuplicates(
  tx: Queryable,
  user: Importer,
  batchId: string,
  skipped: DraftTransaction[],
  liveIds: Set<string>,
): Promise<DuplicateRow[]> {
  const byId = (d: DraftTransaction) => (d.sourceId && liveIds.has(d.sourceId) ? d.sourceId : null);
  const fingerprints = skipped.filter((d) => !byId(d)).map((d) => d.fingerprint);
  const earlier =
    fingerprints.length === 0
      ? []
      : await rows<Earlier>(
          tx,
          sql`SELECT t.import_fingerprint AS fingerprint, t.id AS "transactionId", ib.id AS "batchId", ib.filename,
                coalesce(ib.created_at, t.created_at) AS "importedAt", ib.created_by AS "createdBy", u.name AS "importedBy"
              FROM transactions t
              LEFT JOIN import_batches ib ON ib.id = t.import_batch_id
              LEFT JOIN users u ON u.id = ib.created_by
              WHERE t.household_id = ${user.householdId}::uuid AND t.deleted_at IS NULL
                AND t.import_fingerprint IN (SELECT jsonb_array_elements_text(${JSON.stringify(fingerprints)}::jsonb))
                AND t.import_batch_id IS DISTINCT FROM ${batchId}::uuid`,
        );
  const match = new Map(earlier.map((e) => [e.fingerprint, e]));
  const listed: DuplicateRow[] = [];
  for (const d of skipped) {
    const row = {
      row: d.row,
      date: d.date,
      type: d.type,
      amountCentavos: d.amountCentavos.toString(),
      description: describe(d),
    };
    const id = byId(d);
    if (id) {
      listed.push({ ...row, matched: { by: "id", transactionId: id } });
      continue;
    }
    const e = match.get(d.fingerprint);
    // deleted by hand between the INSERT and here: it was a duplicate, of nothing left to name
    if (!e) continue;
    const mine = e.createdBy === null || e.createdBy === user.userId;
    listed.push({
      ...row,
      matched: {
        by: "import",
        transactionId: e.transactionId,
        batchId: mine ? e.batchId : null,
        filename: mine ? e.filename : null,
        importedAt: new Date(e.importedAt).toISOString(),
        importedBy: mine ? null : e.importedBy,
      },
    });
  }
  return listed;
}
