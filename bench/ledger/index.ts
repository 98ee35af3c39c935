/**
 * Ledger benchmark: the reads a household does all day (first page of transactions, a
 * filtered list, account balances, the month summary) at 100,000 transactions over five years
 * and twelve accounts, as a ratio to the same reads at 1,000; a 10,000-row CSV import; and,
 * side by side, the same 20,000-transaction single-account workload in Actual Budget through
 * its official Node API. On embedded PGlite and on PostgreSQL, through the real HTTP handlers
 * (the gateway's fetch, in process). Percentiles, not timed tests: nothing here fails a build.
 *
 *   bun bench/ledger/index.ts [--size 100000] [--small 1000] [--samples 200] [--warmup 30]
 *     [--engines pglite,postgres] [--compare 20000] [--import 10000] [--no-actual] [--json]
 *     [--pg-url postgres://postgres@127.0.0.1:5432/test] [--only analytics]
 *
 * The analytics reads (functions/analytics) are measured beside them; `--only <text>` keeps the
 * reads whose name contains it (e.g. `--only analytics --no-actual --compare 0 --import 0`).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { mark, ms, ratio, type Summary, sample, summarize, table, writeResults } from "../lib/stats";
import {
  type BenchApp,
  type BenchDb,
  createAccounts,
  type Engine,
  expectOk,
  type Ledgerbook,
  openBenchDb,
  seedLedger,
  startBenchApp,
  verifyLedger,
} from "./fintrack";
import {
  addDays,
  CSV_MAPPING,
  EXPENSE_CATEGORIES,
  generateLedger,
  INCOME_CATEGORIES,
  monthsBefore,
  singleAccountLedger,
  toCsv,
} from "./workload";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const LARGE = Number(opt("size", "100000"));
const SMALL = Number(opt("small", "1000"));
const SAMPLES = Math.max(200, Number(opt("samples", "200")));
const WARMUP = Number(opt("warmup", "30"));
const ENGINES = opt("engines", "pglite,postgres").split(",") as Engine[];
const COMPARE = Number(opt("compare", "20000"));
const IMPORT_ROWS = Number(opt("import", "10000"));
const WITH_ACTUAL = !args.includes("--no-actual");
const ONLY = opt("only", "");
const PG_URL = opt("pg-url", process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");

const GOAL_SCALE = 2; // p95 at 100k ÷ p95 at 1k
const GOAL_ABS_MS = 10; // list pages and balances, p95
const GOAL_ANALYTICS_MS = 20; // analytics reads, p95
const GOAL_IMPORT_MS = 3000;
const GOAL_VS_ACTUAL_READS = 10;
const GOAL_VS_ACTUAL_INSERT = 40;

const benchDir = fileURLToPath(new URL("..", import.meta.url));
const manila = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Manila" }).format(new Date());
const TODAY = manila();
const FROM = addDays(TODAY, -(5 * 365 + 1));
const MONTH = monthsBefore(TODAY, 18); // a whole month in the middle of the ledger
const log = (msg: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

type Reads = Record<string, Summary>;

/** One request through the gateway with the owner's session; the body is read, not parsed. */
function reader(app: BenchApp) {
  const cookie = [...app.owner.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return async (path: string) => {
    const res = await app.fetch(new Request(`http://localhost${path}`, { headers: { cookie } }));
    const body = await res.arrayBuffer();
    if (res.status !== 200)
      throw new Error(`GET ${path}: HTTP ${res.status} ${new TextDecoder().decode(body)}`);
    return body;
  };
}

async function measureReads(app: BenchApp, queries: Record<string, string>): Promise<Reads> {
  const get = reader(app);
  const out: Reads = {};
  for (const [name, path] of Object.entries(queries)) {
    out[name] = summarize(await sample(() => get(path), { warmup: WARMUP, samples: SAMPLES }));
  }
  return out;
}

/** Preview + commit through the imports API, waiting until the batch completes; milliseconds. */
async function importCsv(app: BenchApp, csv: string, accountId: string, expectRows: number) {
  const started = performance.now();
  const form = new FormData();
  form.set("file", new File([csv], "bank-export.csv", { type: "text/csv" }));
  form.set("source", "csv");
  const preview = await expectOk(
    app.owner.request("/api/imports/preview", { method: "POST", body: form }),
    "import preview",
  );
  await expectOk(
    app.owner.post(`/api/imports/${preview.batchId}/commit`, {
      mapping: CSV_MAPPING,
      defaults: { accountId, type: "expense" },
      dateFormat: "YMD",
    }),
    "import commit",
  );
  for (;;) {
    const batch = await expectOk(app.owner.get(`/api/imports/${preview.batchId}`), "import status");
    if (batch.status === "completed") {
      const elapsed = performance.now() - started;
      if (batch.report?.unknownCategories?.length)
        throw new Error(`import: categories not found: ${batch.report.unknownCategories.join(", ")}`);
      if (batch.importedRows !== expectRows)
        throw new Error(
          `import: ${batch.importedRows} rows imported, expected ${expectRows}: ${JSON.stringify(batch)}`,
        );
      return elapsed;
    }
    if (batch.status === "failed") throw new Error(`import failed: ${JSON.stringify(batch)}`);
    if (performance.now() - started > 300_000) throw new Error("import did not finish in 5 minutes");
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface LedgerRun {
  size: number;
  seedMs: number;
  verified: string;
  reads: Reads;
  importMs?: number;
  importVerified?: string;
}

interface Household {
  db: BenchDb;
  app: BenchApp;
  book: Ledgerbook;
  run: LedgerRun;
  queries: Record<string, string>;
}

async function seededHousehold(engine: Engine, size: number): Promise<Household> {
  const db = await openBenchDb(engine, `${size}`, PG_URL);
  try {
    const app = await startBenchApp(db.handle.db);
    const book: Ledgerbook = await createAccounts(app, FROM);
    const seedMs = await seedLedger(app, book, generateLedger(size, FROM, TODAY));
    const verified = await verifyLedger(app, book, TODAY, MONTH);
    log(`${engine} ${size}: seeded in ${(seedMs / 1000).toFixed(1)} s; ${verified}`);
    const gcash = book.accounts.get("gcash")!.id;
    const food = book.categories.get("expense:Food & Dining")!;
    const queries: Record<string, string> = {
      "list: first page (50)": "/api/transactions",
      "list: 1 account + 6 months + category": `/api/transactions?accountId=${gcash}&from=${monthsBefore(TODAY, 24)}-01&to=${monthsBefore(TODAY, 18)}-28&categoryId=${food}`,
      "account balances (11)": "/api/accounts/balances",
      "month summary": `/api/transactions/summary?month=${MONTH}`,
      ...analyticsQueries(),
    };
    for (const name of Object.keys(queries)) {
      if (!name.includes(ONLY)) delete queries[name];
    }
    return { db, app, book, queries, run: { size, seedMs, verified, reads: {} } };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/**
 * What the Insights page asks for: every analytics route, on periods that read whole months
 * from the rollups and (custom) partly covered months from the rows.
 */
function analyticsQueries(): Record<string, string> {
  const year = MONTH.slice(0, 4);
  const quarter = `${year}-Q${Math.floor((Number(MONTH.slice(5, 7)) - 1) / 3) + 1}`;
  const custom = `${MONTH}-10..${monthsBefore(TODAY, 17)}-24`;
  return {
    "analytics: by category, month": `/api/analytics/categories?period=${MONTH}`,
    "analytics: by category, year": `/api/analytics/categories?period=${year}`,
    "analytics: by category, 45 days": `/api/analytics/categories?period=${custom}`,
    "analytics: trends (3 months)": `/api/analytics/trends?month=${MONTH}`,
    "analytics: income vs spending, 12 mo": "/api/analytics/cashflow",
    "analytics: by member, quarter": `/api/analytics/members?period=${quarter}`,
    "analytics: by account, year": `/api/analytics/accounts?period=${year}`,
    "analytics: top merchants, month": `/api/analytics/merchants?period=${MONTH}`,
    "analytics: top merchants, year": `/api/analytics/merchants?period=${year}`,
    "analytics: net worth, 5 years": "/api/analytics/net-worth",
    "analytics: by category, month, CSV": `/api/analytics/categories?period=${MONTH}&format=csv`,
  };
}

/**
 * Both households are open at once and every query is sampled alternately on the small and the
 * large one, so a change in background load hits both sides of the ratio alike.
 */
async function ledgerRuns(engine: Engine): Promise<{ small: LedgerRun; large: LedgerRun }> {
  const opened: Household[] = [];
  try {
    const small = await seededHousehold(engine, SMALL);
    opened.push(small);
    const large = await seededHousehold(engine, LARGE);
    opened.push(large);
    const getSmall = reader(small.app);
    const getLarge = reader(large.app);
    for (const name of Object.keys(large.queries)) {
      const ps = small.queries[name]!;
      const pl = large.queries[name]!;
      for (let i = 0; i < WARMUP; i++) {
        await getSmall(ps);
        await getLarge(pl);
      }
      const ts: number[] = [];
      const tl: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        let t = performance.now();
        await getSmall(ps);
        ts.push(performance.now() - t);
        t = performance.now();
        await getLarge(pl);
        tl.push(performance.now() - t);
      }
      small.run.reads[name] = summarize(ts);
      large.run.reads[name] = summarize(tl);
    }
    await small.app.close();
    await small.db.close();
    opened.shift();
    if (IMPORT_ROWS > 0) {
      const rowsToImport = singleAccountLedger(IMPORT_ROWS, FROM, TODAY, 4242);
      const run = large.run;
      run.importMs = await importCsv(
        large.app,
        toCsv(rowsToImport),
        large.book.accounts.get("bdo")!.id,
        IMPORT_ROWS,
      );
      run.importVerified = await verifyLedger(large.app, large.book, TODAY, MONTH);
      log(
        `${engine} ${LARGE}: imported ${IMPORT_ROWS} rows in ${(run.importMs / 1000).toFixed(2)} s; ${run.importVerified}`,
      );
    }
    return { small: small.run, large: large.run };
  } finally {
    for (const h of opened) {
      await h.app.close();
      await h.db.close();
    }
  }
}

interface CompareRun {
  insertMs: number;
  reads: Reads;
}

/** The side-by-side workload on FinTrack: one bank account, filled by one CSV import. */
async function compareRun(
  engine: Engine,
  workload: ReturnType<typeof singleAccountLedger>,
): Promise<CompareRun> {
  const db = await openBenchDb(engine, "compare", PG_URL);
  let app: BenchApp | undefined;
  try {
    app = await startBenchApp(db.handle.db);
    const account = await expectOk(
      app.owner.post("/api/accounts", {
        name: "BPI Savings",
        kind: "bank",
        openingBalance: "0",
        openingDate: FROM,
      }),
      "create account",
    );
    await expectOk(app.owner.get("/api/transactions/categories"), "categories");
    const insertMs = await importCsv(app, toCsv(workload), account.id, workload.length);
    const expected = workload.reduce(
      (s, t) => s + BigInt(t.type === "income" ? t.amountCentavos : -t.amountCentavos),
      0n,
    );
    const bal = await expectOk(app.owner.get("/api/accounts/balances"), "balances");
    if (bal.items[0].balanceCentavos !== expected.toString())
      throw new Error(`compare: balance ${bal.items[0].balanceCentavos} ≠ expected ${expected}`);
    log(
      `${engine} compare: ${workload.length} imported in ${(insertMs / 1000).toFixed(2)} s, balance checked`,
    );
    const reads = await measureReads(app, {
      page: `/api/transactions?accountId=${account.id}&limit=50`,
      balance: "/api/accounts/balances",
      monthByCategory: `/api/transactions/summary?month=${MONTH}`,
    });
    // Right after a large import the planner still has the statistics of an empty table (PGlite
    // runs no autovacuum at all): the page once more with fresh statistics shows what that costs.
    await app.db.execute(sql`ANALYZE`);
    Object.assign(
      reads,
      await measureReads(app, { pageAnalyzed: `/api/transactions?accountId=${account.id}&limit=50` }),
    );
    return { insertMs, reads };
  } finally {
    await app?.close();
    await db.close();
  }
}

interface ActualRun {
  version: string;
  node: string;
  insertMs: number;
  importMs: number;
  reads: Reads;
}

/** Actual Budget runs on Node in its own process (better-sqlite3 is a Node addon). */
async function actualRun(workload: ReturnType<typeof singleAccountLedger>): Promise<ActualRun> {
  const actualDir = join(benchDir, "actual");
  if (!existsSync(join(actualDir, "node_modules/@actual-app/api"))) {
    log("installing @actual-app/api into bench/actual (npm, once)…");
    const r = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: actualDir, stdio: "inherit" });
    if (r.status !== 0) throw new Error("npm install in bench/actual failed");
  }
  const tmp = mkdtempSync(join(tmpdir(), "fintrack-bench-workload-"));
  try {
    const file = join(tmp, "workload.json");
    writeFileSync(
      file,
      JSON.stringify({
        categories: [...EXPENSE_CATEGORIES, ...INCOME_CATEGORIES],
        month: MONTH,
        transactions: workload,
      }),
    );
    const child = spawn("node", [join(actualDir, "run.mjs"), file, String(WARMUP), String(SAMPLES)], {
      stdio: ["ignore", "pipe", "inherit"],
      // The workload is dated in Manila, and Actual cuts balances off at the process's local date:
      // in any other zone, from 16:00 UTC a transaction dated "today" in Manila is tomorrow to Actual.
      env: { ...process.env, TZ: "Asia/Manila" },
    });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    const code = await new Promise<number | null>((r) => child.once("exit", r));
    if (code !== 0) throw new Error(`Actual run exited with ${code}`);
    const result = JSON.parse(stdout.trim().split("\n").pop()!);
    log(
      `Actual ${result.version}: ${result.count} added in ${(result.insertMs / 1000).toFixed(2)} s, imported in ${(result.importMs / 1000).toFixed(2)} s, balance checked`,
    );
    return {
      version: result.version,
      node: result.node,
      insertMs: result.insertMs,
      importMs: result.importMs,
      reads: Object.fromEntries(
        Object.entries(result.samples as Record<string, number[]>).map(([k, v]) => [k, summarize(v)]),
      ),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main() {
  const loadBefore = loadavg()[0]!.toFixed(2);
  log(`ledger bench: ${LARGE} vs ${SMALL} transactions, ${FROM} … ${TODAY}, engines ${ENGINES.join(", ")}`);
  const ledger: Record<string, { small: LedgerRun; large: LedgerRun }> = {};
  const compare: Record<string, CompareRun> = {};
  const workload = singleAccountLedger(COMPARE, FROM, TODAY);
  let actual: ActualRun | undefined;
  if (WITH_ACTUAL && COMPARE > 0) actual = await actualRun(workload);
  for (const engine of ENGINES) {
    ledger[engine] = await ledgerRuns(engine);
    if (COMPARE > 0) compare[engine] = await compareRun(engine, workload);
  }

  const absGoal = (name: string) => !name.startsWith("month summary");
  const goalMs = (name: string) => (name.startsWith("analytics") ? GOAL_ANALYTICS_MS : GOAL_ABS_MS);
  for (const engine of ENGINES) {
    const { small, large } = ledger[engine]!;
    console.log(
      `\nFinTrack on ${engine}: p50/p95 ms over ${SAMPLES} requests after ${WARMUP} warm-up, through the gateway` +
        `\n(goal: p95 at ${LARGE.toLocaleString("en")} ≤ ${GOAL_SCALE}× p95 at ${SMALL.toLocaleString("en")}; lists and balances p95 < ${GOAL_ABS_MS} ms, analytics < ${GOAL_ANALYTICS_MS} ms)`,
    );
    console.log(
      table(
        [
          "query",
          `p50 @${SMALL}`,
          `p95 @${SMALL}`,
          `p50 @${LARGE}`,
          `p95 @${LARGE}`,
          "p50 ratio",
          "p95 ratio",
          "≤2×",
          "p95 goal",
        ],
        Object.keys(large.reads).map((name) => {
          const s = small.reads[name]!;
          const l = large.reads[name]!;
          return [
            name,
            ms(s.p50),
            ms(s.p95),
            ms(l.p50),
            ms(l.p95),
            ratio(l.p50, s.p50),
            ratio(l.p95, s.p95),
            mark(l.p95 / s.p95 <= GOAL_SCALE),
            absGoal(name) ? `${mark(l.p95 < goalMs(name))} <${goalMs(name)}ms` : "",
          ];
        }),
      ),
    );
    if (large.importMs !== undefined) {
      console.log(
        `CSV import of ${IMPORT_ROWS.toLocaleString("en")} rows into the ${LARGE.toLocaleString("en")}-transaction household (preview → completed): ` +
          `${(large.importMs / 1000).toFixed(2)} s, ${Math.round(IMPORT_ROWS / (large.importMs / 1000)).toLocaleString("en")} rows/s ` +
          `[goal < ${GOAL_IMPORT_MS / 1000} s: ${mark(large.importMs < GOAL_IMPORT_MS)}]`,
      );
    }
    console.log(
      `Bulk seed (SQL + rollups, not the API): ${LARGE.toLocaleString("en")} in ${(large.seedMs / 1000).toFixed(1)} s. Checked: ${large.verified}.`,
    );
  }

  if (actual) {
    console.log(
      `\nSide by side: ${COMPARE.toLocaleString("en")} transactions in one account; Actual Budget ${actual.version} (@actual-app/api, local budget, Node ${actual.node}) vs FinTrack through its HTTP API` +
        `\n(time ratios FinTrack ÷ Actual, lower is better; goal: p50 ratio ≤ ${(1 / GOAL_VS_ACTUAL_READS).toFixed(2)} for the page and the balance, FinTrack ≥ ${GOAL_VS_ACTUAL_INSERT}× Actual's rate for the insert)`,
    );
    const figures: [label: string, fintrack: string, actual: string, hasGoal: boolean][] = [
      ["newest-50 page, right after the import", "page", "page", true],
      ["newest-50 page, after ANALYZE", "pageAnalyzed", "page", true],
      ["account balance", "balance", "balance", true],
      [`month ${MONTH} by category`, "monthByCategory", "monthByCategory", false],
    ];
    const rowsOut: string[][] = [];
    for (const [label, ftKey, actualKey, hasGoal] of figures) {
      const a = actual.reads[actualKey]!;
      for (const engine of ENGINES) {
        const f = compare[engine]!.reads[ftKey]!;
        rowsOut.push([
          `${label} (${engine})`,
          `${ms(f.p50)} / ${ms(f.p95)}`,
          `${ms(a.p50)} / ${ms(a.p95)}`,
          ratio(f.p50, a.p50),
          ratio(f.p95, a.p95),
          hasGoal ? mark(f.p50 * GOAL_VS_ACTUAL_READS <= a.p50) : "",
        ]);
      }
    }
    for (const [label, actualMs] of [
      ["bulk insert, tx/s vs addTransactions", actual.insertMs],
      ["bulk insert, tx/s vs importTransactions", actual.importMs],
    ] as const) {
      const actualRate = COMPARE / (actualMs / 1000);
      for (const engine of ENGINES) {
        const rate = COMPARE / (compare[engine]!.insertMs / 1000);
        rowsOut.push([
          `${label} (${engine})`,
          Math.round(rate).toLocaleString("en"),
          Math.round(actualRate).toLocaleString("en"),
          `rate ${(rate / actualRate).toFixed(2)}×`,
          `time ${ratio(compare[engine]!.insertMs, actualMs)}`,
          mark(rate >= GOAL_VS_ACTUAL_INSERT * actualRate),
        ]);
      }
    }
    console.log(
      table(
        ["figure", "FinTrack p50 / p95", "Actual p50 / p95", "FT÷Actual p50", "FT÷Actual p95", "goal"],
        rowsOut,
      ),
    );
    console.log(
      "FinTrack's bulk insert is the CSV import API (preview + commit + completion, with duplicate detection);" +
        "\nActual's is addTransactions (plain add) and importTransactions (its importer: duplicate matching, rules)." +
        "\nFinTrack reads go through the gateway (session check, routing, JSON); Actual's are in-process calls.",
    );
  }

  const loadAfter = loadavg()[0]!.toFixed(2);
  const busy = Math.max(Number(loadBefore), Number(loadAfter)) > cpus().length;
  console.log(
    `\nload average ${loadBefore} → ${loadAfter} on ${cpus().length} cores${busy ? " — the machine was busy: tails (p95) are inflated; compare p50s" : ""}`,
  );

  if (args.includes("--json")) {
    const file = await writeResults("ledger", {
      at: new Date().toISOString(),
      loadAverage: { before: loadBefore, after: loadAfter },
      from: FROM,
      to: TODAY,
      month: MONTH,
      samples: SAMPLES,
      warmup: WARMUP,
      ledger,
      compare,
      actual,
    });
    console.log(`\nJSON: ${file}`);
  }
}

await main();
process.exit(0);
