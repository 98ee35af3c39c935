import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { readAccessToken } from "../lib/auth";
import { type Client, resolveClient } from "../lib/client-address";
import type { Config } from "../lib/config";
import type { FunctionMeta } from "../lib/function-app";
import { apiHeaders, limitHeaderSize } from "../lib/http-headers";
import type { Logger } from "../lib/logger";
import { problemResponse, renderError, tooLargeDetail } from "../lib/problem";
import { refuseOddPaths, routingPath, withNormalisedPath } from "../lib/request-path";
import { verifyAccessToken } from "../lib/tokens";
import { docsHtml, docsInit, mergeOpenApi } from "./openapi";
import { rateLimit } from "./rate-limit";

/**
 * A request handler. `env` is the server's connection binding (Hono's `app.fetch(req, env)`):
 * passing it on lets an in-process function read the same client connection as the gateway.
 */
export type Fetcher = (request: Request, env?: object) => Promise<Response> | Response;

export interface GatewayOptions {
  config: Config;
  log: Logger;
  /** What each function is; its routing facts (public and internal paths, body limit). */
  functions: FunctionMeta[];
  /** How to reach a function: in-process app.fetch locally, an HTTP forwarder in the cluster. */
  route: (name: string) => Fetcher;
  /** The web app, for everything outside /api. */
  web?: Fetcher;
  rateLimitPerMinute?: number;
}

const swaggerDir = () => dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

/**
 * The single public entry. Verifies the session once (functions verify again), limits body
 * size and request rate, keeps event receivers private, and forwards /api/<domain>/* to the
 * domain's function with the full path.
 */
export function createGateway(opts: GatewayOptions) {
  const { config, log } = opts;
  const byName = new Map(opts.functions.map((f) => [f.name, f]));
  type GatewayEnv = { Variables: { requestId: string } };
  // routes, internal/public checks and the forwarded URL all read the normalised path
  const app = new Hono<GatewayEnv>({ getPath: routingPath });

  app.use(requestId({ headerName: "x-request-id" }));
  app.use("/api/*", apiHeaders());
  app.use(limitHeaderSize());
  app.use(refuseOddPaths());
  app.onError((err, c) =>
    renderError(err, c, (e) => log.error({ err: e, reqId: c.get("requestId") }, "gateway error")),
  );

  app.get("/api/health", (c) => c.json({ status: "ok", function: "gateway" }));
  app.get("/api/ready", (c) => c.json({ status: "ready", function: "gateway" }));
  app.get("/api/openapi.json", async (c) => {
    const docs = await Promise.all(
      opts.functions.map(async (f) => {
        const res = await opts.route(f.name)(new Request(`http://internal/api/${f.name}/openapi.json`));
        return res.ok ? res.json() : {};
      }),
    );
    const tags = opts.functions.map((f) => ({ name: f.name, description: f.description }));
    return c.json(mergeOpenApi(docs, gatewayPaths, tags));
  });
  app.get("/api/docs", (c) => c.html(docsHtml, 200, DOCS_HEADERS));
  app.get("/api/docs/init.js", (c) =>
    c.body(docsInit, 200, { ...DOCS_HEADERS, "content-type": "text/javascript" }),
  );
  app.get("/api/docs/assets/:file{swagger-ui(-bundle\\.js|\\.css)}", async (c) => {
    const file = c.req.param("file");
    const body = await readFile(join(swaggerDir(), file));
    const type = file.endsWith(".css") ? "text/css" : "text/javascript";
    return c.body(body, 200, {
      ...DOCS_HEADERS,
      "content-type": type,
      "cache-control": "public, max-age=86400",
    });
  });

  app.use(
    "/api/*",
    rateLimit({
      limit: opts.rateLimitPerMinute ?? 600,
      windowMs: 60_000,
      key: (c) => resolveClient(c, config).limitKey,
    }),
  );

  const toFunction = async (c: Context<GatewayEnv>) => {
    const meta = byName.get(c.req.param("domain") ?? "");
    return meta
      ? forward(c.req.raw, meta, c)
      : problemResponse(c, 404, "Not found", `No API at ${c.req.path}`);
  };
  app.all("/api/:domain/*", toFunction);
  app.all("/api/:domain", toFunction);
  app.all("/api", (c) => problemResponse(c, 404, "Not found", "See /api/docs"));
  // whatever the routes above did not take (/api/, /api/docs/nope…) is still the API's, never a page
  app.all("/api/*", (c) => problemResponse(c, 404, "Not found", `No API at ${c.req.path}`));

  async function forward(request: Request, meta: FunctionMeta, c: Context<GatewayEnv>) {
    const path = c.req.path;
    // a trailing slash is still the same resource to an internal-path check
    const bare = path.length > 1 ? path.replace(/\/$/, "") : path;
    if (meta.internalPaths?.some((re) => re.test(bare))) {
      return problemResponse(c, 404, "Not found", `No API at ${path}`);
    }
    if (!meta.publicPaths.some((re) => re.test(bare))) {
      const token = readAccessToken(c);
      if (!token) return problemResponse(c, 401, "Not signed in", "Sign in to continue.");
      try {
        await verifyAccessToken(token, config.jwtSecret);
      } catch {
        return problemResponse(c, 401, "Invalid token", "The access token could not be verified.");
      }
    }
    const limited = bodyLimit({
      maxSize: meta.bodyLimitBytes ?? config.BODY_LIMIT_BYTES,
      onError: (cc) =>
        problemResponse(
          cc,
          413,
          "Payload too large",
          tooLargeDetail(meta.bodyLimitBytes ?? config.BODY_LIMIT_BYTES),
        ),
    });
    let response: Response | undefined;
    const result = await limited(c, async () => {
      const headers = forwardedHeaders(c.req.raw.headers, resolveClient(c, config));
      headers.set("x-request-id", c.get("requestId"));
      const body = ["GET", "HEAD"].includes(request.method) ? undefined : await c.req.arrayBuffer();
      response = await opts.route(meta.name)(
        new Request(withNormalisedPath(request.url, path), { method: request.method, headers, body }),
        c.env as object | undefined,
      );
    });
    return (result as Response | undefined) ?? response ?? problemResponse(c, 502, "Bad gateway");
  }

  app.all("*", async (c) => {
    if (!opts.web) return problemResponse(c, 404, "Not found", `No page at ${c.req.path}`);
    return opts.web(c.req.raw);
  });
  return app;
}

