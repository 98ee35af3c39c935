import type { Database, Tx } from "@fintrack/db";

const RETRYABLE = new Set(["40P01", "40001"]); // deadlock detected, serialization failure

/** The PostgreSQL error code, wherever the driver put it (postgres.js on the error, drizzle in `cause`). */
export function pgCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === "string") return e.code;
  }
  return undefined;
}

/**
 * A database transaction retried when PostgreSQL aborts it to break a deadlock (a category
 * merge and an edit touching the same rows in opposite order): the whole unit, outbox events
 * included, runs again, so the member sees success instead of a 500.
 */
export async function inTransaction<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (err) {
      const code = pgCode(err);
      if (attempt >= 3 || !code || !RETRYABLE.has(code)) throw err;
    }
  }
}
