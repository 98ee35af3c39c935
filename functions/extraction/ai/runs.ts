import { type Database, type Queryable, rows, schema } from "@fintrack/db";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { RunFinish, RunRecord, RunStore } from "./chain";
import type { ProviderName } from "./provider";

const { extractionRuns } = schema;

export interface RunKey {
  householdId: string;
  documentId: string;
  attempt: number;
}

/**
 * extraction_runs as the chain's memory. Each write is its own statement (no transaction is
 * held open while a provider thinks), so what a crashed delivery did survives for the next.
 */
export function databaseRunStore(db: Database, key: RunKey, tz: string): RunStore {
  const where = (provider: ProviderName) =>
    and(
      eq(extractionRuns.documentId, key.documentId),
      eq(extractionRuns.attempt, key.attempt),
      eq(extractionRuns.provider, provider),
      eq(extractionRuns.role, "primary"),
    );
  const upsert = async (provider: ProviderName, position: number, set: Record<string, unknown>) => {
    await db
      .insert(extractionRuns)
      .values({ ...key, provider, position, role: "primary", status: "pending", ...set })
      .onConflictDoUpdate({
        target: [
          extractionRuns.documentId,
          extractionRuns.attempt,
          extractionRuns.provider,
          extractionRuns.role,
        ],
        set,
      });
  };
  return {
    async list(): Promise<RunRecord[]> {
      return (await runsOf(db, key.documentId, key.attempt))
        .filter((r) => r.role === "primary")
        .map((r) => ({
          provider: r.provider,
          status: r.status,
          reason: r.reason,
          result: r.result,
          model: r.model,
          startedAt: r.startedAt,
        }));
    },
    start: (provider, position) =>
      upsert(provider, position, { status: "running", startedAt: sql`now()`, reason: null }),
    skip: (provider, position, reason) =>
      upsert(provider, position, { status: "skipped", reason, finishedAt: sql`now()` }),
    async finish(provider, f: RunFinish) {
      await db
        .update(extractionRuns)
        .set({
          status: f.status,
          reason: f.reason ?? null,
          finishedAt: sql`now()`,
          inputTokens: f.usage.inputTokens,
          outputTokens: f.usage.outputTokens,
          costMicros: f.costMicros,
          model: f.model ?? null,
          result: f.result ?? null,
          extractor: f.status === "succeeded" ? `ai:${provider}` : null,
        })
        .where(where(provider));
    },
    monthToDateMicros: (provider) => monthToDateMicros(db, key.householdId, provider, tz),
  };
}

export function runsOf(db: Queryable, documentId: string, attempt: number) {
  return db
    .select()
    .from(extractionRuns)
    .where(and(eq(extractionRuns.documentId, documentId), eq(extractionRuns.attempt, attempt)))
    .orderBy(asc(extractionRuns.position), desc(extractionRuns.role));
}

/** This calendar month's spending with a provider (the household's time zone), micro-pesos. */
export async function monthToDateMicros(
  db: Queryable,
  householdId: string,
  provider: ProviderName,
  tz: string,
): Promise<bigint> {
  const [row] = await rows<{ total: string | null }>(
    db,
    sql`SELECT COALESCE(SUM(cost_micros), 0)::text AS total FROM extraction_runs
        WHERE household_id = ${householdId} AND provider = ${provider}
          AND created_at >= (date_trunc('month', now() AT TIME ZONE ${tz}) AT TIME ZONE ${tz})`,
  );
  return BigInt(row?.total ?? "0");
}
