import { schema } from "@fintrack/db";
import { eq, sql } from "drizzle-orm";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { OWNER, PARTNER, useTestApp } from "../testing";

const app = useTestApp();

const count = async (table: typeof schema.users | typeof schema.households | typeof schema.invites) =>
  (await app.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

describe("owner setup", () => {
  it("creates the household and its owner on first registration, signed in with HttpOnly cookies", async () => {
    const c = app.client();
    expect((await c.get("/api/auth/status")).data).toEqual({ needsSetup: true });
    const res = await c.post("/api/auth/register", { ...OWNER, email: "  Ana@Example.PH " });
    expect(res.status).toBe(201);
    expect(res.data.user).toMatchObject({ email: "ana@example.ph", name: "Ana", role: "owner" });
    const cookies = res.headers.getSetCookie().join("\n");
    expect(cookies).toMatch(/ft_at=[^;]+;.*HttpOnly/);
    expect(cookies).toMatch(/ft_rt=[^;]+;.*Path=\/api\/auth/);
    expect(cookies).toMatch(/SameSite=Lax/);
    const me = await c.get("/api/auth/me");
    expect(me.status).toBe(200);
    expect(me.data.household.name).toBe("Ana's household");
    expect(me.data.household.members).toHaveLength(1);
    expect((await c.get("/api/auth/status")).data).toEqual({ needsSetup: false });
  });

  it("refuses any registration without an invite once the owner exists, writing nothing", async () => {
    await app.client().post("/api/auth/register", OWNER);
    const res = await app.client().post("/api/auth/register", PARTNER);
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.data).toMatchObject({ title: "Registration closed", status: 403 });
    expect(await count(schema.users)).toBe(1);
  });

  it("lets exactly one of two simultaneous first registrations become the owner", async () => {
    const [a, b] = await Promise.all([
      app.client().post("/api/auth/register", OWNER),
      app.client().post("/api/auth/register", PARTNER),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 403]);
    expect(await count(schema.households)).toBe(1);
    expect(await count(schema.users)).toBe(1);
  });

  it("refuses an email that is already registered", async () => {
    const owner = app.client();
    await owner.post("/api/auth/register", OWNER);
    const invite = await owner.post("/api/auth/invites");
    const res = await app
      .client()
      .post("/api/auth/register", { ...PARTNER, email: OWNER.email, inviteCode: invite.data.code });
    expect(res.status).toBe(409);
    expect(res.data.errors).toEqual([{ path: "email", message: "Already registered" }]);
  });
});

describe("registration does not reveal who is registered", () => {
  // everything but the request id, which differs per request by design
  const answer = async (body: Record<string, string>) => {
    const res = await app.client().post("/api/auth/register", body);
    const { requestId: _, ...rest } = res.data;
    return { status: res.status, body: rest };
  };
  const stranger = { email: "carl@example.ph", password: "yet another password", name: "Carl" };

  it("answers an existing and a new email alike without an invite, with the owner alone or the household full", async () => {
    const owner = app.client();
    await owner.post("/api/auth/register", OWNER);
    const alone = await answer({ ...stranger, email: OWNER.email });
    expect(alone.status).toBe(403);
    expect(alone).toEqual(await answer(stranger));

    const invite = await owner.post("/api/auth/invites");
    await app.client().post("/api/auth/register", { ...PARTNER, inviteCode: invite.data.code });
    for (const email of [OWNER.email, PARTNER.email]) {
      expect(await answer({ ...stranger, email })).toEqual(await answer(stranger));
    }
    // with the used invite too: the invite is judged before the email
    const used = { ...stranger, inviteCode: invite.data.code };
    expect((await answer(used)).status).toBe(410);
    expect(await answer({ ...used, email: OWNER.email })).toEqual(await answer(used));
    expect(await count(schema.users)).toBe(2);
  });
});

