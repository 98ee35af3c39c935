import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createWebHandler, type WebHandler } from "../handler";

// Needs the built app: `bun run build:web` (the test script builds it first).
let handle: WebHandler;
beforeAll(async () => {
  handle = await createWebHandler();
});

const get = (path: string, init?: RequestInit) => handle(new Request(`http://fintrack.test${path}`, init));

describe("web handler", () => {
  it("serves the app shell for app pages", async () => {
    for (const path of ["/", "/login", "/register", "/settings", "/notifications", "/invite/abc123"]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-cache");
      expect(await response.text()).toContain('<div id="app">');
    }
  });

  it("serves pages under a Content-Security-Policy that allows only our own files", async () => {
    for (const path of ["/", "/settings", "/no-such-page"]) {
      const response = await get(path);
      const csp = response.headers.get("content-security-policy") ?? "";
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
      ]) {
        expect(csp, `${path}: ${directive}`).toContain(directive);
      }
      expect(csp).not.toContain("unsafe");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
    }
    // the build emits no inline script for script-src 'self' to block: each has a src
    const html = await (await get("/")).text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\ssrc="\//);
    expect(html).not.toMatch(/<style\b|\sstyle="/);
  });

  it("answers an unknown page with the shell and status 404", async () => {
    const response = await get("/no-such-page");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<div id="app">');
  });

  it("caches hashed assets forever with their real content type", async () => {
    const html = await (await get("/")).text();
    const script = html.match(/src="(\/_build\/assets\/[^"]+\.js)"/)?.[1];
    const stylesheet = html.match(/href="(\/_build\/assets\/[^"]+\.css)"/)?.[1];
    expect(script).toBeDefined();
    expect(stylesheet).toBeDefined();

    const js = await get(script as string);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");

    const css = await get(stylesheet as string, { headers: { "accept-encoding": "gzip" } });
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.headers.get("content-encoding")).toBe("gzip");
    expect(css.headers.get("vary")).toBe("accept-encoding");
  });

  it("serves the PWA manifest and icons", async () => {
    const manifest = await get("/manifest.webmanifest");
    expect(manifest.headers.get("content-type")).toBe("application/manifest+json; charset=utf-8");
    expect((await manifest.json()).name).toBe("FinTrack");
    expect((await get("/icon.svg")).headers.get("content-type")).toBe("image/svg+xml");
    expect((await get("/icon-192.png")).headers.get("content-type")).toBe("image/png");
  });

  it("does not serve a missing asset, build metadata or paths outside the build", async () => {
    expect((await get("/_build/assets/missing-abc123.js")).status).toBe(404);
    expect((await get("/.vite/manifest.json")).status).toBe(404);
    expect((await get("/..%2f..%2fpackage.json")).status).toBe(404);
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await get("/", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect((await get("/", { method: "POST" })).status).toBe(405);
  });

  it("explains how to build when the build output is missing", async () => {
    const empty = await mkdtemp(join(tmpdir(), "fintrack-web-"));
    try {
      await expect(createWebHandler({ publicDir: empty })).rejects.toThrow(/bun run build:web/);
    } finally {
      await rm(empty, { recursive: true });
    }
  });
});
