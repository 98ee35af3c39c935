import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type DbHandle, migrate, openDatabase } from "@fintrack/db";
import { serve } from "@hono/node-server";
import { createGateway, type Fetcher, urlForwarder } from "./gateway/app";
import { type Config, loadConfig } from "./lib/config";
import { createLogger, type Logger } from "./lib/logger";
import { type FunctionName, functionNames, functions, isFunctionName } from "./registry";
import { createRuntime, type Runtime } from "./runtime";

export interface ServerOptions {
  port?: number;
  hostname?: string;
  /** Environment to read the config from (defaults to process.env). */
  env?: Record<string, string | undefined>;
  /** A database to use instead of the configured one (tests). */
  db?: DbHandle;
  /** Serve the web app beside the API (default: yes, in all-in-one mode). */
  web?: boolean;
  brokerTimeScale?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  runtime: Promise<Runtime>;
  close(): Promise<void>;
}

async function openConfiguredDb(config: Config): Promise<DbHandle> {
  if (config.DATABASE_URL) return openDatabase({ url: config.DATABASE_URL });
  if (process.env.VITEST) {
    const { openTestDatabase } = await import("@fintrack/db/testing");
    return openTestDatabase();
  }
  return openDatabase({ dataDir: join(config.DATA_DIR, "pglite") });
}

/**
 * Starts FinTrack: one function (FUNCTION=auth, as in a Knative pod), the gateway alone
 * (FUNCTION=gateway, forwarding to the functions' Services), or — by default — every
 * function, the gateway and the web app on one port.
 *
 * The port opens before the database is ready: liveness (/health) answers at once, while
 * every other request waits for migrations, so a cold start is a process start, not a boot.
 */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const config = loadConfig(opts.env ?? process.env);
  const log = createLogger(config.LOG_LEVEL);
  const mode = config.FUNCTION ?? "all";
  if (mode !== "all" && mode !== "gateway" && !isFunctionName(mode)) {
    throw new Error(
      `Invalid configuration:\n  FUNCTION: unknown function "${mode}" (one of ${functionNames.join(", ")}, gateway)`,
    );
  }

  let handler: Fetcher;
  let runtime: Promise<Runtime>;
  let db: Promise<DbHandle> | undefined;

  if (mode === "gateway") {
    if (!config.FUNCTION_URL_TEMPLATE)
      throw new Error("Invalid configuration:\n  FUNCTION_URL_TEMPLATE: required with FUNCTION=gateway");
    const gateway = createGateway({
      config,
      log,
      functions: functionNames.map((n) => functions[n].meta),
      route: urlForwarder(config.FUNCTION_URL_TEMPLATE),
      web: opts.web === false ? undefined : await loadWeb(log),
    });
    handler = (req) => gateway.fetch(req);
    runtime = Promise.reject(new Error("the gateway runs no functions"));
    runtime.catch(() => {});
  } else {
    db = (async () => {
      const handle = opts.db ?? (await openConfiguredDb(config));
      const { applied } = await migrate(handle.db);
      if (applied) log.info({ applied }, "database migrated");
      return handle;
    })();
    const only: FunctionName[] = mode === "all" ? functionNames : [mode];
    runtime = db.then((h) =>
      createRuntime({ db: h.db, config, log, only, brokerTimeScale: opts.brokerTimeScale }),
    );
    const ready: Promise<Fetcher> = runtime.then(async (rt) => {
      if (mode !== "all") return (req) => rt.modules.get(mode)!.app.fetch(req);
      const gateway = createGateway({
        config,
        log,
        functions: [...rt.modules.values()].map((m) => m.meta),
        route: (name) => (req) => rt.modules.get(name)!.app.fetch(req),
        web: opts.web === false ? undefined : await loadWeb(log),
      });
      return (req) => gateway.fetch(req);
    });
    ready.catch((err) => log.fatal({ err }, "startup failed"));
    const liveness = mode === "all" ? "/api/health" : `/api/${mode}/health`;
    handler = async (req) => {
      if (new URL(req.url).pathname === liveness) {
        return Response.json({ status: "ok", function: mode === "all" ? "gateway" : mode });
      }
      return (await ready)(req);
    };
  }

  const server = serve({ fetch: handler, port: opts.port ?? config.PORT, hostname: opts.hostname });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  log.info({ url, mode }, "FinTrack listening");

  return {
    url,
    port,
    runtime,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      if (db) {
        const rt = await runtime.catch(() => undefined);
        await rt?.close();
        if (!opts.db) await (await db).close();
      }
    },
  };
}

async function loadWeb(log: Logger): Promise<Fetcher | undefined> {
  const handlerFile = new URL("../web/handler.ts", import.meta.url);
  if (!existsSync(handlerFile)) return undefined;
  try {
    const { createWebHandler } = (await import("../web/handler")) as {
      createWebHandler: () => Promise<Fetcher>;
    };
    return await createWebHandler();
  } catch (err) {
    log.warn(
      { err: err instanceof Error ? err.message : err },
      "web app not served (build it with: bun run build:web)",
    );
    return undefined;
  }
}

// Run directly (bun functions/serve.ts): start, and stop cleanly on SIGTERM (Knative scale-down).
if (import.meta.main) {
  const server = await startServer().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      server.close().finally(() => process.exit(0));
    });
  }
}
