/**
 * Cold start: process spawn → first HTTP 200, for every function in single-function mode
 * (FUNCTION=<name> bun functions/serve.ts, as in a Knative pod) and the gateway, as a ratio to
 * a bare node:http hello-world measured the same way in the same run.
 *
 * Each spawn is polled on its liveness route (/api/<name>/health) and then on its readiness
 * route (/api/<name>/ready: the database answers), so one spawn yields both figures. serve.ts
 * opens the port before the database is ready, so "health" is a process start and "ready" is
 * the honest time to the first useful answer. Every function is measured on the real
 * PostgreSQL (DATABASE_URL) and on embedded PGlite in a temp DATA_DIR; each database is
 * migrated by one untimed start first, so the timed runs are restarts, as a scale-from-zero is.
 *
 * For context it also starts each function from a `bun build` bundle of serve.ts (liveness
 * only: the bundle moves the files that migrations and the web app are read from), which shows
 * what parsing and resolving the module graph costs at start.
 *
 *   bun bench/cold-start/index.ts [--runs 10] [--only auth,gateway] [--no-bundle] [--json] [--pg-url postgres://…]
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { functionNames } from "../../functions/registry";
import { mark, ms, ratio, type Summary, summarize, table, writeResults } from "../lib/stats";

const root = fileURLToPath(new URL("../..", import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Math.max(10, Number(flag("runs") ?? 10));
const ONLY = flag("only")?.split(",");
const PG_URL = flag("pg-url") ?? process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const TIMEOUT_MS = 30_000;
const GOAL = 3;

const bunBin = process.execPath.includes("bun") ? process.execPath : "bun";
const nodeBin = "node";
const serveTs = join(root, "functions/serve.ts");
const bareServer = join(root, "bench/cold-start/bare-server.mjs");

interface Target {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  health: string;
  ready?: string;
  /** Baseline rows are what every other row is divided by. */
  role: "baseline" | "context" | "function";
  db?: "postgres" | "pglite" | "none";
}

interface RunResult {
  healthMs: number;
  readyMs?: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `url` every ~2 ms until it answers 200; returns ms since `t0`. */
async function firstOk(url: string, t0: number, child: ChildProcess): Promise<number> {
  const until = t0 + TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - t0;
    } catch {
      // not listening yet
    }
    if (performance.now() > until) throw new Error(`${url} did not answer 200 within ${TIMEOUT_MS} ms`);
    await sleep(2);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const killed = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
  if (!killed) {
    child.kill("SIGKILL");
    await exited;
  }
}