describe("partner invite", () => {
  it("makes the partner with a single-use invite and then closes the household", async () => {
    const owner = app.client();
    await owner.post("/api/auth/register", OWNER);
    const invite = await owner.post("/api/auth/invites");
    expect(invite.status).toBe(201);
    expect(invite.data.url).toBe(`/invite/${invite.data.code}`);
    expect(new Date(invite.data.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86400_000);

    const preview = await app.client().get(`/api/auth/invites/${invite.data.code}`);
    expect(preview.data).toMatchObject({ householdName: "Ana's household", invitedBy: "Ana" });

    const partner = app.client();
    const joined = await partner.post("/api/auth/register", { ...PARTNER, inviteCode: invite.data.code });
    expect(joined.status).toBe(201);
    expect(joined.data.user.role).toBe("partner");
    expect(joined.data.user.householdId).toBe((await owner.get("/api/auth/me")).data.user.householdId);

    const reused = await app.client().post("/api/auth/register", {
      email: "carl@example.ph",
      password: "yet another password",
      name: "Carl",
      inviteCode: invite.data.code,
    });
    expect(reused.status).toBe(410);
    expect(reused.data.title).toBe("Invite already used");
    expect((await owner.post("/api/auth/invites")).status).toBe(409);
    expect((await partner.post("/api/auth/invites")).status).toBe(403);
    expect(await count(schema.users)).toBe(2);
  });

  it("refuses an expired invite and an unknown one", async () => {
    const owner = app.client();
    await owner.post("/api/auth/register", OWNER);
    const invite = await owner.post("/api/auth/invites");
    await app.db.update(schema.invites).set({ expiresAt: sql`now() - interval '1 minute'` });
    const expired = await app
      .client()
      .post("/api/auth/register", { ...PARTNER, inviteCode: invite.data.code });
    expect(expired.status).toBe(410);
    expect(expired.data.title).toBe("Invite expired");
    const unknown = await app.client().post("/api/auth/register", { ...PARTNER, inviteCode: "x".repeat(24) });
    expect(unknown.status).toBe(404);
    expect(await count(schema.users)).toBe(1);
  });

  it("keeps only the newest pending invite usable", async () => {
    const owner = app.client();
    await owner.post("/api/auth/register", OWNER);
    const first = await owner.post("/api/auth/invites");
    const second = await owner.post("/api/auth/invites");
    expect((await app.client().get(`/api/auth/invites/${first.data.code}`)).status).toBe(410);
    expect((await app.client().get(`/api/auth/invites/${second.data.code}`)).status).toBe(200);
  });
});

describe("sign-in and sessions", () => {
  it("signs in, rotates the refresh token, and revokes the session when a rotated token is replayed", async () => {
    await app.client().post("/api/auth/register", OWNER);
    const c = app.client();
    const login = await c.post("/api/auth/login", { email: OWNER.email, password: OWNER.password });
    expect(login.status).toBe(200);
    const stolen = c.cookies.get("ft_rt")!;
    const refreshed = await c.post("/api/auth/refresh");
    expect(refreshed.status).toBe(200);
    expect(c.cookies.get("ft_rt")).not.toBe(stolen);

    // past the two-tabs grace period, the old token is a replay
    await app.db.update(schema.sessions).set({ lastUsedAt: sql`now() - interval '1 minute'` });
    const thief = app.client();
    thief.cookies.set("ft_rt", stolen);
    expect((await thief.post("/api/auth/refresh")).status).toBe(401);
    expect((await c.post("/api/auth/refresh")).status).toBe(401);
    expect((await c.get("/api/auth/me")).status).toBe(401);
  });

  it("answers a wrong password with 401 and rate-limits repeated failures with Retry-After", async () => {
    await app.client().post("/api/auth/register", OWNER);
    const c = app.client();
    for (let i = 0; i < 5; i++) {
      expect(
        (await c.post("/api/auth/login", { email: OWNER.email, password: "wrong password!" })).status,
      ).toBe(401);
    }
    const limited = await c.post("/api/auth/login", { email: OWNER.email, password: OWNER.password });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(
      (await c.post("/api/auth/login", { email: "nobody@example.ph", password: "whatever" })).status,
    ).toBe(401);
  });

  it("lists sessions, revokes one, and signs out", async () => {
    const phone = app.client();
    await phone.post("/api/auth/register", OWNER);
    const laptop = app.client();
    await laptop.post("/api/auth/login", { email: OWNER.email, password: OWNER.password });
    const list = await laptop.get("/api/auth/sessions");
    expect(list.data.sessions).toHaveLength(2);
    const phoneSession = list.data.sessions.find((s: { current: boolean }) => !s.current);
    expect((await laptop.delete(`/api/auth/sessions/${phoneSession.id}`)).status).toBe(204);
    expect((await phone.get("/api/auth/me")).status).toBe(401);

    expect((await laptop.post("/api/auth/logout")).status).toBe(204);
    // only the device cookie stays: it is no session, it keeps this device known at sign-in
    expect([...laptop.cookies.keys()]).toEqual(["ft_dev"]);
    expect((await laptop.get("/api/auth/me")).status).toBe(401);
  });

  it("changes the password and signs out every other session", async () => {
    const a = app.client();
    await a.post("/api/auth/register", OWNER);
    const b = app.client();
    await b.post("/api/auth/login", { email: OWNER.email, password: OWNER.password });
    const wrong = await a.post("/api/auth/password", {
      currentPassword: "nope",
      newPassword: "a brand new secret",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.data.errors[0].path).toBe("currentPassword");
    const ok = await a.post("/api/auth/password", {
      currentPassword: OWNER.password,
      newPassword: "a brand new secret",
    });
    expect(ok.status).toBe(204);
    expect((await a.get("/api/auth/me")).status).toBe(200);
    expect((await b.get("/api/auth/me")).status).toBe(401);
    const c = app.client();
    expect((await c.post("/api/auth/login", { email: OWNER.email, password: OWNER.password })).status).toBe(
      401,
    );
    expect(
      (await c.post("/api/auth/login", { email: OWNER.email, password: "a brand new secret" })).status,
    ).toBe(200);
  });
});

describe("bad input and bad tokens", () => {
  it("answers malformed JSON, wrong types and short passwords with 400 problems", async () => {
    const c = app.client();
    const malformed = await c.request("/api/auth/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"email": ',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toContain("application/problem+json");
    const wrong = await c.post("/api/auth/register", { email: 42, password: "short", name: "" });
    expect(wrong.status).toBe(400);
    expect(wrong.data.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      "email",
      "name",
      "password",
    ]);
    expect(await count(schema.users)).toBe(0);
  });

  it("refuses oversized bodies with 413 and unknown routes with 404", async () => {
    const c = app.client();
    const big = await c.post("/api/auth/register", { ...OWNER, name: "x".repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
    // unknown paths are not revealed to strangers: 401 first, 404 once signed in
    expect((await c.get("/api/auth/nope")).status).toBe(401);
    await c.post("/api/auth/register", OWNER);
    expect((await c.get("/api/auth/nope")).status).toBe(404);
    expect((await c.get("/api/nothing-here/at-all")).data.title).toBe("Not found");
  });

  it("refuses tampered and expired access tokens", async () => {
    const c = app.client();
    await c.post("/api/auth/register", OWNER);
    const token = c.cookies.get("ft_at")!;
    const [h, p, s] = token.split(".");
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), role: "owner", hid: "00000000-0000-7000-8000-000000000000" })).toString("base64url")}.${s}`;
    expect((await c.request("/api/auth/me", { headers: { cookie: `ft_at=${tampered}` } })).status).toBe(401);
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    const expired = await new SignJWT({ hid: claims.hid, role: claims.role, sid: claims.sid })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.sub)
      .setIssuer("fintrack")
      .setAudience("fintrack-api")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(app.config.jwtSecret);
    const res = await c.request("/api/auth/me", { headers: { cookie: `ft_at=${expired}` } });
    expect(res.status).toBe(401);
  });

  it("refuses a cross-origin state-changing request (CSRF)", async () => {
    const res = await app.client().request("/api/auth/register", {
      method: "POST",
      json: OWNER,
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect(await count(schema.users)).toBe(0);
  });

  it("keeps password hashes argon2id and out of every response", async () => {
    const c = app.client();
    const res = await c.post("/api/auth/register", OWNER);
    expect(JSON.stringify(res.data)).not.toContain("argon2");
    const [u] = await app.db.select().from(schema.users).where(eq(schema.users.email, OWNER.email));
    expect(u!.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
