/**
 * FinTrack under benchmark: a database (PGlite in a temp dir, or a scratch database on a real
 * PostgreSQL), every function behind the gateway in-process (the same composition as
 * `startTestApp()`, without the rate limit so hundreds of samples are not throttled), a
 * household of two, its accounts through the API, and a ledger seeded in bulk through SQL with
 * the rollups kept exactly as the API's write paths keep them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Database, type DbHandle, migrate, openDatabase, rows, schema } from "@fintrack/db";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createGateway } from "../../functions/gateway/app";
import { loadConfig } from "../../functions/lib/config";
import { applyFlows, type FlowRow, flowsOf } from "../../functions/lib/ledger-rollups";
import { createLogger } from "../../functions/lib/logger";
import { createRuntime } from "../../functions/runtime";
import { OWNER, PARTNER, TestClient } from "../../functions/testing";
import { ACCOUNTS, type GeneratedTransaction, type Member } from "./workload";

export type Engine = "pglite" | "postgres";

export interface BenchDb {
  engine: Engine;
  handle: DbHandle;
  close(): Promise<void>;
}

export async function openBenchDb(engine: Engine, label: string, pgUrl: string): Promise<BenchDb> {
  if (engine === "pglite") {
    // on disk, as a local install keeps it (./data/pglite), not in memory
    const dir = mkdtempSync(join(tmpdir(), `fintrack-bench-${label}-`));
    const handle = await openDatabase({ dataDir: dir });
    await migrate(handle.db);
    return {
      engine,
      handle,
      async close() {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `fintrack_bench_${label}_${process.pid}`;
  const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), max: 10 });
  await migrate(handle.db);
  return {
    engine,
    handle,
    async close() {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export interface BenchApp {
  db: Database;
  fetch: (req: Request) => Promise<Response>;
  owner: TestClient;
  partner: TestClient;
  householdId: string;
  userIds: Record<Member, string>;
  close(): Promise<void>;
}

/** Every function and the gateway in one process on `db`, and a household of two signed in. */
export async function startBenchApp(db: Database): Promise<BenchApp> {
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    JWT_SECRET_KEY: "bench-ledger-secret-0123456789abcdef0123",
  });
  const log = createLogger(config.LOG_LEVEL);
  const runtime = await createRuntime({ db, config, log, brokerTimeScale: 0.01 });
  const gateway = createGateway({
    config,
    log,
    functions: [...runtime.modules.values()].map((m) => m.meta),
    route: (name) => (req) => runtime.modules.get(name)!.app.fetch(req),
    rateLimitPerMinute: 1_000_000_000,
  });
  const fetch = async (req: Request) => gateway.fetch(req);

  const owner = new TestClient(fetch);
  const reg = await owner.post("/api/auth/register", OWNER);
  if (reg.status !== 201) throw new Error(`owner registration failed: ${JSON.stringify(reg.data)}`);
  const invite = await owner.post("/api/auth/invites");
  const partner = new TestClient(fetch);
  const joined = await partner.post("/api/auth/register", { ...PARTNER, inviteCode: invite.data.code });
  if (joined.status !== 201) throw new Error(`partner registration failed: ${JSON.stringify(joined.data)}`);
  const [h] = await rows<{ household_id: string }>(
    db,
    sql`SELECT household_id FROM users WHERE id = ${reg.data.user.id}::uuid`,
  );
  return {
    db,
    fetch,
    owner,
    partner,
    householdId: h!.household_id,
    userIds: { owner: reg.data.user.id, partner: joined.data.user.id },
    async close() {
      await runtime.settle();
      await runtime.close();
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: API JSON, as TestClient parses it; callers read what they check
type Json = any;

/** The response's JSON when the status is 2xx; otherwise an error naming the step and the problem. */
export async function expectOk<T = Json>(
  res: Promise<{ status: number; data: Json }>,
  what: string,
): Promise<T> {
  const r = await res;
  if (r.status < 200 || r.status > 299)
    throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.data)}`);
  return r.data as T;
}

export interface Ledgerbook {
  accounts: Map<string, { id: string; kind: string; owner: Member; visibility: string }>;
  /** `${kind}:${name}` → category id */
  categories: Map<string, string>;
  openingDate: string;
}

/** The twelve accounts, each created by the member who owns it, through the accounts API. */
export async function createAccounts(app: BenchApp, openingDate: string): Promise<Ledgerbook> {
  const accounts: Ledgerbook["accounts"] = new Map();
  for (const plan of ACCOUNTS) {
    const client = plan.owner === "owner" ? app.owner : app.partner;
    const body = {
      name: plan.name,
      kind: plan.kind,
      institution: plan.institution,
      openingBalance: plan.openingBalance ?? "0",
      openingDate,
      visibility: plan.visibility ?? "shared",
      card: plan.card,
    };
    const acct = await expectOk(client.post("/api/accounts", body), `create account ${plan.name}`);
    accounts.set(plan.key, { id: acct.id, kind: plan.kind, owner: plan.owner, visibility: body.visibility });
  }
  const cats = await expectOk(app.owner.get("/api/transactions/categories"), "list categories");
  const categories = new Map<string, string>(
    cats.items.map((c: { id: string; kind: string; name: string }) => [`${c.kind}:${c.name}`, c.id]),
  );
  return { accounts, categories, openingDate };
}

/** A UUIDv7 whose time is the transaction's: ids sort as the rows were written. */
function uuidv7(ms: number): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let t = BigInt(ms);
  for (let i = 5; i >= 0; i--) {
    b[i] = Number(t & 0xffn);
    t >>= 8n;
  }
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Inserts the ledger in bulk (1,000 rows a statement) in one database transaction, with its
 * splits and the rollups the API would have written for the same rows (flowsOf/applyFlows,
 * the functions every ledger write path calls).
 */
export async function seedLedger(
  app: BenchApp,
  book: Ledgerbook,
  txs: GeneratedTransaction[],
): Promise<number> {
  const started = performance.now();
  const categoryId = (type: "income" | "expense", name: string) => {
    const id = book.categories.get(`${type}:${name}`);
    if (!id) throw new Error(`no ${type} category named ${name}`);
    return id;
  };
  const accountId = (key: string) => book.accounts.get(key)!.id;
  await app.db.transaction(async (tx) => {
    const flows: FlowRow[] = [];
    for (let i = 0; i < txs.length; i += 1000) {
      const chunk = txs.slice(i, i + 1000);
      const txRows: (typeof schema.transactions.$inferInsert)[] = [];
      const splitRows: (typeof schema.transactionSplits.$inferInsert)[] = [];
      for (const [j, t] of chunk.entries()) {
        const ms = Date.parse(`${t.date}T01:00:00Z`) + ((i + j) % 50_000) * 1000;
        const id = uuidv7(ms);
        const row = {
          id,
          householdId: app.householdId,
          type: t.type,
          date: t.date,
          amountCentavos: t.amountCentavos,
          accountId: accountId(t.account),
          toAccountId: t.toAccount ? accountId(t.toAccount) : null,
          categoryId: t.category && t.type !== "transfer" ? categoryId(t.type, t.category) : null,
          merchant: t.merchant,
          notes: t.notes,
          tags: t.tags,
          createdBy: app.userIds[t.createdBy],
          createdAt: new Date(ms),
          updatedAt: new Date(ms),
        };
        txRows.push(row);
        const splits = t.splits.map((s) => ({
          transactionId: id,
          categoryId: categoryId("expense", s.category),
          amountCentavos: s.amountCentavos,
        }));
        splitRows.push(...splits);
        flows.push(
          ...flowsOf(
            {
              type: row.type,
              date: row.date,
              amountCentavos: row.amountCentavos,
              accountId: row.accountId,
              toAccountId: row.toAccountId,
              categoryId: row.categoryId,
              merchant: row.merchant,
            },
            splits,
          ),
        );
      }
      await tx.insert(schema.transactions).values(txRows);
      if (splitRows.length) await tx.insert(schema.transactionSplits).values(splitRows);
    }
    await applyFlows(tx, flows, 1);
  });
  // fresh statistics, as autovacuum would have after a real 5 years
  await app.db.execute(sql`ANALYZE`);
  return performance.now() - started;
}

/**
 * The benchmark must measure a correct system: every balance the API reports for the owner
 * equals an independent sum over the transactions table (no rollups), and the month summary's
 * income and spending equal the same sums for that month.
 */
export async function verifyLedger(
  app: BenchApp,
  book: Ledgerbook,
  asOf: string,
  month: string,
): Promise<string> {
  const api = await expectOk(app.owner.get(`/api/accounts/balances?asOf=${asOf}`), "balances");
  const truth = new Map(
    (
      await rows<{ id: string; balance: string }>(
        app.db,
        sql`SELECT a.id, (a.opening_balance_centavos
          + coalesce((SELECT sum(CASE WHEN t.type = 'income' THEN t.amount_centavos ELSE -t.amount_centavos END)
                      FROM transactions t WHERE t.account_id = a.id AND t.deleted_at IS NULL AND t.date <= ${asOf}::date), 0)
          + coalesce((SELECT sum(t.amount_centavos) FROM transactions t
                      WHERE t.to_account_id = a.id AND t.deleted_at IS NULL AND t.date <= ${asOf}::date), 0))::text AS balance
        FROM accounts a WHERE a.household_id = ${app.householdId}::uuid`,
      )
    ).map((r) => [r.id, r.balance]),
  );
  const visible = [...book.accounts.values()].filter((a) => a.visibility === "shared" || a.owner === "owner");
  if (api.items.length !== visible.length)
    throw new Error(`balances: the owner sees ${api.items.length} accounts, expected ${visible.length}`);
  for (const item of api.items as { accountId: string; balanceCentavos: string }[]) {
    if (truth.get(item.accountId) !== item.balanceCentavos)
      throw new Error(
        `balance of ${item.accountId}: API ${item.balanceCentavos} ≠ SQL sum ${truth.get(item.accountId)}`,
      );
  }

  const summary = await expectOk(app.owner.get(`/api/transactions/summary?month=${month}`), "summary");
  const visibleIds = sql.join(
    visible.map((a) => sql`${a.id}::uuid`),
    sql`, `,
  );
  const [sums] = await rows<{ income: string; expense: string }>(
    app.db,
    sql`SELECT coalesce(sum(amount_centavos) FILTER (WHERE type = 'income'), 0)::text AS income,
               coalesce(sum(amount_centavos) FILTER (WHERE type = 'expense'), 0)::text AS expense
        FROM transactions WHERE deleted_at IS NULL AND account_id IN (${visibleIds})
          AND date >= ${`${month}-01`}::date AND date < (${`${month}-01`}::date + interval '1 month')`,
  );
  if (summary.incomeCentavos !== sums!.income || summary.expenseCentavos !== sums!.expense)
    throw new Error(
      `summary ${month}: API income ${summary.incomeCentavos} / spending ${summary.expenseCentavos} ≠ SQL ${sums!.income} / ${sums!.expense}`,
    );
  return `${api.items.length} balances and the ${month} summary match SQL sums over transactions`;
}
