import { schema } from "@fintrack/db";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { testConfig } from "../lib/config";
import { OWNER, PARTNER, startTestApp, type TestApp, type TestClient } from "../testing";

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const login = (c: TestClient, email: string, password: string, headers: Record<string, string> = {}) =>
  c.request("/api/auth/login", { method: "POST", json: { email, password }, headers });

/** Owner registered on `device` (which keeps the device cookie it was given), partner joined. */
async function household(a: TestApp) {
  const device = a.client({ peer: "192.0.2.10" });
  expect((await device.post("/api/auth/register", OWNER)).status).toBe(201);
  const invite = await device.post("/api/auth/invites");
  const partner = a.client({ peer: "192.0.2.20" });
  expect(
    (await partner.post("/api/auth/register", { ...PARTNER, inviteCode: invite.data.code })).status,
  ).toBe(201);
  expect((await device.post("/api/auth/logout")).status).toBe(204);
  return device;
}

describe("login limits per client", () => {
  it("counts failures per connecting machine, whatever X-Forwarded-For an untrusted peer sends", async () => {
    app = await startTestApp();
    const attacker = app.client({ peer: "203.0.113.10" });
    for (let i = 1; i <= 20; i++) {
      const res = await login(attacker, `guess${i}@example.ph`, "wrong password", {
        "x-forwarded-for": `198.51.100.${i}`,
        "x-real-ip": `198.51.100.${i}`,
      });
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const limited = await login(attacker, "guess21@example.ph", "wrong password", {
      "x-forwarded-for": "198.51.100.21",
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(800);
    // the limit is that machine's, not everyone's
    expect(
      (await login(app.client({ peer: "203.0.113.11" }), "guess22@example.ph", "wrong password")).status,
    ).toBe(401);
  });

  it("lets no more than the limit through when guesses arrive all at once", async () => {
    app = await startTestApp();
    await app.client().post("/api/auth/register", OWNER);
    const attacker = app.client({ peer: "203.0.113.30" });
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () => login(attacker, OWNER.email, "wrong password")),
    );
    expect(statuses.filter((s) => s.status === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s.status === 429)).toHaveLength(7);
  });

  it("counts failures per client named by a trusted proxy, ignoring what the client prepended", async () => {
    app = await startTestApp({ config: testConfig({ TRUSTED_PROXIES: "10.0.0.0/8" }) });
    const proxy = app.client({ peer: "10.0.0.5" });
    for (let i = 1; i <= 20; i++) {
      const res = await login(proxy, `guess${i}@example.ph`, "wrong password", {
        "x-forwarded-for": `192.0.2.${i}, 198.51.100.1`,
      });
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const sameClient = await login(proxy, "guess21@example.ph", "wrong password", {
      "x-forwarded-for": "192.0.2.99, 198.51.100.1",
    });
    expect(sameClient.status).toBe(429);
    const otherClient = await login(proxy, "guess22@example.ph", "wrong password", {
      "x-forwarded-for": "198.51.100.2",
    });
    expect(otherClient.status).toBe(401);
  });
});

describe("device cookies: lockout that cannot be used against a member", () => {
  it("gives a long-lived HttpOnly device cookie on registration and sign-in", async () => {
    app = await startTestApp();
    const c = app.client();
    const reg = await c.post("/api/auth/register", OWNER);
    const cookie = reg.headers.getSetCookie().find((s) => s.startsWith("ft_dev="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    expect(Number(/Max-Age=(\d+)/.exec(cookie ?? "")?.[1])).toBeGreaterThanOrEqual(180 * 86400);
    // signing out keeps the device known
    await c.post("/api/auth/logout");
    expect(c.cookies.has("ft_dev")).toBe(true);
  });

  it("lets the owner's known device sign in after 25 failed logins for the owner from elsewhere", async () => {
    app = await startTestApp();
    const device = await household(app);
    const statuses: number[] = [];
    for (let i = 1; i <= 25; i++) {
      // spread over many machines, as a distributed guesser would
      const elsewhere = app.client({ peer: `203.0.113.${i}` });
      statuses.push((await login(elsewhere, OWNER.email, `guess number ${i}`)).status);
    }
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses).toContain(429);
    const res = await login(device, OWNER.email, OWNER.password);
    expect(res.status).toBe(200);
    expect(res.data.user.email).toBe(OWNER.email);
  });

  it("limits a known device only by its own failures (10 per 15 minutes)", async () => {
    app = await startTestApp();
    const device = await household(app);
    // the partner's failures from the same machine do not count against the owner's device
    for (let i = 0; i < 5; i++) await login(device, PARTNER.email, "wrong password");
    for (let i = 1; i <= 10; i++) {
      expect((await login(device, OWNER.email, "wrong password")).status, `attempt ${i}`).toBe(401);
    }
    const limited = await login(device, OWNER.email, OWNER.password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(800);
  });

  it("treats a device cookie of another member, or a forged one, as an unknown device", async () => {
    app = await startTestApp();
    const device = await household(app);
    // the cookie is bound to the owner: for the partner this is an unknown device (5 per account+client)
    for (let i = 1; i <= 5; i++) {
      expect((await login(device, PARTNER.email, "wrong password")).status, `attempt ${i}`).toBe(401);
    }
    expect((await login(device, PARTNER.email, PARTNER.password)).status).toBe(429);

    const forger = app.client({ peer: "203.0.113.50" });
    const real = device.cookies.get("ft_dev")!;
    forger.cookies.set("ft_dev", `${real.slice(0, -4)}AAAA`);
    for (let i = 1; i <= 5; i++) await login(forger, OWNER.email, "wrong password");
    expect((await login(forger, OWNER.email, OWNER.password)).status).toBe(429);
  });

  it("slows unknown devices (backoff) while an account is under distributed guessing, never blocking for good", async () => {
    app = await startTestApp();
    await household(app);
    for (let i = 1; i <= 12; i++)
      await login(app.client({ peer: `203.0.113.${i}` }), OWNER.email, "nope nope");
    // a new phone with the right password waits, and is told how long
    const phone = app.client({ peer: "192.0.2.77" });
    const slowed = await login(phone, OWNER.email, OWNER.password);
    expect(slowed.status).toBe(429);
    const wait = Number(slowed.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    // once that wait has passed the right password works, and the phone is a known device from then on
    await app.db
      .update(schema.loginAttempts)
      .set({ attemptedAt: sql`attempted_at - make_interval(secs => ${wait})` });
    const ok = await login(phone, OWNER.email, OWNER.password);
    expect(ok.status).toBe(200);
    expect(phone.cookies.has("ft_dev")).toBe(true);
  });

  it("answers a limited sign-in the same for a registered and an unknown email", async () => {
    app = await startTestApp();
    await household(app);
    const a = app.client({ peer: "203.0.113.60" });
    const b = app.client({ peer: "203.0.113.61" });
    for (let i = 0; i < 5; i++) {
      await login(a, OWNER.email, "wrong password");
      await login(b, "nobody@example.ph", "wrong password");
    }
    const [ra, rb] = [await login(a, OWNER.email, "x"), await login(b, "nobody@example.ph", "x")];
    expect(ra.status).toBe(429);
    expect(rb.status).toBe(429);
    const { requestId: _a, ...bodyA } = ra.data;
    const { requestId: _b, ...bodyB } = rb.data;
    expect(bodyA).toEqual(bodyB);
  });
});
