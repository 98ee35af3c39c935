import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDatabase, rows } from "./client";

// The data step of the per-side clearing migration (docs/ledger-api.md#reconcile): rows cleared
// under the one-column rule, migrated, must end up cleared on the side that was really reconciled.
const migrationsFolder = new URL("./migrations", import.meta.url).pathname;
const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, "utf8")) as {
  entries: { tag: string }[];
};
const target = journal.entries.findIndex((e) => e.tag.endsWith("_per_side_clearing"));
const migrations = readMigrationFiles({ migrationsFolder });

let handle: DbHandle;
let dropDatabase = async () => {};

/** An empty database on this run's server (a fresh PGlite, or a new database on TEST_DATABASE_URL). */
async function emptyDatabase(): Promise<DbHandle> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return openDatabase();
  const { default: postgres } = await import("postgres");
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const name = `fintrack_sides_${process.pid}_${Date.now().toString(36)}`;
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  dropDatabase = async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  return openDatabase({ url: url.toString(), max: 1 });
}

async function apply(from: number, to: number) {
  for (const m of migrations.slice(from, to)) {
    for (const statement of m.sql) if (statement.trim()) await handle.db.execute(sql.raw(statement));
  }
}

const id = (n: number) => `00000000-0000-7000-8000-${n.toString().padStart(12, "0")}`;
const [A, B, C] = [id(11), id(12), id(13)];
const [rA, rB, rC] = [id(21), id(22), id(23)];
const T1 = "2026-04-01T01:00:00.000Z"; // A reconciled as of 31 March
const T2 = "2026-04-02T01:00:00.000Z"; // B reconciled as of 31 March
const T3 = "2026-04-03T01:00:00.000Z"; // C reconciled as of 1 March

beforeAll(async () => {
  expect(target).toBeGreaterThan(0);
  handle = await emptyDatabase();
  await apply(0, target);
  const run = (q: string) => handle.db.execute(sql.raw(q));
  await run(`INSERT INTO households (id, name) VALUES ('${id(1)}', 'Santos')`);
  await run(`INSERT INTO users (id, household_id, email, name, role, password_hash)
    VALUES ('${id(2)}', '${id(1)}', 'maria@example.ph', 'Maria', 'owner', 'x')`);
  for (const [account, name] of [
    [A, "BPI"],
    [B, "GCash"],
    [C, "Maya"],
  ]) {
    await run(`INSERT INTO accounts (id, household_id, owner_id, name, kind, opening_date)
      VALUES ('${account}', '${id(1)}', '${id(2)}', '${name}', 'bank', '2026-01-01')`);
  }
  for (const [r, account, asOf, at] of [
    [rA, A, "2026-03-31", T1],
    [rB, B, "2026-03-31", T2],
    [rC, C, "2026-03-01", T3],
  ]) {
    await run(`INSERT INTO reconciliations (id, household_id, account_id, as_of, statement_balance_centavos,
      balance_before_centavos, adjustment_centavos, created_by, created_at)
      VALUES ('${r}', '${id(1)}', '${account}', '${asOf}', 0, 0, 0, '${id(2)}', '${at}')`);
  }
  const tx = (
    n: number,
    type: string,
    date: string,
    from: string,
    to: string | null,
    cleared: string,
    deleted?: string,
  ) =>
    run(`INSERT INTO transactions (id, household_id, type, date, amount_centavos, account_id, to_account_id,
      created_by, cleared_at, deleted_at)
      VALUES ('${id(n)}', '${id(1)}', '${type}', '${date}', 100, '${from}', ${to ? `'${to}'` : "NULL"},
      '${id(2)}', '${cleared}', ${deleted ? `'${deleted}'` : "NULL"})`);
  await tx(31, "transfer", "2026-03-05", A, B, T1);
  await tx(32, "transfer", "2026-03-06", A, C, T1);
  await tx(33, "transfer", "2026-02-01", C, B, T2);
  await tx(34, "expense", "2026-03-07", A, null, T1);
  await tx(35, "transfer", "2026-03-08", A, B, T1, "2026-04-01T12:00:00.000Z");
  await tx(36, "expense", "2026-03-09", A, null, "2026-04-05T00:00:00.000Z");
  await apply(target, target + 1);
});

afterAll(async () => {
  await handle?.close();
  await dropDatabase();
});

async function sides(n: number) {
  const [r] = await rows<{
    cleared_at: string | null;
    cleared_by: string | null;
    to_cleared_at: string | null;
    to_cleared_by: string | null;
  }>(
    handle.db,
    sql`SELECT to_char(cleared_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS cleared_at, cleared_by::text,
      to_char(to_cleared_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS to_cleared_at, to_cleared_by::text
      FROM transactions WHERE id = ${id(n)}::uuid`,
  );
  return r;
}
const at = (iso: string) => iso.slice(0, 16);

describe("migrating to per-side clearing", () => {
  it("keeps the source side cleared by its own reconciliation; the destination's later one clears the other side", async () => {
    expect(await sides(31)).toEqual({
      cleared_at: at(T1),
      cleared_by: rA,
      to_cleared_at: at(T2),
      to_cleared_by: rB,
    });
  });

  it("leaves the destination uncleared when its account was reconciled only as of an earlier date", async () => {
    expect(await sides(32)).toEqual({
      cleared_at: at(T1),
      cleared_by: rA,
      to_cleared_at: null,
      to_cleared_by: null,
    });
  });

  it("moves a clearing made by reconciling the destination to that side", async () => {
    // and the source account's later reconciliation (as of 1 March, after the 1 February transfer) clears the source
    expect(await sides(33)).toEqual({
      cleared_at: at(T3),
      cleared_by: rC,
      to_cleared_at: at(T2),
      to_cleared_by: rB,
    });
  });

  it("links income and expense to the reconciliation that cleared them", async () => {
    expect(await sides(34)).toEqual({
      cleared_at: at(T1),
      cleared_by: rA,
      to_cleared_at: null,
      to_cleared_by: null,
    });
  });

  it("does not clear a side for a reconciliation made after the entry was deleted", async () => {
    expect(await sides(35)).toEqual({
      cleared_at: at(T1),
      cleared_by: rA,
      to_cleared_at: null,
      to_cleared_by: null,
    });
  });

  it("keeps a clearing no reconciliation explains on the source side, unlinked", async () => {
    expect(await sides(36)).toEqual({
      cleared_at: "2026-04-05T00:00",
      cleared_by: null,
      to_cleared_at: null,
      to_cleared_by: null,
    });
  });
});