/**
 * What a function is told about the client: the chain the gateway resolved, not what the
 * client wrote. Sent in-process too, where the function resolves the same client from it.
 */
function forwardedHeaders(incoming: Headers, client: Client): Headers {
  const headers = new Headers(incoming);
  headers.delete("x-real-ip");
  headers.delete("forwarded");
  if (client.forwardedFor) headers.set("x-forwarded-for", client.forwardedFor);
  else headers.delete("x-forwarded-for");
  headers.set("x-forwarded-host", client.host);
  headers.set("x-forwarded-proto", client.proto);
  return headers;
}

/**
 * In the cluster: forwards to http://<name>.<namespace>.svc.cluster.local (FUNCTION_URL_TEMPLATE),
 * with the X-Forwarded-For/Host/Proto the gateway resolved (forwardedHeaders above); the
 * function believes them because the gateway's pod is one of its TRUSTED_PROXIES.
 */
export function urlForwarder(template: string): (name: string) => Fetcher {
  return (name) => async (request) => {
    const incoming = new URL(request.url);
    const target = new URL(incoming.pathname + incoming.search, template.replace("{name}", name));
    const headers = new Headers(request.headers);
    headers.delete("host");
    const body = ["GET", "HEAD"].includes(request.method) ? undefined : await request.arrayBuffer();
    return fetch(target, { method: request.method, headers, body, redirect: "manual" });
  };
}

/**
 * Swagger UI from our own files: its bundle and init script, its stylesheet (whose icons are
 * data: URIs), the OpenAPI document and "try it out" calls to this origin — nothing else.
 */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const DOCS_HEADERS = {
  "content-security-policy": DOCS_CSP,
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  "x-content-type-options": "nosniff",
};

const gatewayPaths = {
  "/api/health": {
    get: {
      operationId: "getGatewayHealth",
      tags: ["gateway"],
      summary: "Gateway liveness",
      responses: { 200: { description: "Up" } },
    },
  },
  "/api/ready": {
    get: {
      operationId: "getGatewayReadiness",
      tags: ["gateway"],
      summary: "Gateway readiness",
      responses: { 200: { description: "Ready" } },
    },
  },
  "/api/openapi.json": {
    get: {
      operationId: "getOpenApiDocument",
      tags: ["gateway"],
      summary: "This document",
      responses: { 200: { description: "OpenAPI 3.1" } },
    },
  },
};
