import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { createLogger } from "../lib/logger";
import { startServer } from "../serve";
import { householdOfTwo, ORIGIN, useTestApp } from "../testing";
import { createGateway } from "./app";

const app = useTestApp("per file");

function expectApiHeaders(res: { headers: Headers }, what: string) {
  expect(res.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(res.headers.get("cache-control"), what).toBe("no-store");
}

/** A raw HTTP/1.1 exchange, so the server's own limits are what answers. */
function rawRequest(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; head: string; body: string }>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
      socket.write(`GET ${path} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n${lines.join("")}\r\n`);
    });
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk;
    });
    socket.on("error", reject);
    socket.on("end", () => {
      const [head = "", ...rest] = data.split("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), head: head.toLowerCase(), body: rest.join("\r\n\r\n") });
    });
  });
}

describe("API response headers", () => {
  it("marks every API response nosniff and no-store, through the gateway and at a function", async () => {
    const { owner } = await householdOfTwo(app);
    expectApiHeaders(await owner.get("/api/notifications"), "200 JSON");
    expectApiHeaders(await owner.get("/api/openapi.json"), "gateway JSON");
    expectApiHeaders(await app.client().get("/api/notifications"), "401 at the gateway");
    expectApiHeaders(await app.client().get("/api/nope"), "404 at the gateway");
    expectApiHeaders(await app.client().get("/api//auth/me"), "400 path");
    const fn = app.runtime.modules.get("auth")!.app;
    expectApiHeaders(await fn.fetch(new Request(`${ORIGIN}/api/auth/me`)), "401 at the function");
    expectApiHeaders(await fn.fetch(new Request(`${ORIGIN}/api/auth/health`)), "200 at the function");
    expectApiHeaders(await fn.fetch(new Request(`${ORIGIN}/api/auth/nope`)), "404 at the function");
  });

  it("serves the API docs under a CSP that allows only their own files", async () => {
    const res = await app.fetch(new Request(`${ORIGIN}/api/docs`));
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain("unsafe");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    // every script the page loads is a file from /api/docs (script-src 'self' would block inline)
    expect(await res.text()).not.toMatch(/<script>|<script [^>]*>[^<]/);
    const asset = await app.fetch(new Request(`${ORIGIN}/api/docs/assets/swagger-ui.css`));
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers every unknown path under /api with problem+json, never the web app's page", async () => {
    const gateway = createGateway({
      config: app.config,
      log: createLogger("silent"),
      functions: [...app.runtime.modules.values()].map((m) => m.meta),
      route: (name) => (req) => app.runtime.modules.get(name)!.app.fetch(req),
      web: async () =>
        new Response("<!doctype html>web 404", { status: 404, headers: { "content-type": "text/html" } }),
    });
    for (const path of [
      "/api/",
      "/api/docs/nope",
      "/api/docs/assets/x",
      "/api/docs/assets/",
      "/api/nope/deeper/still",
    ]) {
      const res = await gateway.fetch(new Request(`${ORIGIN}${path}`));
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toContain("application/problem+json");
      expectApiHeaders(res, path);
    }
    // pages still go to the web app
    expect(await (await gateway.fetch(new Request(`${ORIGIN}/somewhere`))).text()).toContain("web 404");
  });

  it("answers oversized request headers with a 431 problem, in the app and at the server (Node)", async () => {
    const big = { cookie: `junk=${"a".repeat(20_000)}` };
    const direct = await app.fetch(new Request(`${ORIGIN}/api/auth/me`, { headers: big }));
    expect(direct.status).toBe(431);
    expect(direct.headers.get("content-type")).toContain("application/problem+json");
    const fn = app.runtime.modules.get("auth")!.app;
    expect((await fn.fetch(new Request(`${ORIGIN}/api/auth/me`, { headers: big }))).status).toBe(431);

    const server = await startServer({
      port: 0,
      hostname: "127.0.0.1",
      web: false,
      env: { LOG_LEVEL: "silent", JWT_SECRET_KEY: "z".repeat(40), FUNCTION: "auth" },
    });
    try {
      await server.runtime;
      // over the app's limit, under the server's: the app answers
      const overApp = await rawRequest(server.port, "/api/auth/me", big);
      expect(overApp.status).toBe(431);
      expect(overApp.head).toContain("content-type: application/problem+json");
      expect(JSON.parse(overApp.body)).toMatchObject({ status: 431, title: "Request headers too large" });
      // over the server's own limit: Node's parser refuses it, still as a problem
      const overServer = await rawRequest(server.port, "/api/auth/me", {
        cookie: `junk=${"a".repeat(100_000)}`,
      });
      expect(overServer.status).toBe(431);
      expect(overServer.head).toContain("content-type: application/problem+json");
      expect(JSON.parse(overServer.body)).toMatchObject({ status: 431 });
      // an ordinary request on the same server is untouched
      expect((await rawRequest(server.port, "/api/auth/health", {})).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
