import { readdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Database, rows } from "./client";
import { migrate } from "./migrate";
import { openTestDatabase } from "./testing";

const migrationCount = readdirSync(new URL("./migrations", import.meta.url)).filter((f) =>
  f.endsWith(".sql"),
).length;

describe("migrations", () => {
  it("are idempotent and give uuidv7 keys on this server", async () => {
    const handle = await openTestDatabase();
    try {
      expect((await migrate(handle.db)).applied).toBe(0);
      const [r] = await rows<{ id: string }>(handle.db, sql`SELECT uuidv7()::text AS id`);
      expect(r!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const [a] = await rows<{ id: string }>(handle.db, sql`SELECT uuidv7()::text AS id`);
      expect(a!.id > r!.id).toBe(true); // time-ordered
    } finally {
      await handle.close();
    }
  });

  it("apply once when two processes start at the same moment", async () => {
    if (!process.env.TEST_DATABASE_URL) {
      // embedded PGlite: one process owns the data directory; two migrators on it still apply once
      const { PGlite } = await import("@electric-sql/pglite");
      const { drizzle } = await import("drizzle-orm/pglite");
      const client = new PGlite();
      const [a, b] = [drizzle(client), drizzle(client)] as unknown as [Database, Database];
      const results = await Promise.all([migrate(a), migrate(b)]);
      expect(results.map((r) => r.applied).sort()).toEqual([0, migrationCount]);
      await client.close();
      return;
    }
    const { default: postgres } = await import("postgres");
    const { openDatabase } = await import("./client");
    const admin = postgres(process.env.TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
    const name = `fintrack_race_${Date.now()}`;
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    const [a, b] = await Promise.all([openDatabase({ url: url.href }), openDatabase({ url: url.href })]);
    try {
      const results = await Promise.all([migrate(a.db), migrate(b.db)]);
      expect(results.map((r) => r.applied).sort()).toEqual([0, migrationCount]);
    } finally {
      await a.close();
      await b.close();
      await admin.unsafe(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
