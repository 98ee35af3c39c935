import type { DbHandle } from "@fintrack/db";
import { openTestDatabase } from "@fintrack/db/testing";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { createGateway } from "./gateway/app";
import { type Config, testConfig } from "./lib/config";
import { createLogger, type Logger } from "./lib/logger";
import { type FunctionName, functionNames } from "./registry";
import { createRuntime, type Runtime } from "./runtime";

export const ORIGIN = "http://localhost";
/** Where test clients connect from unless they say otherwise: a browser on this machine. */
export const DEFAULT_PEER = "127.0.0.1";

/**
 * The connection env that @hono/node-server hands to `app.fetch` for a socket from `address`:
 * tests reach the gateway without a real socket, so this is how they say who is connecting.
 */
export function connectionFrom(address: string): object {
  const remoteFamily = address.includes(":") ? "IPv6" : "IPv4";
  return { incoming: { socket: { remoteAddress: address, remotePort: 40000, remoteFamily } } };
}

/**
 * Every function plus the gateway on a fresh migrated database (PGlite, or a new database on
 * TEST_DATABASE_URL), reached through real HTTP semantics with `app.request`.
 */
export interface TestAppOptions {
  only?: FunctionName[];
  config?: Config;
  /** The gateway's per-client limit; sweeps that send thousands of requests raise it. */
  rateLimitPerMinute?: number;
  /** A database another app already opened (a second "process" on it); closed by its owner. */
  handle?: DbHandle;
  /** false: no LISTEN for session revocations, as when notifications are lost. */
  listen?: boolean;
  /** The logger every function and the gateway write to (a test that reads the logs passes its own). */
  log?: Logger;
}

export async function startTestApp(opts: TestAppOptions = {}) {
  const handle: DbHandle = opts.handle ?? (await openTestDatabase());
  const config = opts.config ?? testConfig();
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const runtime: Runtime = await createRuntime({
    db: handle.db,
    listen: opts.listen === false ? undefined : handle.listen,
    config,
    log,
    only: opts.only ?? functionNames,
    brokerTimeScale: 0.01,
  });
  const gateway = createGateway({
    config,
    log,
    functions: [...runtime.modules.values()].map((m) => m.meta),
    route: (name) => (req, env) => runtime.modules.get(name)!.app.fetch(req, env),
    rateLimitPerMinute: opts.rateLimitPerMinute,
  });
  const fetcher = async (req: Request, env: object = connectionFrom(DEFAULT_PEER)) => gateway.fetch(req, env);
  return {
    db: handle.db,
    handle,
    config,
    runtime,
    fetch: fetcher,
    /** A browser-like client; `peer` is the address its connection comes from. */
    client: (o: { peer?: string } = {}) =>
      new TestClient((req) => fetcher(req, connectionFrom(o.peer ?? DEFAULT_PEER))),
    async close() {
      await runtime.close();
      if (!opts.handle) await handle.close();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/**
 * The test file's app: a fresh one for every test (`"per test"`) or one shared by the whole
 * file (`"per file"`), started before and closed after. The app returned always reaches the
 * one running now, so tests and hooks use it as they would a started app.
 */
export function useTestApp(fresh: "per test" | "per file" = "per test", opts: TestAppOptions = {}): TestApp {
  let running: TestApp | undefined;
  const [before, after] = fresh === "per test" ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    running = await startTestApp(opts);
  });
  after(async () => {
    await running?.close();
    running = undefined;
  });
  return new Proxy({} as TestApp, {
    get(_, key) {
      if (!running) throw new Error("the test app runs only inside tests and hooks");
      return Reflect.get(running, key);
    },
  });
}

/** A browser-like client: keeps cookies, sends Origin on writes, parses JSON. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  constructor(private readonly fetcher: (req: Request) => Promise<Response>) {}

  async request(path: string, init: RequestInit & { json?: unknown } = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size && !headers.has("cookie")) {
      headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const method = init.method ?? (init.json !== undefined ? "POST" : "GET");
    if (method !== "GET" && !headers.has("origin")) headers.set("origin", ORIGIN);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    const res = await this.fetcher(new Request(`${ORIGIN}${path}`, { ...init, method, headers, body }));
    for (const cookie of res.headers.getSetCookie()) {
      const [pair, ...attrs] = cookie.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim())) || value === "";
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    const text = await res.text();
    let data: any = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = text;
    }
    return { status: res.status, headers: res.headers, data };
  }

  get = (path: string) => this.request(path);
  post = (path: string, json?: unknown) => this.request(path, { method: "POST", json: json ?? {} });
  delete = (path: string) => this.request(path, { method: "DELETE" });
}

export const OWNER = { email: "ana@example.ph", password: "correct horse battery", name: "Ana" };
export const PARTNER = { email: "ben@example.ph", password: "another long secret", name: "Ben" };

/** Owner registers, invites, partner joins: the household every ledger test starts from. */
export async function householdOfTwo(app: TestApp) {
  const owner = app.client();
  const reg = await owner.post("/api/auth/register", OWNER);
  if (reg.status !== 201) throw new Error(`owner registration failed: ${JSON.stringify(reg.data)}`);
  const invite = await owner.post("/api/auth/invites");
  const partner = app.client();
  const joined = await partner.post("/api/auth/register", { ...PARTNER, inviteCode: invite.data.code });
  if (joined.status !== 201) throw new Error(`partner registration failed: ${JSON.stringify(joined.data)}`);
  return { owner, partner, ownerUser: reg.data.user, partnerUser: joined.data.user };
}
