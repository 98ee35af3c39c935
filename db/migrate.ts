import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { type Database, rows } from "./client";

const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));
// any constant: every FinTrack process that migrates takes this one lock
const MIGRATION_LOCK = 0x66696e74;

/**
 * Applies pending migrations in one transaction under an advisory lock, so two processes
 * starting at once apply each migration exactly once; the loser waits, then sees nothing to do.
 */
export async function migrate(db: Database): Promise<{ applied: number }> {
  const migrations = readMigrationFiles({ migrationsFolder });
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(sql`CREATE TABLE IF NOT EXISTS fintrack_migrations (
      hash text PRIMARY KEY,
      created_at bigint NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set(
      (await rows<{ hash: string }>(tx, sql`SELECT hash FROM fintrack_migrations`)).map((r) => r.hash),
    );
    let applied = 0;
    for (const m of migrations) {
      if (done.has(m.hash)) continue;
      for (const statement of m.sql) {
        if (statement.trim()) await tx.execute(sql.raw(statement));
      }
      await tx.execute(
        sql`INSERT INTO fintrack_migrations (hash, created_at) VALUES (${m.hash}, ${m.folderMillis})`,
      );
      applied++;
    }
    return { applied };
  });
}
