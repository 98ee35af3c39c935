/**
 * The bell across replicas: 500 concurrent SSE clients (tabs of both members) split over two
 * instances of every function on one database. Each round commits one notification for one
 * member through instance A (as its event consumer does) and times, for each of that member's
 * tabs on both instances, how long after the COMMIT returned its `unread` count arrived
 * (LISTEN/NOTIFY fan-out + the stream's re-read + HTTP). Also the server process's memory per
 * open stream (RSS and JS heap after GC and after one warm-up open/close of every stream; the
 * clients run in a child process). Percentiles,
 * not a timed test. Goals: p95 commit-to-badge < 250 ms, < 50 KB per connection.
 *
 *   bun bench/notifications/sse.ts [--clients 500] [--rounds 20] [--engine postgres|pglite]
 *     [--pg-url postgres://postgres@127.0.0.1:5432/test] [--json]
 */
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { type DbHandle, openDatabase, rows } from "@fintrack/db";
import { sql } from "drizzle-orm";
import { createGateway } from "../../functions/gateway/app";
import { loadConfig } from "../../functions/lib/config";
import { createLogger } from "../../functions/lib/logger";
import { insertNotifications } from "../../functions/notifications/service";
import { createRuntime, type Runtime } from "../../functions/runtime";
import { OWNER, PARTNER, TestClient } from "../../functions/testing";
import { type Engine, openBenchDb } from "../ledger/fintrack";
import { mark, ms, summarize, table, writeResults } from "../lib/stats";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const CLIENTS = Math.max(2, Number(opt("clients", "500")));
const ROUNDS = Math.max(5, Number(opt("rounds", "20")));
const ENGINE = opt("engine", "postgres") as Engine;
const PG_URL = opt("pg-url", process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
/** gateway: streams pass the gateway as in one-process mode; function: straight to notifications, as a pod behind the cluster's gateway. */
const VIA = opt("via", "gateway") as "gateway" | "function";
const GOAL_P95_MS = 250;
const GOAL_BYTES = 50 * 1024;

/** The few Bun APIs used here (no @types/bun in the workspace). */
interface BunApi {
  serve(o: {
    port: number;
    hostname: string;
    idleTimeout: number;
    fetch: (req: Request) => Response | Promise<Response>;
  }): { port: number; stop(force: boolean): void };
  gc(force: boolean): void;
  spawn(
    cmd: string[],
    o: { stdin: Blob; stdout: "pipe"; stderr: "inherit"; env: Record<string, string | undefined> },
  ): { stdout: ReadableStream<BufferSource>; kill(): void; exited: Promise<number> };
}
const bun = (globalThis as { Bun?: BunApi }).Bun;
if (!bun) throw new Error("run with bun: bun bench/notifications/sse.ts");

interface Instance {
  runtime: Runtime;
  url: string;
  /** The gateway in-process (set-up requests; the streams go over HTTP). */
  fetch: (req: Request) => Promise<Response>;
  stop(): void;
}

async function instance(handle: DbHandle, config: ReturnType<typeof loadConfig>): Promise<Instance> {
  const log = createLogger(config.LOG_LEVEL);
  const runtime = await createRuntime({
    db: handle.db,
    listen: handle.listen,
    config,
    log,
    brokerTimeScale: 0.01,
  });
  const gateway = createGateway({
    config,
    log,
    functions: [...runtime.modules.values()].map((m) => m.meta),
    route: (name) => (req) => runtime.modules.get(name)!.app.fetch(req),
    rateLimitPerMinute: 1_000_000_000,
  });
  const server = bun!.serve({
    port: 0,
    hostname: "127.0.0.1",
    idleTimeout: 0,
    fetch: (req) => gateway.fetch(req),
  });
  return {
    runtime,
    url: `http://127.0.0.1:${server.port}`,
    fetch: async (req) => gateway.fetch(req),
    stop: () => server.stop(true),
  };
}

function memory() {
  bun!.gc(true);
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external };
}

type Line = { c?: number; u?: number; t?: number; ready?: number };

