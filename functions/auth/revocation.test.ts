import { randomUUID } from "node:crypto";
import { schema } from "@fintrack/db";
import { openSecondHandle } from "@fintrack/db/testing";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { signAccessToken } from "../lib/tokens";
import { OWNER, startTestApp, type TestApp, type TestClient, useTestApp } from "../testing";
import { addAccount, categoryId, record } from "../transactions/testing";

const app = useTestApp();

/** Every function's signed-in routes, called with one access token as a stolen copy would be. */
function probesFor(a: TestApp, token: string, ids: { accountId: string; categoryId: string; txId: string }) {
  const call = (path: string, init: RequestInit & { json?: unknown } = {}) =>
    a
      .client()
      .request(path, { ...init, headers: { cookie: `ft_at=${token}` } })
      .then((r) => ({ path: `${init.method ?? "GET"} ${path}`, status: r.status, title: r.data?.title }));
  return [
    () => call("/api/accounts"),
    () => call("/api/accounts/balances"),
    () => call("/api/transactions"),
    () =>
      call("/api/transactions", {
        method: "POST",
        json: {
          type: "expense",
          date: "2025-02-01",
          amount: "1",
          accountId: ids.accountId,
          categoryId: ids.categoryId,
        },
      }),
    () => call(`/api/transactions/${ids.txId}`, { method: "DELETE" }),
    () => call("/api/imports/export.csv"),
    () => call("/api/notifications"),
    () => call("/api/deadletters/list"),
  ];
}

async function signedInOwner(a: TestApp) {
  const c = a.client();
  const reg = await c.post("/api/auth/register", OWNER);
  if (reg.status !== 201) throw new Error(`register failed: ${JSON.stringify(reg.data)}`);
  const accountId = await addAccount(c, {
    name: "Savings",
    kind: "bank",
    openingBalance: "1000",
    openingDate: "2025-01-01",
  });
  const cat = await categoryId(c, "Shopping");
  const tx = await record(c, {
    type: "expense",
    date: "2025-01-05",
    amount: "10",
    accountId,
    categoryId: cat,
  });
  return { client: c, user: reg.data.user, ids: { accountId, categoryId: cat, txId: tx.id } };
}

async function signIn(a: TestApp): Promise<TestClient> {
  const c = a.client();
  const res = await c.post("/api/auth/login", { email: OWNER.email, password: OWNER.password });
  if (res.status !== 200) throw new Error(`login failed: ${JSON.stringify(res.data)}`);
  return c;
}

/** The token works everywhere now: the guard has it cached as active in every function. */
async function expectAccepted(probes: ReturnType<typeof probesFor>) {
  // reads only: the writes are probed after revocation, where they must change nothing
  const reads = [probes[0]!, probes[1]!, probes[2]!, probes[5]!, probes[6]!, probes[7]!];
  for (const probe of reads) {
    const r = await probe();
    expect(r.status, r.path).toBe(200);
  }
}

/** Every probe answers 401 "Session ended" no later than 1 s after the revocation returned. */
async function expectRefusedWithinASecond(probes: ReturnType<typeof probesFor>) {
  const revokedAt = performance.now();
  for (const probe of probes) {
    for (;;) {
      const r = await probe();
      if (r.status === 401) {
        expect(r.title, r.path).toBe("Session ended");
        break;
      }
      expect(r.status, `${r.path} still answers after revocation`).toBeLessThan(300);
      expect(performance.now() - revokedAt, `${r.path} accepted a revoked session`).toBeLessThan(1000);
      await new Promise((res) => setTimeout(res, 25));
    }
  }
}

async function transactionCount(a: TestApp) {
  return (await a.db.select({ n: sql<number>`count(*)::int` }).from(schema.transactions))[0]!.n;
}

