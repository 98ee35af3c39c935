import { fileURLToPath } from "node:url";
import type { Database, DbHandle } from "@fintrack/db";
import { createEventReceiver, type EventSink, HttpSink, OutboxPublisher } from "@fintrack/events";
import type { LocalBroker } from "@fintrack/events/local";
import type { Config } from "./lib/config";
import type { FunctionDeps, FunctionModule } from "./lib/function-app";
import type { Logger } from "./lib/logger";
import { loadSession, SessionGuard } from "./lib/session-guard";
import { type FunctionName, functionNames, functions } from "./registry";

export const knativeDir = fileURLToPath(new URL("../knative", import.meta.url));

export interface Runtime {
  modules: Map<string, FunctionModule>;
  publisher: OutboxPublisher;
  /** Present when events go through the in-process broker (everything in one process). */
  broker?: LocalBroker;
  /** Waits until the outbox is empty and every delivery settled, or throws after SETTLE_LIMIT_MS (tests, benchmarks). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  db: Database;
  /** LISTEN on the same database: revocations reach this process at once (DbHandle.listen). */
  listen?: DbHandle["listen"];
  /** The process's session guard, when the caller shares or replaces it (the benchmark). */
  sessions?: SessionGuard;
  config: Config;
  log: Logger;
  /** Which functions to run; all of them by default. */
  only?: FunctionName[];
  /** Scales the Broker's backoff delays (tests use a small factor). */
  brokerTimeScale?: number;
  sweepIntervalMs?: number;
}

/**
 * How long settle() waits for the outbox to drain (tests and benchmarks): long enough for a
 * loaded CI machine, where one round of OCR or an import chunk can take seconds.
 */
const SETTLE_LIMIT_MS = 60_000;

/**
 * Builds the functions with their dependencies and wires events: every function's handlers
 * are served at POST /api/<name>/events, and the outbox publishes to K_SINK in the cluster or
 * to the local broker that reads knative/.
 */
export async function createRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { db, config, log } = opts;
  const modules = new Map<string, FunctionModule>();
  let publisher: OutboxPublisher | undefined;
  const publish = () => {
    publisher?.flush().catch((err) => log.error({ err }, "outbox flush failed"));
  };
  const sessions = opts.sessions ?? new SessionGuard({ load: loadSession(db), listen: opts.listen, log });
  await sessions.start();
  const deps: FunctionDeps = { db, config, log, sessions, publish, listen: opts.listen };
  for (const name of opts.only ?? functionNames) {
    const mod = (await functions[name].load()).create(deps);
    if (mod.handlers) {
      const receive = createEventReceiver({
        consumer: name,
        db,
        handlers: mod.handlers,
        prepare: mod.prepare,
        signingKey: config.eventKey,
        afterCommit: () => {
          publish();
          mod.afterEvent?.();
        },
        log: (level, msg, fields) => log[level](fields, msg),
      });
      mod.app.post(`/api/${name}/events`, (c) => receive(c.req.raw));
      mod.meta = {
        ...mod.meta,
        internalPaths: [...(mod.meta.internalPaths ?? []), new RegExp(`^/api/${name}/events$`)],
      };
    }
    modules.set(name, mod);
  }

  let broker: LocalBroker | undefined;
  let sink: EventSink;
  if (config.K_SINK) {
    sink = new HttpSink(config.K_SINK);
  } else {
    const { LocalBroker, loadEventingManifests } = await import("@fintrack/events/local");
    const manifests = loadEventingManifests(knativeDir);
    broker = new LocalBroker(
      manifests,
      async (service, request) => {
        const mod = modules.get(service);
        if (!mod) return new Response(`service ${service} is not running here`, { status: 503 });
        return mod.app.fetch(request);
      },
      {
        timeScale: opts.brokerTimeScale,
        log: (msg, fields) => log.warn(fields, msg),
      },
    );
    sink = broker;
    broker.startPingSources(manifests.pingSources);
  }
  publisher = new OutboxPublisher(db, sink, config.eventKey, (err, eventId) =>
    log.warn({ err, eventId }, "event not published"),
  );
  publisher.startSweeper(opts.sweepIntervalMs);
  publish();

  return {
    modules,
    publisher,
    broker,
    async settle() {
      // Bounded by time, not by rounds: on a loaded machine a round takes longer, and a settle
      // that gave up quietly left a test asserting on events still on their way.
      const deadline = performance.now() + SETTLE_LIMIT_MS;
      for (;;) {
        await publisher.flush();
        await broker?.idle();
        const pending = await publisher.pendingCount();
        if (pending === 0) {
          await broker?.idle();
          // a consumer's afterCommit may have started one more flush while we waited
          await publisher.flush();
          return;
        }
        if (performance.now() > deadline) {
          throw new Error(`settle: ${pending} outbox events still unpublished after ${SETTLE_LIMIT_MS} ms`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      publisher.stop();
      await sessions.stop();
      broker?.stopPingSources();
      await broker?.idle();
      for (const mod of modules.values()) await mod.close?.();
    },
  };
}
