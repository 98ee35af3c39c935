import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bunBinary } from "../scripts/bun-path";
import { startServer } from "./serve";

const root = join(import.meta.dirname, "..");

async function waitFor(url: string, timeoutMs = 20_000): Promise<Response> {
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

describe("single-function mode (FUNCTION=<name>, as in a Knative pod)", () => {
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
    await expect(startServer({ env: { NODE_ENV: "production", LOG_LEVEL: "silent" } })).rejects.toThrow(
      /JWT_SECRET_KEY/,
    );
  });
});
