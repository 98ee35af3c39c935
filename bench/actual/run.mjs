// Actual Budget's side of the ledger benchmark, on Node (better-sqlite3 is a Node addon).
// Reads a workload file written by bench/ledger (the same transactions FinTrack gets), builds a
// local budget offline in a temp dir through @actual-app/api, times the bulk insert
// (addTransactions, and importTransactions into a second account), and samples the newest-50
// page, the account balance and one month's sum by category. Prints one JSON line on stdout.
//
//   node bench/actual/run.mjs <workload.json> [warmup] [samples]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as api from "@actual-app/api";

const [workloadFile, warmupArg, samplesArg] = process.argv.slice(2);
const workload = JSON.parse(readFileSync(workloadFile, "utf8"));
const WARMUP = Number(warmupArg ?? 20);
const SAMPLES = Number(samplesArg ?? 200);

// Actual logs chattily to stdout; our result must be the only thing there.
const out = process.stdout.write.bind(process.stdout);
console.log = console.info = console.debug = () => {};

async function sample(fn) {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times;
}

const dataDir = mkdtempSync(join(tmpdir(), "fintrack-bench-actual-"));
try {
  const actual = await api.init({ dataDir, verbose: false });
  // What "Create new file" does in Actual's app without a server: a local budget, no upload.
  const created = await actual.send("create-budget", { budgetName: "FinTrack bench", avoidUpload: true });
  if (created?.error) throw new Error(`create-budget: ${created.error}`);

  const groupId = await api.createCategoryGroup({ name: "Bench" });
  const categoryIds = {};
  for (const name of workload.categories) {
    categoryIds[name] = await api.createCategory({ name, group_id: groupId });
  }
  const accountId = await api.createAccount({ name: "BPI Savings", offbudget: false }, 0);

  const transactions = workload.transactions.map((t) => ({
    date: t.date,
    amount: t.type === "income" ? t.amountCentavos : -t.amountCentavos, // integer cents, outflow negative
    payee_name: t.merchant,
    category: categoryIds[t.category],
    notes: t.notes ?? undefined,
  }));

  const t0 = performance.now();
  await api.addTransactions(accountId, transactions, { runTransfers: false, learnCategories: false });
  const insertMs = performance.now() - t0;

  const monthStart = `${workload.month}-01`;
  const monthEnd = `${workload.month}-31`;
  const page = () =>
    api.aqlQuery(
      api
        .q("transactions")
        .filter({ account: accountId })
        .options({ splits: "grouped" })
        .select("*")
        .orderBy([{ date: "desc" }, { sort_order: "desc" }, { id: "desc" }])
        .limit(50),
    );
  const balance = () => api.getAccountBalance(accountId);
  const monthByCategory = () =>
    api.aqlQuery(
      api
        .q("transactions")
        .filter({ account: accountId, date: { $gte: monthStart, $lte: monthEnd } })
        .groupBy("category")
        .select(["category", { total: { $sum: "$amount" } }, { count: { $count: "$id" } }]),
    );

  // Correctness first: the figures must describe the data we inserted.
  const firstPage = await page();
  const bal = await balance();
  const byCat = await monthByCategory();
  const expectedBalance = workload.transactions.reduce(
    (s, t) => s + (t.type === "income" ? t.amountCentavos : -t.amountCentavos),
    0,
  );
  if (bal !== expectedBalance) throw new Error(`Actual balance ${bal} != expected ${expectedBalance}`);
  if (firstPage.data.length !== 50) throw new Error(`Actual page has ${firstPage.data.length} rows`);

  // Actual's importer path (what its CSV/OFX import runs): matches each row against existing
  // transactions to skip duplicates, runs rules, then adds, like FinTrack's deduplicating import.
  const importAccountId = await api.createAccount({ name: "BPI Savings (import)", offbudget: false }, 0);
  const t1 = performance.now();
  const imported = await api.importTransactions(importAccountId, transactions);
  const importMs = performance.now() - t1;
  if (imported.errors?.length) throw new Error(`importTransactions: ${imported.errors[0].message}`);
  if (imported.added.length !== transactions.length)
    throw new Error(`importTransactions added ${imported.added.length} of ${transactions.length}`);

  const result = {
    version: JSON.parse(readFileSync(new URL("./node_modules/@actual-app/api/package.json", import.meta.url)))
      .version,
    node: process.versions.node,
    count: transactions.length,
    insertMs,
    importMs,
    balance: bal,
    monthCategories: byCat.data.length,
    samples: {
      page: await sample(page),
      balance: await sample(balance),
      monthByCategory: await sample(monthByCategory),
    },
  };
  await api.shutdown();
  out(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(0);
