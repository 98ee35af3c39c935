import { describe, expect, it } from "vitest";
import { functionNames } from "../registry";
import { useTestApp } from "../testing";

const app = useTestApp("per file");

describe("gateway", () => {
  it("answers health and readiness for itself and every function", async () => {
    const c = app.client();
    expect((await c.get("/api/health")).data).toEqual({ status: "ok", function: "gateway" });
    for (const name of functionNames) {
      expect((await c.get(`/api/${name}/health`)).data).toEqual({ status: "ok", function: name });
      expect((await c.get(`/api/${name}/ready`)).data).toEqual({ status: "ready", function: name });
    }
  });

  it("merges every function's routes into one OpenAPI 3.1 document", async () => {
    const doc = (await app.client().get("/api/openapi.json")).data;
    expect(doc.openapi).toBe("3.1.0");
    for (const path of [
      "/api/auth/register",
      "/api/auth/login",
      "/api/auth/logout",
      "/api/auth/refresh",
      "/api/auth/me",
      "/api/auth/invites",
      "/api/auth/invites/{code}",
      "/api/auth/password",
      "/api/auth/sessions",
      "/api/auth/sessions/{id}",
      "/api/notifications",
      "/api/notifications/{id}/read",
      "/api/notifications/read-all",
      "/api/notifications/stream",
      "/api/deadletters/list",
      "/api/health",
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.components.schemas).toHaveProperty("Problem");
    expect(doc.components.securitySchemes).toHaveProperty("cookieAuth");
  });

  it("names every operation (unique camelCase operationId) and files it under its domain's tag", async () => {
    const doc = (await app.client().get("/api/openapi.json")).data;
    const declared = new Set(doc.tags.map((t: { name: string }) => t.name));
    expect([...declared].sort()).toEqual(["gateway", ...functionNames].sort());
    const ids: string[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
        expect(op.tags, where).toHaveLength(1);
        expect(declared.has(op.tags[0]), where).toBe(true);
        const domain = path.split("/")[2];
        expect(op.tags[0], where).toBe(declared.has(domain) ? domain : "gateway");
        ids.push(op.operationId);
      }
    }
    expect(ids.length).toBeGreaterThan(40);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("serves human API docs from local assets (no CDN)", async () => {
    const c = app.client();
    const html = await c.get("/api/docs");
    expect(html.status).toBe(200);
    expect(html.data).toContain("/api/docs/assets/swagger-ui-bundle.js");
    expect(html.data).toMatch(/<link rel="icon" href="\/icon.svg"/);
    const js = await app.fetch(new Request("http://localhost/api/docs/assets/swagger-ui-bundle.js"));
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toContain("javascript");
  });

  it("refuses signed-out calls to private routes before they reach a function", async () => {
    const res = await app.client().get("/api/notifications");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("answers unknown API paths and non-API paths without a web build with 404 problems", async () => {
    expect((await app.client().get("/api/ledger-of-doom")).status).toBe(404);
    expect((await app.client().get("/no-such-page")).status).toBe(404);
  });
});
