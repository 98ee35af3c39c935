import { schema } from "@fintrack/db";
import { afterEach, describe, expect, it } from "vitest";
import { testConfig } from "../lib/config";
import { OWNER, startTestApp, type TestApp } from "../testing";

// Proxy headers count only when the connection comes from a configured proxy. Tests set the
// connecting peer through the env the server hands to fetch (see connectionFrom in testing.ts).

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const status = (c: ReturnType<TestApp["client"]>, headers: Record<string, string>) =>
  c.request("/api/auth/status", { headers }).then((r) => r.status);

describe("gateway rate limit key", () => {
  it("ignores X-Forwarded-For and X-Real-IP from a peer that is not a trusted proxy", async () => {
    app = await startTestApp({ rateLimitPerMinute: 5 });
    const attacker = app.client({ peer: "203.0.113.10" });
    for (let i = 1; i <= 5; i++) {
      expect(
        await status(attacker, { "x-forwarded-for": `198.51.100.${i}`, "x-real-ip": `192.0.2.${i}` }),
      ).toBe(200);
    }
    const limited = await attacker.request("/api/auth/status", {
      headers: { "x-forwarded-for": "198.51.100.99", "x-real-ip": "192.0.2.99" },
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // another machine has its own bucket
    expect(await status(app.client({ peer: "203.0.113.11" }), {})).toBe(200);
  });

  it("counts an IPv6 client by its /64, which one host can fill with addresses", async () => {
    app = await startTestApp({ rateLimitPerMinute: 2 });
    expect(await status(app.client({ peer: "2001:db8:1:2::a" }), {})).toBe(200);
    expect(await status(app.client({ peer: "2001:db8:1:2::b" }), {})).toBe(200);
    expect(await status(app.client({ peer: "2001:db8:1:2:ffff::1" }), {})).toBe(429);
    expect(await status(app.client({ peer: "2001:db8:1:3::a" }), {})).toBe(200);
  });

  it("takes the client from X-Forwarded-For when a trusted proxy connects, walking past trusted hops only", async () => {
    app = await startTestApp({
      rateLimitPerMinute: 3,
      config: testConfig({ TRUSTED_PROXIES: "10.0.0.0/8" }),
    });
    const proxy = app.client({ peer: "10.1.2.3" });
    // the client prepends a made-up address; the proxy appends the real one; a second trusted hop
    for (let i = 1; i <= 3; i++) {
      expect(await status(proxy, { "x-forwarded-for": `192.0.2.${i}, 198.51.100.7, 10.9.9.9` })).toBe(200);
    }
    expect(await status(proxy, { "x-forwarded-for": "192.0.2.50, 198.51.100.7" })).toBe(429);
    // a different client behind the same proxy is a different bucket
    expect(await status(proxy, { "x-forwarded-for": "198.51.100.8" })).toBe(200);
    // X-Real-IP from the proxy names the client when there is no X-Forwarded-For
    expect(await status(proxy, { "x-real-ip": "198.51.100.7" })).toBe(429);
  });
});

describe("CSRF origin check behind proxies", () => {
  const forged = {
    origin: "https://evil.example",
    "x-forwarded-host": "evil.example",
    "x-forwarded-proto": "https",
  };

  it("refuses X-Forwarded-Host/Proto from a peer that is not a trusted proxy", async () => {
    app = await startTestApp();
    const res = await app
      .client({ peer: "203.0.113.10" })
      .request("/api/auth/register", { method: "POST", json: OWNER, headers: forged });
    expect(res.status).toBe(403);
    expect(await app.db.$count(schema.users)).toBe(0);
  });

  it("accepts the public host a trusted proxy forwards", async () => {
    app = await startTestApp({ config: testConfig({ TRUSTED_PROXIES: "10.0.0.0/8" }) });
    const res = await app.client({ peer: "10.0.0.2" }).request("/api/auth/register", {
      method: "POST",
      json: OWNER,
      headers: {
        origin: "https://fintrack.example",
        "x-forwarded-host": "fintrack.example",
        "x-forwarded-proto": "https",
      },
    });
    expect(res.status).toBe(201);
  });

  it("accepts only PUBLIC_URL's origin when PUBLIC_URL is set", async () => {
    app = await startTestApp({
      config: testConfig({ PUBLIC_URL: "https://fintrack.example", TRUSTED_PROXIES: "10.0.0.0/8" }),
    });
    // the Host the request came in on, and a host a trusted proxy forwards, are not the public origin
    const byHost = await app.client().request("/api/auth/register", { method: "POST", json: OWNER });
    expect(byHost.status).toBe(403);
    const byProxy = await app
      .client({ peer: "10.0.0.2" })
      .request("/api/auth/register", { method: "POST", json: OWNER, headers: forged });
    expect(byProxy.status).toBe(403);
    const ok = await app.client().request("/api/auth/register", {
      method: "POST",
      json: OWNER,
      headers: { origin: "https://fintrack.example" },
    });
    expect(ok.status).toBe(201);
  });
});

describe("session address", () => {
  it("records the client a trusted proxy names, and the socket's address otherwise", async () => {
    app = await startTestApp({ config: testConfig({ TRUSTED_PROXIES: "10.0.0.0/8" }) });
    await app.client({ peer: "10.0.0.2" }).request("/api/auth/register", {
      method: "POST",
      json: OWNER,
      headers: { "x-forwarded-for": "198.51.100.7" },
    });
    await app.client({ peer: "::ffff:203.0.113.10" }).request("/api/auth/login", {
      method: "POST",
      json: { email: OWNER.email, password: OWNER.password },
      headers: { "x-forwarded-for": "192.0.2.1" },
    });
    const ips = (await app.db.select({ ip: schema.sessions.ip }).from(schema.sessions)).map((s) => s.ip);
    expect(ips.sort()).toEqual(["198.51.100.7", "203.0.113.10"]);
  });
});
