import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { type DbHandle, openDatabase } from "./client";
import { migrate } from "./migrate";

const migrationsDir = fileURLToPath(new URL("./migrations", import.meta.url));
// the server URL of each test database on TEST_DATABASE_URL, for a second "process" to connect
const urls = new WeakMap<DbHandle, string>();

/**
 * A migrated PGlite data directory, dumped once per set of migrations and kept in the OS temp
 * dir: loading it takes a fraction of initdb + migrate, which every test file would pay.
 */
async function migratedTemplate(): Promise<Blob> {
  const hash = createHash("sha256");
  for (const f of readdirSync(migrationsDir)
    .filter((n) => n.endsWith(".sql"))
    .sort()) {
    hash.update(f).update(readFileSync(join(migrationsDir, f)));
  }
  const file = join(tmpdir(), `fintrack-pglite-template-${hash.digest("hex").slice(0, 16)}.tar`);
  if (!existsSync(file)) {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const pg = new PGlite();
    await migrate(drizzle(pg) as never);
    const dump = await pg.dumpDataDir("none");
    await pg.close();
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file); // atomic: parallel workers never read half a file
  }
  return new Blob([readFileSync(file)]);
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or — when
 * TEST_DATABASE_URL is set (CI's second run) — a new database created on that server and
 * dropped on close, so test files never see each other's households.
 */
export async function openTestDatabase(): Promise<DbHandle> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ loadDataDir: await migratedTemplate() });
    await migrate(handle.db); // a no-op on the template; proves it is current
    return handle;
  }
  const name = `fintrack_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), max: 5 });
  await migrate(handle.db);
  const test: DbHandle = {
    ...handle,
    async close() {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
  urls.set(test, url.toString());
  return test;
}

/**
 * What a second process would have on the same test database: its own connection pool on
 * PostgreSQL; on PGlite (one process owns it) the same handle, whose close is left to its owner.
 */
export async function openSecondHandle(handle: DbHandle): Promise<DbHandle> {
  const url = urls.get(handle);
  if (!url) return { ...handle, close: async () => {} };
  return openDatabase({ url, max: 5 });
}
