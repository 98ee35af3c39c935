import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bunBinary } from "../scripts/bun-path";
import { startServer } from "./serve";

const root = join(import.meta.dirname, "..");

// A bun process migrates a fresh embedded database and loads every function before it listens:
// seconds on a quiet machine, much longer on a loaded CI machine.
const STARTUP_MS = 90_000;
const SPAWN_TEST = { timeout: STARTUP_MS + 30_000 };

async function waitFor(url: string, timeoutMs = STARTUP_MS): Promise<Response> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe("npm start (everything in one bun process, on the embedded database)", SPAWN_TEST, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fintrack-all-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints one plain line with the URL to open and keeps request logs out of the terminal", async () => {
    const port = 30000 + Math.floor(Math.random() * 20000);
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      PORT: String(port),
      DATA_DIR: dataDir,
    };
    for (const name of ["VITEST", "LOG_LEVEL", "NODE_ENV", "DATABASE_URL", "PUBLIC_URL", "FUNCTION"])
      delete env[name];
    const child = spawn(bunBinary(), [join(root, "functions/serve.ts")], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    try {
      await waitFor(`http://127.0.0.1:${port}/api/health`);
      expect((await fetch(`http://127.0.0.1:${port}/api/auth/status`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      const lines = out.trim().split("\n");
      expect(lines, out).toEqual([
        `FinTrack is running: open http://localhost:${port} (embedded database in ${dataDir}; Ctrl+C stops it)`,
      ]);
    } finally {
      child.kill("SIGTERM");
    }
  });
});

describe("single-function mode (FUNCTION=<name>, as in a Knative pod)", SPAWN_TEST, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fintrack-fn-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("serves only that function, with its health route, in a separate bun process", async () => {
    const port = 30000 + Math.floor(Math.random() * 20000);
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      FUNCTION: "auth",
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      JWT_SECRET_KEY: "x".repeat(40),
    };
    delete env.VITEST;
    if (process.env.TEST_DATABASE_URL) env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    // started as npm start and the image start it: with a header limit above the app's
    const child = spawn(bunBinary(), ["--max-http-header-size=65536", join(root, "functions/serve.ts")], {
      env,
      stdio: "inherit",
    });
    try {
      const health = await waitFor(`http://127.0.0.1:${port}/api/auth/health`);
      expect(await health.json()).toEqual({ status: "ok", function: "auth" });
      const ready = await fetch(`http://127.0.0.1:${port}/api/auth/ready`);
      expect(ready.status).toBe(200);
      const other = await fetch(`http://127.0.0.1:${port}/api/notifications/health`);
      expect(other.status).toBe(404);
      // headers over the app's limit are answered by the app, as a problem (not bun's bare 431)
      const big = await fetch(`http://127.0.0.1:${port}/api/auth/me`, {
        headers: { cookie: `junk=${"a".repeat(20_000)}` },
      });
      expect(big.status).toBe(431);
      expect(big.headers.get("content-type")).toContain("application/problem+json");
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("stops startup with a message naming a bad setting", async () => {
    await expect(
      startServer({ env: { FUNCTION: "nope", LOG_LEVEL: "silent", JWT_SECRET_KEY: "y".repeat(40) } }),
    ).rejects.toThrow(/FUNCTION/);
    await expect(startServer({ env: { PORT: "not-a-port", LOG_LEVEL: "silent" } })).rejects.toThrow(/PORT/);
    await expect(
      startServer({ env: { TRUSTED_PROXIES: "10.0.0.0/8, 10.0.0.0/33", LOG_LEVEL: "silent" } }),
    ).rejects.toThrow(/TRUSTED_PROXIES: "10.0.0.0\/33" is not/);
    await expect(startServer({ env: { NODE_ENV: "production", LOG_LEVEL: "silent" } })).rejects.toThrow(
      /JWT_SECRET_KEY/,
    );
  });
});

/**
 * Through a real socket from 127.0.0.1, configured as a trusted proxy: the client named in
 * X-Forwarded-For gets its own login bucket only if the function (behind the in-process
 * gateway) saw the socket's peer — the connection env has to reach it.
 */
async function loginBucketsFollowTheForwardedClient(base: string) {
  // an email of its own: on TEST_DATABASE_URL the bun process shares a database across runs
  const wrong = { email: `nobody-${randomUUID()}@example.ph`, password: "wrong password" };
  const login = (forwardedFor: string) =>
    fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
      body: JSON.stringify(wrong),
    }).then((r) => r.status);
  for (let i = 0; i < 5; i++) expect(await login("198.51.100.1")).toBe(401);
  expect(await login("198.51.100.1")).toBe(429);
  expect(await login("198.51.100.2")).toBe(401);
}

describe("client address through a real socket", SPAWN_TEST, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fintrack-peer-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const trusted = { TRUSTED_PROXIES: "127.0.0.1/8,::1", LOG_LEVEL: "silent", JWT_SECRET_KEY: "z".repeat(40) };

  it("under Node (@hono/node-server), all in one process", async () => {
    const server = await startServer({
      port: 0,
      hostname: "127.0.0.1",
      env: { ...trusted, NODE_ENV: "test" },
      web: false,
    });
    try {
      await loginBucketsFollowTheForwardedClient(`http://127.0.0.1:${server.port}`);
    } finally {
      await server.close();
    }
  });

  it("under bun (Bun.serve), all in one process", async () => {
    const port = 30000 + Math.floor(Math.random() * 20000);
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...trusted,
      PORT: String(port),
      DATA_DIR: dataDir,
    };
    delete env.VITEST;
    delete env.FUNCTION;
    if (process.env.TEST_DATABASE_URL) env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    const child = spawn(bunBinary(), [join(root, "functions/serve.ts")], { env, stdio: "inherit" });
    try {
      await waitFor(`http://127.0.0.1:${port}/api/health`);
      await loginBucketsFollowTheForwardedClient(`http://127.0.0.1:${port}`);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
