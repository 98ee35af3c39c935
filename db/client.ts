import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema/index";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** What `db.transaction(fn)` hands to `fn`: use it wherever a query must join the caller's transaction. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Queryable = Database | Tx;

export interface DbHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /** Raw LISTEN support differs by driver; callers that need push use this. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… to use a real server through postgres.js; unset for embedded PGlite. */
  url?: string;
  /** PGlite data directory; unset keeps the database in memory (tests). */
  dataDir?: string;
  /** postgres.js pool size. */
  max?: number;
  /** PGlite: start from this dumped data directory (tests start from a migrated template). */
  loadDataDir?: Blob;
}

// Drivers are imported lazily so a function process pays only for the one it uses.
export async function openDatabase(opts: OpenOptions = {}): Promise<DbHandle> {
  if (opts.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(opts.url, {
      max: opts.max ?? 10,
      onnotice: () => {},
      // bigint columns come back as JS bigint: money never passes through a float
      types: { bigint: postgres.BigInt },
    });
    const db = drizzle(client, { schema }) as unknown as Database;
    return {
      db,
      kind: "postgres",
      async listen(channel, onPayload) {
        const sub = await client.listen(channel, onPayload);
        return () => sub.unlisten();
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const client = opts.dataDir
    ? new PGlite(opts.dataDir)
    : new PGlite(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    async listen(channel, onPayload) {
      const unsub = await client.listen(channel, onPayload);
      return unsub;
    },
    close: () => client.close(),
  };
}

/** Rows of a raw SQL query, whatever the driver's result shape. */
export async function rows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
