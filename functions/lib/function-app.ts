import type { Database, DbHandle } from "@fintrack/db";
import type { EventHandlers, EventPreparers } from "@fintrack/events";
import { OpenAPIHono } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import type { SignedInUser } from "./auth";
import type { Config } from "./config";
import type { Logger } from "./logger";
import type { FunctionMeta } from "./meta";
import type { SessionGuard } from "./session-guard";

export { type FunctionMeta, standardPublicPaths } from "./meta";

import { apiHeaders, limitHeaderSize } from "./http-headers";
import { tagOperations } from "./openapi";
import { sameOrigin } from "./origin";
import { fieldErrors, problemResponse, renderError, tooLargeDetail } from "./problem";
import { refuseOddPaths, routingPath } from "./request-path";

export interface AppEnv {
  Variables: { requestId: string; log: Logger; user: SignedInUser };
}

/** What every function is built from; tests build it with an in-memory database. */
export interface FunctionDeps {
  db: Database;
  config: Config;
  log: Logger;
  /** Whether a token's session is still active; one per process, shared by its functions. */
  sessions: SessionGuard;
  /** Publishes what the outbox holds; call after a commit that enqueued events. */
  publish: () => void;
  /** LISTEN on the database (DbHandle.listen), for functions that fan out across replicas. */
  listen?: DbHandle["listen"];
}

export interface FunctionModule {
  meta: FunctionMeta;
  app: OpenAPIHono<AppEnv>;
  /** Event handlers, served at POST /api/<name>/events for the Triggers in knative/. */
  handlers?: EventHandlers;
  /** Work before a handler's transaction (see EventPreparers), e.g. calls to AI providers. */
  prepare?: EventPreparers;
  /** Runs after an event handler's transaction commits. */
  afterEvent?: () => void;
  /** Releases timers and subscriptions. */
  close?: () => Promise<void>;
}

/**
 * A Hono app for one function with everything each of them needs: request ids, structured
 * request logs, CSRF origin check, body limit, problem+json errors, health and readiness, and
 * its OpenAPI 3.1 document at /api/<name>/openapi.json.
 */
export function createFunctionApp(name: string, deps: FunctionDeps, opts: { bodyLimitBytes?: number } = {}) {
  const base = `/api/${name}`;
  const app = new OpenAPIHono<AppEnv>({
    // zero trust: a function routes on the same normalised path the gateway checked, and
    // refuses an ambiguous one itself instead of relying on the gateway having done so
    getPath: routingPath,
    defaultHook: (result, c) => {
      if (!result.success) {
        return problemResponse(c, 400, "Invalid request", "Some fields are invalid", {
          errors: fieldErrors(result.error),
        });
      }
    },
  });
  app.use(requestId({ headerName: "x-request-id" }));
  app.use(apiHeaders());
  app.use(limitHeaderSize());
  app.use(refuseOddPaths());
  app.use(async (c, next) => {
    const log = deps.log.child({ reqId: c.get("requestId"), fn: name });
    c.set("log", log);
    const started = performance.now();
    await next();
    log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });
  app.use(sameOrigin(deps.config));
  app.use(
    bodyLimit({
      maxSize: opts.bodyLimitBytes ?? deps.config.BODY_LIMIT_BYTES,
      onError: (c) =>
        problemResponse(
          c,
          413,
          "Payload too large",
          tooLargeDetail(opts.bodyLimitBytes ?? deps.config.BODY_LIMIT_BYTES),
        ),
    }),
  );
  app.onError((err, c) => renderError(err, c, (e) => c.get("log")?.error({ err: e }, "unhandled error")));
  app.notFound((c) => problemResponse(c, 404, "Not found", `No route for ${c.req.method} ${c.req.path}`));

  app.get(`${base}/health`, (c) => c.json({ status: "ok", function: name }));
  app.get(`${base}/ready`, async (c) => {
    try {
      await deps.db.execute(sql`SELECT 1`);
      return c.json({ status: "ready", function: name });
    } catch {
      return problemResponse(c, 503, "Not ready", "The database is not reachable.");
    }
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "cookieAuth", {
    type: "apiKey",
    in: "cookie",
    name: "ft_at",
  });
  app.get(`${base}/openapi.json`, (c) =>
    c.json(
      tagOperations(
        app.getOpenAPI31Document({
          openapi: "3.1.0",
          info: { title: `FinTrack ${name}`, version: "1.0.0" },
        }),
        name,
      ),
    ),
  );
  return app;
}
