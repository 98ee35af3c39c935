import { randomUUID } from "node:crypto";
import { schema } from "@fintrack/db";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { OWNER, useTestApp } from "../testing";
import { loadSession, SessionGuard, type SessionRow } from "./session-guard";
import type { AccessClaims } from "./tokens";

const app = useTestApp();

async function ownerSession(): Promise<AccessClaims> {
  const reg = await app.client().post("/api/auth/register", OWNER);
  const [s] = await app.db
    .select({ id: schema.sessions.id })
    .from(schema.sessions)
    .where(eq(schema.sessions.userId, reg.data.user.id));
  return {
    userId: reg.data.user.id,
    householdId: reg.data.user.householdId,
    role: "owner",
    sessionId: s!.id,
  };
}

function counting(load: (id: string) => Promise<SessionRow | undefined>) {
  const calls: string[] = [];
  return {
    calls,
    load: (id: string) => {
      calls.push(id);
      return load(id);
    },
  };
}

describe("SessionGuard", () => {
  it("hears a revocation through LISTEN long before its cache would expire", async () => {
    const claims = await ownerSession();
    const guard = new SessionGuard({
      load: loadSession(app.db),
      listen: app.handle.listen,
      activeTtlMs: 60_000,
    });
    await guard.start();
    try {
      expect(await guard.check(claims)).toBe(true);
      await app.db
        .update(schema.sessions)
        .set({ revokedAt: sql`now()` })
        .where(eq(schema.sessions.id, claims.sessionId));
      const started = performance.now();
      while (await guard.check(claims)) {
        expect(performance.now() - started).toBeLessThan(1000);
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      await guard.stop();
    }
  });

  it("reads an active session at most once per TTL, and concurrent checks share one query", async () => {
    const claims = await ownerSession();
    const db = counting(loadSession(app.db));
    let now = 1_000;
    const guard = new SessionGuard({ load: db.load, activeTtlMs: 500, now: () => now });
    const answers = await Promise.all(Array.from({ length: 20 }, () => guard.check(claims)));
    expect(answers.every(Boolean)).toBe(true);
    expect(db.calls).toHaveLength(1);
    now += 499;
    expect(await guard.check(claims)).toBe(true);
    expect(db.calls).toHaveLength(1);
    now += 1;
    expect(await guard.check(claims)).toBe(true);
    expect(db.calls).toHaveLength(2);
  });

  it("remembers ended sessions for good, but only so many", async () => {
    const claims = await ownerSession();
    const db = counting(loadSession(app.db));
    const guard = new SessionGuard({ load: db.load, maxEnded: 50 });
    const ids = Array.from({ length: 200 }, () => randomUUID());
    for (const id of ids) expect(await guard.check({ ...claims, sessionId: id })).toBe(false);
    expect(db.calls).toHaveLength(200);
    // the newest are remembered without a query; the oldest were forgotten and are read again
    expect(await guard.check({ ...claims, sessionId: ids[199]! })).toBe(false);
    expect(db.calls).toHaveLength(200);
    expect(await guard.check({ ...claims, sessionId: ids[0]! })).toBe(false);
    expect(db.calls).toHaveLength(201);
    // a token that is not of this session's user is refused, the session itself is not ended
    expect(await guard.check({ ...claims, userId: randomUUID() })).toBe(false);
    expect(await guard.check(claims)).toBe(true);
  });

  it("lets a revocation heard during the query win over the row it read", async () => {
    const claims = await ownerSession();
    const real = loadSession(app.db);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const guard = new SessionGuard({
      load: async (id) => {
        const row = await real(id); // read before the revocation
        await gate;
        return row;
      },
    });
    const pending = guard.check(claims);
    guard.ended(claims.sessionId);
    release();
    expect(await pending).toBe(false);
    expect(await guard.check(claims)).toBe(false);
  });
});
