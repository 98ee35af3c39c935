import { type Queryable, schema } from "@fintrack/db";
import { and, eq, inArray, isNull } from "drizzle-orm";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The exported id of a FinTrack export row, when the cell holds one (anything else is ignored). */
export const exportedId = (cell: string | undefined): string | null =>
  cell && UUID.test(cell.trim()) ? cell.trim().toLowerCase() : null;

/**
 * Re-importing a FinTrack export must not double the ledger. Rows created by an import are
 * caught by their fingerprint, but hand-entered ones have none, so the export carries every
 * transaction's id and a row whose id is already live in the household is skipped ("already
 * in FinTrack"). In another household the ids match nothing and every row is created.
 * Looked up before the INSERT rather than inside it, so the insert keeps the file's order.
 */
export async function alreadyInFintrack(
  db: Queryable,
  householdId: string,
  sourceIds: (string | null | undefined)[],
): Promise<Set<string>> {
  const ids = [...new Set(sourceIds.filter((id): id is string => !!id))];
  if (ids.length === 0) return new Set();
  const t = schema.transactions;
  const found = await db
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.householdId, householdId), inArray(t.id, ids), isNull(t.deletedAt)));
  return new Set(found.map((r) => r.id));
}
