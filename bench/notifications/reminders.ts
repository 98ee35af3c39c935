/**
 * Reminders benchmark: one PingSource tick over 10,000 items (recurring bills and credit-card
 * statement cycles) spread over many households, on embedded PGlite (on disk) and PostgreSQL.
 * Measures the tick itself (runTick: read bills, cards, payments and card balances, pick each
 * item's reminder, record reminders_sent and write the events to the outbox in one database
 * transaction): the first tick of a day, the same tick repeated (everything already sent), a
 * week of daily ticks, and a tick catching up ten missed days. Goal: < 2 s per tick.
 *
 *   bun bench/notifications/reminders.ts [--items 10000] [--households 200] [--cards-per 5]
 *     [--engines pglite,postgres] [--pg-url postgres://postgres@127.0.0.1:5432/test]
 */
import { sql } from "drizzle-orm";
import { runTick } from "../../functions/reminders/tick";
import { type Engine, openBenchDb } from "../ledger/fintrack";
import { mark, ms, summarize, table, writeResults } from "../lib/stats";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const ITEMS = Number(opt("items", "10000"));
const HOUSEHOLDS = Number(opt("households", "200"));
const CARDS_PER = Number(opt("cards-per", "5"));
const ENGINES = opt("engines", "pglite,postgres").split(",") as Engine[];
const PG_URL = opt("pg-url", process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
const GOAL_MS = 2000;

const BILLS_PER = Math.max(0, Math.round(ITEMS / HOUSEHOLDS) - CARDS_PER);
const START = "2026-06-01";
const at = (date: string) => new Date(`${date}T00:00:00Z`); // 08:00 in Manila
const plus = (date: string, n: number) =>
  new Date(Date.parse(date) + n * 86_400_000).toISOString().slice(0, 10);

type Exec = (q: ReturnType<typeof sql>) => Promise<unknown>;

/** Households with one bank account, cards with spending on them, and bills of every schedule. */
async function seed(exec: Exec) {
  await exec(sql`
    INSERT INTO households (name) SELECT 'Household ' || g FROM generate_series(1, ${HOUSEHOLDS}) g`);
  await exec(sql`
    INSERT INTO users (household_id, email, name, role, password_hash)
    SELECT id, 'owner-' || id || '@example.ph', 'Owner', 'owner', 'x' FROM households`);
  await exec(sql`
    INSERT INTO accounts (household_id, owner_id, name, kind, opening_date)
    SELECT h.id, u.id, 'Bank', 'bank', ${START}::date FROM households h JOIN users u ON u.household_id = h.id`);
  await exec(sql`
    INSERT INTO accounts (household_id, owner_id, name, kind, opening_date, statement_day, due_day, card_last4)
    SELECT h.id, u.id, 'Card ' || c, 'credit_card', ${START}::date,
      1 + (abs(hashtext(h.id::text || c)) % 31), 1 + (abs(hashtext(c || h.id::text)) % 31), '1234'
    FROM households h JOIN users u ON u.household_id = h.id, generate_series(1, ${CARDS_PER}) c`);
  // two charges a month on every card, and most months paid in full a little before the due date
  await exec(sql`
    INSERT INTO transactions (household_id, type, date, amount_centavos, account_id, created_by)
    SELECT a.household_id, 'expense', ${START}::date + (m * 30 + d), 150000 + (abs(hashtext(a.id::text || m || d)) % 900000), a.id, a.owner_id
    FROM accounts a, generate_series(0, 7) m, (VALUES (3), (17)) AS days(d)
    WHERE a.kind = 'credit_card'`);
  await exec(sql`
    INSERT INTO transactions (household_id, type, date, amount_centavos, account_id, to_account_id, created_by)
    SELECT c.household_id, 'transfer', ${START}::date + (m * 30 + 25), 1000000, b.id, c.id, c.owner_id
    FROM accounts c JOIN accounts b ON b.household_id = c.household_id AND b.kind = 'bank',
      generate_series(0, 7) m
    WHERE c.kind = 'credit_card' AND abs(hashtext(c.id::text)) % 3 = 0`);
  await exec(sql`
    INSERT INTO bills (household_id, name, kind, schedule, due_day, interval_months, anchor_month, start_date,
      expected_amount_centavos, account_id, created_by)
    SELECT h.id, 'Bill ' || g,
      (ARRAY['rent','electricity','water','internet','subscription','loan','insurance','other'])[1 + g % 8]::bill_kind,
      (CASE WHEN g % 10 = 0 THEN 'yearly' WHEN g % 10 = 1 THEN 'every_n_months' ELSE 'monthly' END)::bill_schedule,
      1 + (abs(hashtext(h.id::text || g)) % 31),
      CASE WHEN g % 10 = 0 THEN 12 WHEN g % 10 = 1 THEN 3 ELSE 1 END,
      date_trunc('month', ${START}::date + (g % 12) * 31)::date, ${START}::date,
      100000 + g * 100, b.id, b.owner_id
    FROM households h JOIN accounts b ON b.household_id = h.id AND b.kind = 'bank',
      generate_series(1, ${BILLS_PER}) g`);
  // a third of last month's bills were marked paid
  await exec(sql`
    INSERT INTO bill_payments (bill_id, due_date, paid_by)
    SELECT b.id, make_date(2026, 10, b.due_day), b.created_by
    FROM bills b WHERE b.schedule = 'monthly' AND abs(hashtext(b.id::text)) % 3 = 0`);
}

async function run(engine: Engine) {
  const bench = await openBenchDb(engine, "reminders", PG_URL);
  try {
    const db = bench.handle.db;
    const exec: Exec = (q) => db.execute(q);
    const seeded = performance.now();
    await seed(exec);
    const seedMs = performance.now() - seeded;
    const rowsOf = (r: unknown) => (Array.isArray(r) ? r : ((r as { rows: unknown[] }).rows ?? []));
    const count = rowsOf(
      await db.execute(sql`
      SELECT (SELECT count(*) FROM bills)::int AS bills,
             (SELECT count(*) FROM accounts WHERE kind = 'credit_card')::int AS cards,
             (SELECT count(*) FROM transactions)::int AS transactions`),
    )[0] as {
      bills: number;
      cards: number;
      transactions: number;
    };

    const timed = async (label: string, date: string) => {
      const t = performance.now();
      const result = await runTick(db, at(date));
      return { label, date, ms: performance.now() - t, ...result };
    };
    const ticks = [];
    const first = "2026-11-02";
    ticks.push(await timed("first tick of the day", first));
    ticks.push(await timed("same tick again", first));
    const daily = [];
    for (let i = 1; i <= 7; i++) daily.push(await timed(`daily tick +${i}`, plus(first, i)));
    ticks.push(...daily);
    ticks.push(await timed("catch-up after 10 missed days", plus(first, 18)));
    const dailyMs = summarize(daily.map((d) => d.ms));
    const worst = Math.max(...ticks.map((t) => t.ms));

    console.log(
      `\n${engine}: ${count.bills.toLocaleString()} bills + ${count.cards.toLocaleString()} cards = ${(count.bills + count.cards).toLocaleString()} items in ${HOUSEHOLDS} households (${count.transactions.toLocaleString()} card transactions), seeded in ${ms(seedMs)} ms`,
    );
    console.log(
      table(
        ["tick", "date", "ms", "items", "reminders sent", `< ${GOAL_MS} ms`],
        ticks.map((t) => [t.label, t.date, ms(t.ms), String(t.items), String(t.sent), mark(t.ms < GOAL_MS)]),
      ),
    );
    console.log(
      `daily ticks: p50 ${ms(dailyMs.p50)} ms, p95 ${ms(dailyMs.p95)} ms; slowest tick ${ms(worst)} ms`,
    );
    return { engine, counts: count, ticks, daily: dailyMs, worstMs: worst, goalMet: worst < GOAL_MS };
  } finally {
    await bench.close();
  }
}

const results = [];
for (const engine of ENGINES) results.push(await run(engine));
console.log(`\nresults: ${await writeResults("reminders", results)}`);
