import { existsSync } from "node:fs";
import { join } from "node:path";
import { type DbHandle, migrate, openDatabase } from "@fintrack/db";
import { createGateway, type Fetcher, urlForwarder } from "./gateway/app";
import { type Config, loadConfig } from "./lib/config";
import { createLogger, type Logger } from "./lib/logger";
import { type FunctionName, functionNames, functions, isFunctionName } from "./registry";
import { createRuntime, type Runtime } from "./runtime";

export interface BootOptions {
  env: Record<string, string | undefined>;
  db?: DbHandle;
  web?: boolean;
  brokerTimeScale?: number;
}

export interface Booted {
  config: Config;
  log: Logger;
  mode: string;
  /** Resolves to the request handler once the database is migrated and the functions are built. */
  handler: Promise<Fetcher>;
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
 * Everything behind the port: validates the config (throwing with a message that names a bad
 * setting), then — without waiting — opens and migrates the database and builds the functions,
 * the gateway and the web app for the chosen mode.
 */
export function boot(opts: BootOptions): Booted {
  const config = loadConfig(opts.env);
  const log = createLogger(config.LOG_LEVEL);
  const mode = config.FUNCTION ?? "all";
  if (mode !== "all" && mode !== "gateway" && !isFunctionName(mode)) {
    throw new Error(
      `Invalid configuration:\n  FUNCTION: unknown function "${mode}" (one of ${functionNames.join(", ")}, gateway)`,
    );
  }
  if (mode === "gateway" && !config.FUNCTION_URL_TEMPLATE) {
    throw new Error("Invalid configuration:\n  FUNCTION_URL_TEMPLATE: required with FUNCTION=gateway");
  }

  if (mode === "gateway") {
    const template = config.FUNCTION_URL_TEMPLATE as string;
    const handler = (async (): Promise<Fetcher> => {
      const gateway = createGateway({
        config,
        log,
        functions: functionNames.map((n) => functions[n].meta),
        route: urlForwarder(template),
        web: opts.web === false ? undefined : await loadWeb(log),
      });
      return (req, env) => gateway.fetch(req, env);
    })();
    const runtime = Promise.reject(new Error("the gateway runs no functions"));
    runtime.catch(() => {});
    return { config, log, mode, handler, runtime, close: async () => {} };
  }

  const db = (async () => {
    const handle = opts.db ?? (await openConfiguredDb(config));
    const { applied } = await migrate(handle.db);
    if (applied) log.info({ applied }, "database migrated");
    return handle;
  })();
  const only: FunctionName[] = mode === "all" ? functionNames : [mode as FunctionName];
  const runtime = db.then((h) =>
    createRuntime({
      db: h.db,
      listen: h.listen,
      config,
      log,
      only,
      brokerTimeScale: opts.brokerTimeScale,
    }),
  );
  const handler = runtime.then(async (rt): Promise<Fetcher> => {
    if (mode !== "all") {
      const app = rt.modules.get(mode)!.app;
      return (req, env) => app.fetch(req, env);
    }
    const gateway = createGateway({
      config,
      log,
      functions: [...rt.modules.values()].map((m) => m.meta),
      // the connection env goes along, so each function resolves the same client as the gateway
      route: (name) => (req, env) => rt.modules.get(name)!.app.fetch(req, env),
      web: opts.web === false ? undefined : await loadWeb(log),
    });
    return (req, env) => gateway.fetch(req, env);
  });
  handler.catch((err) => log.fatal({ err }, "startup failed"));
  return {
    config,
    log,
    mode,
    handler,
    runtime,
    async close() {
      const rt = await runtime.catch(() => undefined);
      await rt?.close();
      if (!opts.db) await (await db.catch(() => undefined))?.close();
    },
  };
}

async function loadWeb(log: Logger): Promise<Fetcher | undefined> {
  if (!existsSync(new URL("../web/handler.ts", import.meta.url))) return undefined;
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