/** Starts the client process on `plan`; `next` resolves with the first line that matches. */
function clients(plan: { url: string; cookie: string }[]) {
  const child = bun!.spawn(["bun", fileURLToPath(new URL("./sse-clients.ts", import.meta.url))], {
    stdin: new Blob([JSON.stringify(plan)]),
    stdout: "pipe",
    stderr: "inherit",
    env: { ...process.env, BUN_CONFIG_MAX_HTTP_REQUESTS: String(plan.length + 64) },
  });
  const waiters: ((line: Line) => void)[] = [];
  (async () => {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let cut = buffer.indexOf("\n");
      while (cut >= 0) {
        const line = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 1);
        cut = buffer.indexOf("\n");
        if (line.trim()) for (const w of [...waiters]) w(JSON.parse(line));
      }
    }
  })();
  const next = (match: (l: Line) => boolean, timeoutMs = 30_000) =>
    new Promise<Line>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timed out waiting for the clients")), timeoutMs);
      const w = (l: Line) => {
        if (!match(l)) return;
        clearTimeout(timer);
        waiters.splice(waiters.indexOf(w), 1);
        resolve(l);
      };
      waiters.push(w);
    });
  return { child, waiters, next };
}

/**
 * Opens every stream of `plan` once and closes them: what setting a connection up allocates and
 * frees (token checks, queries, routing) grows the heap once; measuring after this warm-up
 * counts what an open stream keeps, not the allocator's high-water mark.
 */
async function warmUp(plan: { url: string; cookie: string }[]): Promise<number> {
  const before = memory();
  const run = clients(plan);
  await run.next((l) => l.ready === plan.length, 120_000);
  await new Promise((r) => setTimeout(r, 500));
  const cold = (memory().rss - before.rss) / plan.length;
  run.child.kill();
  await run.child.exited;
  await new Promise((r) => setTimeout(r, 500));
  return cold;
}

/** The floor: RSS per open stream of a bare Bun.serve SSE endpoint with the same clients. */
async function bareBaseline(n: number): Promise<{ cold: number; warm: number }> {
  const enc = new TextEncoder();
  const server = bun!.serve({
    port: 0,
    hostname: "127.0.0.1",
    idleTimeout: 0,
    fetch: () =>
      new Response(
        new ReadableStream({
          start: (c) => c.enqueue(enc.encode('event: unread\ndata: {"unread":0}\n\n')),
        }),
        { headers: { "content-type": "text/event-stream" } },
      ),
  });
  const barePlan = Array.from({ length: n }, () => ({ url: `http://127.0.0.1:${server.port}/`, cookie: "" }));
  const bareCold = await warmUp(barePlan);
  const before = memory();
  const run = clients(barePlan);
  await run.next((l) => l.ready === n, 120_000);
  await new Promise((r) => setTimeout(r, 500));
  const after = memory();
  run.child.kill();
  await run.child.exited;
  server.stop(true);
  return { cold: bareCold, warm: (after.rss - before.rss) / n };
}

