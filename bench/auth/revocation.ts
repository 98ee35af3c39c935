/**
 * What checking the session on every request costs: p50/p95 of an authenticated list request
 * (GET /api/transactions, 50 transactions) through the gateway, with the session guard every
 * function now runs (cache ≤ 750 ms + LISTEN session_revoked), with the signature check alone
 * (what functions did before), and with a guard that caches nothing (a query per request, for
 * context). Three runtimes on one database, sampled in rotation so load hits them alike; on
 * PGlite and on PostgreSQL. Percentiles, not a timed test.
 *
 *   bun bench/auth/revocation.ts [--samples 2000] [--warmup 200] [--engines pglite,postgres]
 *     [--pg-url postgres://postgres@127.0.0.1:5432/test] [--json]
 */
import { cpus, loadavg } from "node:os";
import { createGateway } from "../../functions/gateway/app";
import { loadConfig } from "../../functions/lib/config";
import { createLogger } from "../../functions/lib/logger";
import { loadSession, SessionGuard } from "../../functions/lib/session-guard";
import type { AccessClaims } from "../../functions/lib/tokens";
import { createRuntime, type Runtime } from "../../functions/runtime";
import { OWNER, TestClient } from "../../functions/testing";
import { type Engine, openBenchDb } from "../ledger/fintrack";
import { ms, type Summary, summarize, table, writeResults } from "../lib/stats";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const SAMPLES = Math.max(200, Number(opt("samples", "2000")));
const WARMUP = Number(opt("warmup", "200"));
const ENGINES = opt("engines", "pglite,postgres").split(",") as Engine[];
const PG_URL = opt("pg-url", process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");

/** The functions as they were: a valid signature was enough. */
class SignatureOnly extends SessionGuard {
  override async check(_claims: AccessClaims) {
    return true;
  }
}

type Variant = "signature only" | "guard" | "guard, no cache";
const VARIANTS: Variant[] = ["signature only", "guard", "guard, no cache"];

async function run(engine: Engine) {
  const bdb = await openBenchDb(engine, "revocation", PG_URL);
  const { db, listen } = bdb.handle;
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    JWT_SECRET_KEY: "bench-revocation-secret-0123456789abcdef",
  });
  const log = createLogger(config.LOG_LEVEL);
  const guards: Record<Variant, SessionGuard> = {
    "signature only": new SignatureOnly({ load: loadSession(db) }),
    guard: new SessionGuard({ load: loadSession(db), listen, log }),
    "guard, no cache": new SessionGuard({ load: loadSession(db), activeTtlMs: 0 }),
  };
  const runtimes: Runtime[] = [];
  const fetchers = {} as Record<Variant, (req: Request) => Promise<Response>>;
  for (const v of VARIANTS) {
    await guards[v].start();
    const rt = await createRuntime({ db, config, log, sessions: guards[v], brokerTimeScale: 0.01 });
    runtimes.push(rt);
    const gateway = createGateway({
      config,
      log,
      functions: [...rt.modules.values()].map((m) => m.meta),
      route: (name) => (req) => rt.modules.get(name)!.app.fetch(req),
      rateLimitPerMinute: 1_000_000_000,
    });
    fetchers[v] = async (req) => gateway.fetch(req);
  }

  const owner = new TestClient(fetchers.guard);
  if ((await owner.post("/api/auth/register", OWNER)).status !== 201) throw new Error("register failed");
  const acct = await owner.post("/api/accounts", {
    name: "Savings",
    kind: "bank",
    openingBalance: "100000",
    openingDate: "2025-01-01",
  });
  const cats = await owner.get("/api/transactions/categories");
  const categoryId = cats.data.items.find((c: { kind: string }) => c.kind === "expense").id;
  for (let i = 0; i < 50; i++) {
    const r = await owner.post("/api/transactions", {
      type: "expense",
      date: `2025-02-${String((i % 28) + 1).padStart(2, "0")}`,
      amount: String(100 + i),
      accountId: acct.data.id,
      categoryId,
    });
    if (r.status !== 201) throw new Error(`seed failed: ${JSON.stringify(r.data)}`);
  }
  const cookie = `ft_at=${owner.cookies.get("ft_at")}`;
  const request = async (v: Variant) => {
    const res = await fetchers[v](new Request("http://localhost/api/transactions", { headers: { cookie } }));
    if (res.status !== 200) throw new Error(`${v}: HTTP ${res.status}`);
    await res.text();
  };

  const samples: Record<Variant, number[]> = { "signature only": [], guard: [], "guard, no cache": [] };
  for (let i = 0; i < WARMUP; i++) for (const v of VARIANTS) await request(v);
  for (let i = 0; i < SAMPLES; i++) {
    // rotate the order so no variant always runs right after another's query
    for (let k = 0; k < VARIANTS.length; k++) {
      const v = VARIANTS[(i + k) % VARIANTS.length]!;
      const started = performance.now();
      await request(v);
      samples[v].push(performance.now() - started);
    }
  }
  for (const rt of runtimes) {
    await rt.settle();
    await rt.close();
  }
  for (const g of Object.values(guards)) await g.stop();
  await bdb.close();
  return Object.fromEntries(VARIANTS.map((v) => [v, summarize(samples[v])])) as Record<Variant, Summary>;
}

const loadBefore = loadavg()[0]!.toFixed(2);
console.log(
  `session guard cost: GET /api/transactions (50 rows) through the gateway, ${SAMPLES} samples each, ${cpus().length} cores, load ${loadBefore}`,
);
const results: Record<string, Record<Variant, Summary>> = {};
for (const engine of ENGINES) {
  results[engine] = await run(engine);
  const r = results[engine];
  const base = r["signature only"];
  console.log(`\n${engine}`);
  console.log(
    table(
      ["", "p50 ms", "p95 ms", "added p50", "added p95"],
      VARIANTS.map((v) => [
        v,
        ms(r[v].p50),
        ms(r[v].p95),
        v === "signature only" ? "" : ms(r[v].p50 - base.p50),
        v === "signature only" ? "" : ms(r[v].p95 - base.p95),
      ]),
    ),
  );
}
console.log(`\nload average after: ${loadavg()[0]!.toFixed(2)}`);
if (args.includes("--json")) console.log(`written: ${await writeResults("revocation", results)}`);