async function runOnce(t: Target): Promise<RunResult> {
  const port = await freePort();
  const stderr: string[] = [];
  const t0 = performance.now();
  const child = spawn(t.command, t.args, {
    cwd: root,
    env: { ...t.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (d: Buffer) => stderr.push(d.toString()));
  try {
    const base = `http://127.0.0.1:${port}`;
    const healthMs = await firstOk(base + t.health, t0, child);
    const readyMs = t.ready ? await firstOk(base + t.ready, t0, child) : undefined;
    return { healthMs, readyMs };
  } catch (err) {
    throw new Error(`${t.label}: ${(err as Error).message}\n${stderr.join("").slice(-2000)}`);
  } finally {
    await stop(child);
  }
}

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  // The children get a clean environment: PATH and HOME, and what each target sets.
  for (const k of ["PATH", "HOME", "TMPDIR", "LANG"]) if (process.env[k]) env[k] = process.env[k]!;
  return env;
}

async function main() {
  const scratch = `fintrack_bench_cold_${process.pid}`;
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${scratch}`);
  const pgUrl = new URL(PG_URL);
  pgUrl.pathname = `/${scratch}`;
  const dataDirs: string[] = [];
  try {
    await measure(pgUrl.toString(), dataDirs);
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin.end();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    rmSync(join(root, "bench/results/cold-start-bundle"), { recursive: true, force: true });
  }
}

async function measure(pgUrl: string, dataDirs: string[]) {
  const fnEnv = (db: "postgres" | "pglite", name: string) => {
    const env: Record<string, string> = {
      ...baseEnv(),
      FUNCTION: name,
      LOG_LEVEL: "silent",
      NODE_ENV: "production",
      JWT_SECRET_KEY: "bench-cold-start-secret-0123456789abcdef",
      // as in a Knative pod: events go to the Broker's ingress, not to an in-process broker
      K_SINK: "http://127.0.0.1:9/",
    };
    if (db === "postgres") env.DATABASE_URL = pgUrl;
    else {
      const dir = mkdtempSync(join(tmpdir(), `fintrack-cold-${name}-`));
      dataDirs.push(dir);
      env.DATA_DIR = dir;
    }
    return env;
  };

  const targets: Target[] = [
    {
      label: "node:http hello (node)",
      command: nodeBin,
      args: [bareServer],
      env: baseEnv(),
      health: "/",
      role: "baseline",
    },
    {
      label: "node:http hello (bun)",
      command: bunBin,
      args: [bareServer],
      env: baseEnv(),
      health: "/",
      role: "context",
    },
  ];
  const names = (ONLY ?? [...functionNames, "gateway"]).filter((n) => n !== "gateway");
  for (const db of ["postgres", "pglite"] as const) {
    for (const name of names) {
      targets.push({
        label: `${name} (${db})`,
        command: bunBin,
        args: [serveTs],
        env: fnEnv(db, name),
        health: `/api/${name}/health`,
        ready: `/api/${name}/ready`,
        role: "function",
        db,
      });
    }
  }
  if (!args.includes("--no-bundle")) {
    const outdir = join(root, "bench/results/cold-start-bundle");
    mkdirSync(outdir, { recursive: true });
    const built = spawnSync(
      bunBin,
      [
        "build",
        serveTs,
        "--target=bun",
        "--outdir",
        outdir,
        "--external",
        "@electric-sql/pglite",
        "--external",
        "postgres",
      ],
      { encoding: "utf8" },
    );
    if (built.status !== 0) throw new Error(`bun build failed: ${built.stderr}`);
    for (const name of names) {
      targets.push({
        label: `${name} (bun build bundle)`,
        command: bunBin,
        args: [join(outdir, "serve.js")],
        env: fnEnv("pglite", name),
        health: `/api/${name}/health`,
        role: "context",
        db: "none",
      });
    }
  }
  if (!ONLY || ONLY.includes("gateway")) {
    targets.push({
      label: "gateway (+ web app)",
      command: bunBin,
      args: [serveTs],
      env: {
        ...baseEnv(),
        FUNCTION: "gateway",
        FUNCTION_URL_TEMPLATE: "http://127.0.0.1:9/{name}",
        LOG_LEVEL: "silent",
        NODE_ENV: "production",
        JWT_SECRET_KEY: "bench-cold-start-secret-0123456789abcdef",
      },
      health: "/api/health",
      ready: "/api/ready",
      role: "function",
    });
  }

  const load = () => loadavg()[0]!.toFixed(2);
  const loadBefore = load();
  // Untimed: warms the OS file cache and migrates each database once.
  process.stdout.write(`priming ${targets.length} targets…`);
  for (const t of targets) await runOnce(t);
  process.stdout.write(` done. ${RUNS} runs each, interleaved:\n`);

  const results = new Map<Target, RunResult[]>(targets.map((t) => [t, []]));
  const failures = new Map<Target, string[]>(targets.map((t) => [t, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const t of targets) {
      try {
        results.get(t)!.push(await runOnce(t));
      } catch (err) {
        // one slow start on a busy machine is a data point to report, not a reason to stop
        failures.get(t)!.push((err as Error).message.split("\n")[0]!);
      }
    }
    process.stdout.write(`  run ${run + 1}/${RUNS}\r`);
  }
  process.stdout.write("\n\n");

  const health = new Map<Target, Summary>();
  const ready = new Map<Target, Summary>();
  for (const [t, rs] of results) {
    health.set(t, summarize(rs.map((r) => r.healthMs)));
    if (t.ready) ready.set(t, summarize(rs.map((r) => r.readyMs!)));
  }
  const baseline = health.get(targets[0]!)!;

  const rows = targets.map((t) => {
    const h = health.get(t)!;
    const r = ready.get(t);
    const verdict =
      t.role === "function" ? mark(h.p50 / baseline.p50 <= GOAL && h.p95 / baseline.p95 <= GOAL) : "";
    return [
      t.label,
      ms(h.p50),
      ms(h.p95),
      ratio(h.p50, baseline.p50),
      ratio(h.p95, baseline.p95),
      verdict,
      r ? ms(r.p50) : "",
      r ? ms(r.p95) : "",
      r ? ratio(r.p50, baseline.p50) : "",
      failures.get(t)!.length ? String(failures.get(t)!.length) : "",
    ];
  });
  console.log(
    `Cold start: spawn → first HTTP 200, ms (n=${RUNS} each; ratios to the bare node:http server; goal health ≤ ${GOAL}×)`,
  );
  console.log(
    table(
      [
        "target",
        "health p50",
        "p95",
        "÷bare p50",
        "÷bare p95",
        "goal",
        "ready p50",
        "p95",
        "÷bare p50",
        "failed",
      ],
      rows,
    ),
  );
  const loadAfter = load();
  for (const [t, fs] of failures) for (const f of fs) console.log(`failed: ${t.label}: ${f}`);
  const busy = Math.max(Number(loadBefore), Number(loadAfter)) > cpus().length;
  console.log(
    `\nload average ${loadBefore} → ${loadAfter} on ${cpus().length} cores${busy ? " — the machine was busy: absolute times are inflated, ratios less so" : ""}`,
  );
  console.log(
    "health: liveness, answered before the database is open (serve.ts); ready: SELECT 1 answered." +
      "\nThe gateway's /api/ready does not touch a database; its start includes loading the web app." +
      "\nDatabases were migrated by the untimed priming start: ready is a restart, as a Knative scale-from-zero.",
  );

  if (args.includes("--json")) {
    const file = await writeResults("cold-start", {
      at: new Date().toISOString(),
      runs: RUNS,
      loadAverage: { before: loadBefore, after: loadAfter },
      bun: (globalThis as { Bun?: { version: string } }).Bun?.version,
      node: process.versions.node,
      targets: targets.map((t) => ({
        label: t.label,
        role: t.role,
        db: t.db,
        health: health.get(t),
        ready: ready.get(t),
        healthRatioP50: health.get(t)!.p50 / baseline.p50,
        healthRatioP95: health.get(t)!.p95 / baseline.p95,
        samples: results.get(t),
        failures: failures.get(t),
      })),
    });
    console.log(`\nJSON: ${file}`);
  }
}

await main();
