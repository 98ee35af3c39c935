import type { DbHandle } from "@fintrack/db";
import type { Booted } from "./boot";
import type { Fetcher } from "./gateway/app";
import type { Runtime } from "./runtime";

export interface ServerOptions {
  port?: number;
  hostname?: string;
  /** Environment to read the config from (defaults to process.env). */
  env?: Record<string, string | undefined>;
  /** A database to use instead of the configured one (tests). */
  db?: DbHandle;
  /** Serve the web app beside the API (default: yes, in all-in-one and gateway modes). */
  web?: boolean;
  brokerTimeScale?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  runtime: Promise<Runtime>;
  close(): Promise<void>;
}

interface BunServeOptions {
  port: number;
  hostname?: string;
  idleTimeout: number;
  fetch: (req: Request, server: { requestIP(req: Request): unknown }) => Promise<Response> | Response;
}

interface Listener {
  port: number;
  close(): Promise<void>;
}

/**
 * What the HTTP server itself accepts in request headers, above the app's own limit
 * (MAX_HEADER_BYTES, 16 KiB, answered with problem+json) so the app's check trips first.
 * Node takes it as an option; bun only as `--max-http-header-size` on its command line
 * (package.json, scripts/bootstrap.mjs, the Dockerfile pass it).
 */
export const SERVER_MAX_HEADER_BYTES = 64 * 1024;

// Beyond even the server's limit Node answers 431 itself, with no body: say it as a problem.
const HEADER_OVERFLOW = Buffer.from(
  (() => {
    const body = JSON.stringify({
      type: "https://fintrack.ph/problems/request-headers-too-large",
      title: "Request headers too large",
      status: 431,
      detail: "The request headers are too large; clear this site's cookies and try again.",
    });
    return `HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-content-type-options: nosniff\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`;
  })(),
);

/** Bun's own server under bun (no imports to load), @hono/node-server under Node (tests). */
async function listen(fetch: Fetcher, port: number, hostname?: string): Promise<Listener> {
  const bun = (
    globalThis as {
      Bun?: { serve: (o: BunServeOptions) => { port: number; stop: (force: boolean) => void } };
    }
  ).Bun;
  if (bun) {
    // idleTimeout 0: server-sent event streams stay open between keep-alives
    const server = bun.serve({
      port,
      hostname,
      idleTimeout: 0,
      // Bun knows the peer only for the Request object it created, and the gateway hands each
      // function a copy: the env binds the address to this connection, in the shape that
      // hono/bun's getConnInfo reads (functions/lib/client-address.ts).
      fetch: (req, srv) => fetch(req, { requestIP: () => srv.requestIP(req) }),
    });
    return { port: server.port, close: async () => server.stop(true) };
  }
  const { serve } = await import("@hono/node-server");
  const server = serve({ fetch, port, hostname, serverOptions: { maxHeaderSize: SERVER_MAX_HEADER_BYTES } });
  server.on("clientError", (err: NodeJS.ErrnoException, socket: import("node:stream").Duplex) => {
    if (!socket.writable) return socket.destroy();
    if (err.code === "HPE_HEADER_OVERFLOW") socket.end(HEADER_OVERFLOW);
    else if (err.code === "ERR_HTTP_REQUEST_TIMEOUT")
      socket.end("HTTP/1.1 408 Request Timeout\r\nconnection: close\r\n\r\n");
    else socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
  });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/**
 * Starts FinTrack: one function (FUNCTION=auth, as in a Knative pod), the gateway alone
 * (FUNCTION=gateway, forwarding to the functions' Services), or — by default — every
 * function, the gateway and the web app on one port.
 *
 * The port opens first, before any application code is loaded: liveness (/health) answers at
 * once while the rest boots, and every other request waits for it, so a cold start costs a
 * process start. `/ready` answers once the database is reachable.
 */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const env = opts.env ?? process.env;
  const mode = env.FUNCTION || "all";
  const liveness = mode === "all" || mode === "gateway" ? "/api/health" : `/api/${mode}/health`;
  const livenessBody = JSON.stringify({ status: "ok", function: mode === "all" ? "gateway" : mode });
  let booted: Booted | undefined;
  // requests that arrive while the application code is still loading wait for it
  let handOver: (handler: Promise<Fetcher>) => void = () => {};
  const handler = new Promise<Fetcher>((resolve) => {
    handOver = (h) => resolve(h);
  });
  const fetch: Fetcher = async (req, conn) => {
    if (new URL(req.url).pathname === liveness) {
      return new Response(livenessBody, { headers: { "content-type": "application/json" } });
    }
    return (await handler)(req, conn);
  };

  const rawPort = opts.port ?? (env.PORT ? Number(env.PORT) : 3000);
  if (!Number.isInteger(rawPort)) {
    // let the config say what is wrong with PORT
    const { loadConfig } = await import("./lib/config");
    loadConfig(env);
  }
  const server = await listen(fetch, rawPort, opts.hostname);
  try {
    const { boot } = await import("./boot");
    booted = boot({ env, db: opts.db, web: opts.web, brokerTimeScale: opts.brokerTimeScale });
    handOver(booted.handler);
  } catch (err) {
    await server.close();
    throw err;
  }
  const url = `http://localhost:${server.port}`;
  booted.log.info({ url, mode }, "FinTrack listening");
  const running = booted;
  return {
    url,
    port: server.port,
    runtime: running.runtime,
    async close() {
      await server.close();
      await running.close();
    },
  };
}

// Run directly (bun functions/serve.ts): start, and stop cleanly on SIGTERM (Knative scale-down).
if (import.meta.main) {
  const server = await startServer().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
  // one plain line for whoever started it by hand; the cluster reads the JSON log instead
  if ((process.env.FUNCTION || "all") === "all") {
    const where = process.env.DATABASE_URL
      ? "PostgreSQL"
      : `embedded database in ${process.env.DATA_DIR || "./data"}`;
    console.log(
      `FinTrack is running: open ${process.env.PUBLIC_URL || server.url} (${where}; Ctrl+C stops it)`,
    );
  }
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      server.close().finally(() => process.exit(0));
    });
  }
}
