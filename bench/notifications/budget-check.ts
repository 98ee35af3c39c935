/**
 * budget-check throughput: 10,000 expenses recorded in a household with eight budgets (overall,
 * six categories, one personal with rollover), then one `transaction.created` event per expense
 * delivered to the budget-check receiver — signature check, catalog validation, the
 * processed_events row, the recount from the database and the alert inserts — one after the other
 * as the Broker delivers them; then the same 10,000 events again (duplicates: acknowledged
 * without running). Also the cost of the two spending reads (ledger rollups for household
 * budgets, the indexed transactions query for personal ones). On PGlite and PostgreSQL.
 * Percentiles, not a timed test.
 *
 *   bun bench/notifications/budget-check.ts [--transactions 10000] [--engines pglite,postgres]
 *     [--pg-url postgres://postgres@127.0.0.1:5432/test] [--json]
 */
import { loadavg } from "node:os";
import { rows, schema } from "@fintrack/db";
import { createEventReceiver, deriveEventKey, signEvent } from "@fintrack/events";
import { CloudEvent, HTTP } from "cloudevents";
import { sql } from "drizzle-orm";
import { budgetCheckHandlers } from "../../functions/budgets/events";
import { addMonths, monthOf, todayInManila } from "../../functions/budgets/months";
import { householdSpending, memberSpending, memberSpendingQuery } from "../../functions/budgets/spending";
import { applyFlows, flowsOf } from "../../functions/lib/ledger-rollups";
import { type Engine, expectOk, openBenchDb, startBenchApp } from "../ledger/fintrack";
import { ms, sample, summarize, table, writeResults } from "../lib/stats";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const N = Number(opt("transactions", "10000"));
const EXPLAIN_ONLY = args.includes("--explain");
const ENGINES = opt("engines", "pglite,postgres").split(",") as Engine[];
const PG_URL = opt("pg-url", process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
const CATEGORIES = ["Food & Dining", "Groceries", "Transportation", "Utilities", "Shopping", "Health"];

const today = todayInManila();
const month = monthOf(today);
const lastMonth = addMonths(month, -1);

interface Result {
  engine: Engine;
  transactions: number;
  seedMs: number;
  firstPass: { eventsPerSecond: number; p50: number; p95: number };
  duplicates: { eventsPerSecond: number; p50: number; p95: number };
  alerts: number;
  alertsAfterDuplicates: number;
  householdRead: { p50: number; p95: number };
  memberRead: { p50: number; p95: number };
}

async function run(engine: Engine): Promise<Result> {
  const db = await openBenchDb(engine, "budgetcheck", PG_URL);
  const app = await startBenchApp(db.handle.db);
  try {
    const { householdId, userIds } = app;
    const bank = await expectOk(
      app.owner.post("/api/accounts", {
        name: "BPI",
        kind: "bank",
        openingBalance: "1000000",
        openingDate: "2020-01-01",
      }),
      "bank",
    );
    const cats = await expectOk(app.owner.get("/api/transactions/categories"), "categories");
    const categoryIds = CATEGORIES.map(
      (name) => cats.items.find((c: { name: string }) => c.name === name).id as string,
    );
    const from = addMonths(month, -12);
    // limits sized so that the 80% and 100% thresholds are crossed part-way through
    await expectOk(app.owner.post("/api/budgets", { limit: "400000", fromMonth: from }), "overall");
    for (const id of categoryIds) {
      await expectOk(
        app.owner.post("/api/budgets", { categoryId: id, limit: "60000", fromMonth: from }),
        "category",
      );
    }
    await expectOk(
      app.owner.post("/api/budgets", { personal: true, limit: "150000", fromMonth: from, rollover: true }),
      "personal",
    );

    // the ledger, as the API writes it (rows + rollups), without events: the bench sends those
    const seeded = performance.now();
    const rowsToInsert: (typeof schema.transactions.$inferInsert)[] = [];
    for (let i = 0; i < N; i++) {
      const m = i % 4 === 0 ? lastMonth : month;
      const day = String(1 + (i % Number(today.slice(8, 10)))).padStart(2, "0");
      rowsToInsert.push({
        householdId,
        type: "expense",
        date: `${m}-${day}`,
        amountCentavos: BigInt(5_000 + (i % 50) * 100),
        accountId: bank.id,
        categoryId: categoryIds[i % categoryIds.length]!,
        merchant: `Shop ${i % 97}`,
        createdBy: i % 2 === 0 ? userIds.owner : userIds.partner,
      });
    }
    const inserted: {
      id: string;
      date: string;
      amountCentavos: bigint;
      categoryId: string | null;
      createdBy: string;
    }[] = [];
    await app.db.transaction(async (tx) => {
      for (let i = 0; i < rowsToInsert.length; i += 1000) {
        const chunk = await tx
          .insert(schema.transactions)
          .values(rowsToInsert.slice(i, i + 1000))
          .returning({
            id: schema.transactions.id,
            date: schema.transactions.date,
            amountCentavos: schema.transactions.amountCentavos,
            categoryId: schema.transactions.categoryId,
            createdBy: schema.transactions.createdBy,
          });
        inserted.push(...chunk);
        await applyFlows(
          tx,
          chunk.flatMap((t) => flowsOf({ ...t, type: "expense", accountId: bank.id, toAccountId: null })),
          1,
        );
      }
    });
    const seedMs = performance.now() - seeded;

    if (EXPLAIN_ONLY) {
      const plan = await rows<{ "QUERY PLAN": string }>(
        app.db,
        sql`EXPLAIN (ANALYZE, BUFFERS) ${memberSpendingQuery(householdId, userIds.owner, from, month)}`,
      );
      console.log(plan.map((r) => r["QUERY PLAN"]).join("\n"));
      if (EXPLAIN_ONLY) process.exit(0);
    }
    const key = deriveEventKey("bench-budget-check-signing-secret-0123456789");
    const receive = createEventReceiver({
      consumer: "budgets",
      db: app.db,
      handlers: budgetCheckHandlers(() => today),
      signingKey: key,
    });
    const events = inserted.map((t, i) =>
      signEvent(
        new CloudEvent({
          id: `bench-${engine}-${i}`,
          type: "ph.fintrack.transaction.created.v1",
          source: "/fintrack/transactions",
          subject: t.id,
          datacontenttype: "application/json",
          data: {
            householdId,
            transactionId: t.id,
            type: "expense",
            date: t.date,
            amountCentavos: t.amountCentavos.toString(),
            accountId: bank.id,
            toAccountId: null,
            categoryId: t.categoryId,
            splits: [],
            createdBy: t.createdBy,
          },
        }),
        key,
      ),
    );
    const deliver = async (event: CloudEvent<unknown>, expectRan: boolean) => {
      const message = HTTP.binary(event);
      const res = await receive(
        new Request("http://budgets/api/budgets/events", {
          method: "POST",
          headers: message.headers as Record<string, string>,
          body: message.body as string,
        }),
      );
      const body = (await res.json()) as { processed?: boolean; detail?: string };
      if (res.status !== 200 || body.processed !== expectRan)
        throw new Error(`delivery: ${res.status} ${JSON.stringify(body)}`);
    };
    const pass = async (expectRan: boolean) => {
      const each: number[] = [];
      const started = performance.now();
      for (const e of events) {
        const t0 = performance.now();
        await deliver(e, expectRan);
        each.push(performance.now() - t0);
      }
      const total = performance.now() - started;
      const s = summarize(each);
      return { eventsPerSecond: Math.round((events.length / total) * 1000), p50: s.p50, p95: s.p95 };
    };
    const countAlerts = async () =>
      (
        await rows<{ n: number }>(
          app.db,
          sql`SELECT count(*)::int AS n FROM outbox WHERE type = 'ph.fintrack.budget.threshold_crossed.v1'`,
        )
      )[0]!.n;
    const firstPass = await pass(true);
    const alerts = await countAlerts();
    const duplicates = await pass(false);
    const alertsAfterDuplicates = await countAlerts();

    const opts = { warmup: 20, samples: 200 };
    const household = summarize(
      await sample(() => householdSpending(app.db, householdId, from, month), opts),
    );
    const member = summarize(
      await sample(() => memberSpending(app.db, householdId, userIds.owner, from, month), opts),
    );
    return {
      engine,
      transactions: N,
      seedMs,
      firstPass,
      duplicates,
      alerts,
      alertsAfterDuplicates,
      householdRead: { p50: household.p50, p95: household.p95 },
      memberRead: { p50: member.p50, p95: member.p95 },
    };
  } finally {
    await app.close();
    await db.close();
  }
}

const results: Result[] = [];
console.log(
  `budget-check over ${N.toLocaleString()} transactions, 8 budgets; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
for (const engine of ENGINES) results.push(await run(engine));
console.log(
  table(
    [
      "engine",
      "events/s",
      "p50 ms",
      "p95 ms",
      "dup events/s",
      "dup p50",
      "alerts",
      "after dups",
      "rollup read p50",
      "member read p50",
    ],
    results.map((r) => [
      r.engine,
      String(r.firstPass.eventsPerSecond),
      ms(r.firstPass.p50),
      ms(r.firstPass.p95),
      String(r.duplicates.eventsPerSecond),
      ms(r.duplicates.p50),
      String(r.alerts),
      String(r.alertsAfterDuplicates),
      ms(r.householdRead.p50),
      ms(r.memberRead.p50),
    ]),
  ),
);
for (const r of results) {
  if (r.alerts !== r.alertsAfterDuplicates) console.log(`MISS ${r.engine}: duplicates raised alerts`);
}
if (args.includes("--json")) console.log(await writeResults("budget-check", results));
process.exit(0);