async function main() {
  const bareRss = await bareBaseline(CLIENTS);
  const bdb = await openBenchDb(ENGINE, "sse", PG_URL);
  // instance B: its own connection pool on PostgreSQL, as another pod has; PGlite has one
  const url =
    ENGINE === "postgres"
      ? (await rows<{ u: string }>(bdb.handle.db, sql`select current_database() as u`))[0]!.u
      : "";
  const handleB =
    ENGINE === "postgres"
      ? await openDatabase({
          url: Object.assign(new URL(PG_URL), { pathname: `/${url}` }).toString(),
          max: 10,
        })
      : bdb.handle;
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    JWT_SECRET_KEY: "bench-sse-secret-0123456789abcdef0123456789",
  });
  const a = await instance(bdb.handle, config);
  const b = await instance(handleB, config);

  const owner = new TestClient(a.fetch);
  const reg = await owner.post("/api/auth/register", OWNER);
  if (reg.status !== 201) throw new Error(`register: ${JSON.stringify(reg.data)}`);
  const invite = await owner.post("/api/auth/invites");
  const partner = new TestClient(a.fetch);
  const joined = await partner.post("/api/auth/register", { ...PARTNER, inviteCode: invite.data.code });
  if (joined.status !== 201) throw new Error(`partner: ${JSON.stringify(joined.data)}`);
  await a.runtime.settle();
  await owner.post("/api/notifications/read-all");
  const householdId = reg.data.user.householdId as string;
  const members = [
    { id: reg.data.user.id as string, client: owner },
    { id: joined.data.user.id as string, client: partner },
  ];
  const cookie = (c: TestClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

  // client i: member i % 2, instance (i >> 1) % 2 — each member has tabs on both instances
  const plan = Array.from({ length: CLIENTS }, (_, i) => ({
    url: `${((i >> 1) % 2 === 0 ? a : b).url}/api/notifications/stream`,
    cookie: cookie(members[i % 2]!.client),
  }));

  const coldRss = await warmUp(plan);
  const before = memory();
  const { child, waiters, next } = clients(plan);
  const opened = performance.now();
  await next((l) => l.ready === CLIENTS, 120_000);
  const openMs = performance.now() - opened;
  await new Promise((r) => setTimeout(r, 500));
  const during = memory();
  const streamsOpen = [a, b].map(
    (x) => (x.runtime.modules.get("notifications") as unknown as { hub: { streams: number } }).hub.streams,
  );

  const latencies: number[] = [];
  const rounds: { member: number; p50: number; p95: number; max: number }[] = [];
  const unread = [0, 0];
  for (let r = 0; r < ROUNDS; r++) {
    const m = r % 2;
    const tabs = plan.map((_, i) => i).filter((i) => i % 2 === m);
    const expected = unread[m]! + 1;
    const seen = new Map<number, number>();
    const all = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`round ${r}: ${seen.size}/${tabs.length} tabs updated`)),
        30_000,
      );
      const w = (l: Line) => {
        if (l.c === undefined || l.c % 2 !== m || l.u !== expected) return;
        seen.set(l.c, l.t!);
        if (seen.size === tabs.length) {
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(w), 1);
          resolve();
        }
      };
      waiters.push(w);
    });
    await bdb.handle.db.transaction((tx) =>
      insertNotifications(tx, householdId, [
        {
          householdId,
          userId: members[m]!.id,
          type: "bill.due",
          title: `Bench ${r}`,
          sourceEventId: `bench-${r}`,
        },
      ]),
    );
    const committed = performance.timeOrigin + performance.now();
    await all;
    unread[m] = expected;
    const round = [...seen.values()].map((t) => t - committed);
    latencies.push(...round);
    const s = summarize(round);
    rounds.push({ member: m, p50: s.p50, p95: s.p95, max: s.max });
    await new Promise((res) => setTimeout(res, 100));
  }

  const lat = summarize(latencies);
  const perConnRss = (during.rss - before.rss) / CLIENTS;
  const perConnHeap = (during.heap - before.heap) / CLIENTS;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(
    `SSE fan-out: ${CLIENTS} clients (2 members, tabs on 2 instances), ${ENGINE}, via ${VIA}, ${ROUNDS} rounds; ` +
      `${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)}; streams open per instance: ${streamsOpen.join(" + ")}; ` +
      `all open and counted in ${ms(openMs)} ms`,
  );
  console.log(
    table(
      ["measure", "value", "goal", ""],
      [
        ["commit-to-badge p50", `${ms(lat.p50)} ms`, "", ""],
        ["commit-to-badge p95", `${ms(lat.p95)} ms`, `< ${GOAL_P95_MS} ms`, mark(lat.p95 < GOAL_P95_MS)],
        ["commit-to-badge max", `${ms(lat.max)} ms`, "", ""],
        ["samples (tab updates)", String(lat.n), "", ""],
        ["RSS per connection, first open", kb(coldRss), "< 50 KB", mark(coldRss < GOAL_BYTES)],
        ["  bare Bun SSE stream", kb(bareRss.cold), "", ""],
        ["RSS per connection, reopened", kb(perConnRss), "< 50 KB", mark(perConnRss < GOAL_BYTES)],
        ["  bare Bun SSE stream", kb(bareRss.warm), "", ""],
        ["JS heap per connection", kb(perConnHeap), "", ""],
      ],
    ),
  );
  if (args.includes("--json")) {
    console.log(
      await writeResults("sse", {
        ENGINE,
        VIA,
        CLIENTS,
        ROUNDS,
        lat,
        rounds,
        perConnRss,
        perConnHeap,
        bareRss,
        openMs,
      }),
    );
  }
  child.kill();
  await child.exited;
  a.stop();
  b.stop();
  await a.runtime.close();
  await b.runtime.close();
  if (handleB !== bdb.handle) await handleB.close();
  await bdb.close();
}

await main();
process.exit(0);