describe("a revoked session ends in every function within a second", () => {
  it("after sign-out", async () => {
    const { client, ids } = await signedInOwner(app);
    const token = client.cookies.get("ft_at")!;
    const probes = probesFor(app, token, ids);
    await expectAccepted(probes);
    const before = await transactionCount(app);
    expect((await client.post("/api/auth/logout")).status).toBe(204);
    await expectRefusedWithinASecond(probes);
    expect(await transactionCount(app)).toBe(before);
  });

  it("after the session is signed out from another device", async () => {
    const { client: laptop, ids } = await signedInOwner(app);
    const phone = await signIn(app);
    const probes = probesFor(app, phone.cookies.get("ft_at")!, ids);
    await expectAccepted(probes);
    const sessions = (await laptop.get("/api/auth/sessions")).data.sessions;
    const phoneSession = sessions.find((s: { current: boolean }) => !s.current);
    expect((await laptop.delete(`/api/auth/sessions/${phoneSession.id}`)).status).toBe(204);
    await expectRefusedWithinASecond(probes);
    await expectAccepted(probesFor(app, laptop.cookies.get("ft_at")!, ids));
  });

  it("after 'sign out other devices'", async () => {
    const { client: laptop, ids } = await signedInOwner(app);
    const phone = await signIn(app);
    const tablet = await signIn(app);
    const phoneProbes = probesFor(app, phone.cookies.get("ft_at")!, ids);
    const tabletProbes = probesFor(app, tablet.cookies.get("ft_at")!, ids);
    await expectAccepted(phoneProbes);
    await expectAccepted(tabletProbes);
    expect((await laptop.post("/api/auth/sessions/revoke-others")).status).toBe(204);
    await expectRefusedWithinASecond([...phoneProbes, ...tabletProbes]);
    await expectAccepted(probesFor(app, laptop.cookies.get("ft_at")!, ids));
  });

  it("after a password change", async () => {
    const { client: laptop, ids } = await signedInOwner(app);
    const phone = await signIn(app);
    const probes = probesFor(app, phone.cookies.get("ft_at")!, ids);
    await expectAccepted(probes);
    const changed = await laptop.post("/api/auth/password", {
      currentPassword: OWNER.password,
      newPassword: "a brand new secret",
    });
    expect(changed.status).toBe(204);
    await expectRefusedWithinASecond(probes);
  });

  it("after a refresh token is replayed", async () => {
    const { client, ids } = await signedInOwner(app);
    const stolen = client.cookies.get("ft_rt")!;
    expect((await client.post("/api/auth/refresh")).status).toBe(200);
    const probes = probesFor(app, client.cookies.get("ft_at")!, ids);
    await expectAccepted(probes);
    // past the two-tabs grace period, presenting the rotated token is a replay
    await app.db.update(schema.sessions).set({ lastUsedAt: sql`now() - interval '1 minute'` });
    const thief = app.client();
    thief.cookies.set("ft_rt", stolen);
    expect((await thief.post("/api/auth/refresh")).status).toBe(401);
    await expectRefusedWithinASecond(probes);
  });

  it("refuses a correctly signed token whose session does not exist, or is someone else's", async () => {
    const { client, user, ids } = await signedInOwner(app);
    const claims = { userId: user.id, householdId: user.householdId, role: "owner" as const };
    const random = await signAccessToken({ ...claims, sessionId: randomUUID() }, app.config.jwtSecret);
    const notUuid = await signAccessToken({ ...claims, sessionId: "not-a-session" }, app.config.jwtSecret);
    const [session] = await app.db
      .select({ id: schema.sessions.id })
      .from(schema.sessions)
      .where(eq(schema.sessions.userId, user.id));
    const otherUser = await signAccessToken(
      { ...claims, userId: randomUUID(), sessionId: session!.id },
      app.config.jwtSecret,
    );
    for (const token of [random, notUuid, otherUser]) {
      for (const probe of probesFor(app, token, ids)) {
        const r = await probe();
        expect(r.status, r.path).toBe(401);
        expect(r.title, r.path).toBe("Session ended");
      }
    }
    await expectAccepted(probesFor(app, client.cookies.get("ft_at")!, ids));
  });

  it("refuses a session that expired", async () => {
    const { client, ids } = await signedInOwner(app);
    const probes = probesFor(app, client.cookies.get("ft_at")!, ids);
    await expectAccepted(probes);
    await app.db.update(schema.sessions).set({ expiresAt: sql`now() - interval '1 second'` });
    await expectRefusedWithinASecond(probes);
  });
});

describe("two processes on one database", () => {
  let second: TestApp | undefined;
  afterEach(async () => {
    await second?.close();
    second = undefined;
  });

  async function secondProcess(listen: boolean) {
    const handle = await openSecondHandle(app.handle);
    const other = await startTestApp({ handle, config: app.config, listen });
    const close = other.close;
    second = {
      ...other,
      async close() {
        await close();
        await handle.close();
      },
    };
    return second;
  }

  it("a sign-out through one is honoured by the other within a second", async () => {
    const other = await secondProcess(true);
    const { client, ids } = await signedInOwner(app);
    const probes = probesFor(other, client.cookies.get("ft_at")!, ids);
    await expectAccepted(probes);
    expect((await client.post("/api/auth/logout")).status).toBe(204);
    await expectRefusedWithinASecond(probes);
  });

  it("even when the other process misses the notification", async () => {
    const other = await secondProcess(false);
    const { client, ids } = await signedInOwner(app);
    const probes = probesFor(other, client.cookies.get("ft_at")!, ids);
    await expectAccepted(probes);
    expect((await client.post("/api/auth/logout")).status).toBe(204);
    await expectRefusedWithinASecond(probes);
  });
});

describe("an open notification stream", () => {
  it("ends within a second of its session being signed out", async () => {
    const { client } = await signedInOwner(app);
    const res = await app.fetch(
      new Request("http://localhost/api/notifications/stream", {
        headers: { cookie: `ft_at=${client.cookies.get("ft_at")}` },
      }),
    );
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain("event: unread");
    expect((await client.post("/api/auth/logout")).status).toBe(204);
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return "ended";
    })();
    const timeout = new Promise((r) => setTimeout(() => r("still open"), 1000));
    expect(await Promise.race([ended, timeout])).toBe("ended");
    await reader.cancel().catch(() => {});
  });
});
