import { randomBytes } from "node:crypto";
import { rows, schema } from "@fintrack/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../testing";
import { CHUNK_ROWS } from "./importer";
import {
  balanceOf,
  expectRollupsMatchLedger,
  fixture,
  importFile,
  importingHousehold,
  liveTransactions,
  upload,
  waitForImport,
} from "./test-helpers";

const app = useTestApp();

const MB = 1024 * 1024;

describe("generic CSV import", () => {
  it("reads a bank statement: semicolons, debit/credit columns, day-first dates", async () => {
    const { owner, householdId, accounts } = await importingHousehold(app);
    const preview = await upload(owner, fixture("bank-statement.csv"), { filename: "bpi-nov.csv" });
    expect(preview.status).toBe(201);
    expect(preview.data.suggestedMapping).toMatchObject({
      date: "Transaction Date",
      merchant: "Description",
      outflow: "Debit",
      inflow: "Credit",
      amount: null,
    });
    const commit = await owner.post(`/api/imports/${preview.data.batchId}/commit`, {
      mapping: preview.data.suggestedMapping,
      defaults: { accountId: accounts.bpi },
    });
    expect(commit.status).toBe(202);
    expect(commit.data).toMatchObject({ status: "importing", totalRows: 4 });
    const batch = await waitForImport(owner, preview.data.batchId);
    expect(batch).toMatchObject({ status: "completed", importedRows: 4, skippedRows: 0, errors: [] });

    const txs = await liveTransactions(app, householdId);
    expect(txs.map((t) => [t.date, t.type, t.amountCentavos, t.merchant])).toEqual([
      ["2024-11-03", "expense", 123_450n, "POS PUREGOLD QI CENTRAL"],
      ["2024-11-05", "income", 250_000n, "INSTAPAY TRANSFER FROM J DELA CRUZ"],
      ["2024-11-13", "expense", 189_900n, "BILLS PAYMENT PLDT"],
      ["2024-11-15", "income", 4_500_000n, "PAYROLL CREDIT"],
    ]);
    expect(txs.every((t) => t.accountId === accounts.bpi && t.categoryId === null)).toBe(true);
    expect(await balanceOf(app, accounts.bpi)).toBe(
      10_000_000n - 123_450n + 250_000n - 189_900n + 4_500_000n,
    );
    await expectRollupsMatchLedger(app);
  });

  it("reads ambiguous numeric dates in the order the member chooses", async () => {
    const { owner, householdId, accounts } = await importingHousehold(app);
    const csv = "Date,Amount,Description\n03/11/2024,100,Load\n04/11/2024,200,Load\n";
    const mapping = { date: "Date", amount: "Amount", merchant: "Description" };
    const dmy = await importFile(owner, csv, {
      mapping,
      defaults: { accountId: accounts.gcash },
      dateFormat: "DMY",
    });
    expect(dmy.importedRows).toBe(2);
    expect((await liveTransactions(app, householdId)).map((t) => t.date)).toEqual([
      "2024-11-03",
      "2024-11-04",
    ]);
  });

  it("treats negative amounts as expenses and positive ones as the default type", async () => {
    const { owner, householdId, accounts } = await importingHousehold(app);
    const csv = 'Date,Amount,Payee\n2024-11-01,-1500.00,Rent share\n2024-11-02,"₱12,000",Freelance client\n';
    await importFile(owner, csv, { defaults: { accountId: accounts.gcash, type: "income" } });
    const txs = await liveTransactions(app, householdId);
    expect(txs.map((t) => [t.type, t.amountCentavos, t.merchant])).toEqual([
      ["expense", 150_000n, "Rent share"],
      ["income", 1_200_000n, "Freelance client"],
    ]);
  });

  it("answers 422 when no row reads with the chosen mapping, and the batch can still be committed", async () => {
    const { owner, accounts } = await importingHousehold(app);
    const preview = await upload(owner, fixture("notion-expenses.csv"), { source: "notion" });
    const wrong = await owner.post(`/api/imports/${preview.data.batchId}/commit`, {
      mapping: { date: "Name", amount: "Amount" },
      defaults: { accountId: accounts.gcash },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.data.title).toBe("Nothing to import");
    expect(wrong.data.errors[0]).toEqual({ path: "row 2", message: 'Date "Jollibee lunch" is not a date' });
    const body = {
      mapping: preview.data.suggestedMapping,
      defaults: { accountId: accounts.gcash },
      values: { accounts: [{ value: "Coins Wallet", accountId: accounts.gcash }] },
    };
    const right = await owner.post(`/api/imports/${preview.data.batchId}/commit`, body);
    expect(right.status).toBe(202);
    await waitForImport(owner, preview.data.batchId);
    const twice = await owner.post(`/api/imports/${preview.data.batchId}/commit`, body);
    expect(twice.status).toBe(409);
  });
});

describe("files that are not CSVs of transactions", () => {
  async function expectNothingStored() {
    expect(await app.db.select({ id: schema.importBatches.id }).from(schema.importBatches)).toEqual([]);
    expect(await app.db.select({ id: schema.transactions.id }).from(schema.transactions)).toEqual([]);
  }

  it("refuses 10 MB of binary garbage with a clear 422 and stores nothing", async () => {
    const { owner } = await importingHousehold(app);
    const res = await upload(owner, randomBytes(10 * MB), { filename: "photo.csv" });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.data).toMatchObject({ title: "Not a CSV of transactions" });
    expect(res.data.detail).toMatch(/not text/);
    await expectNothingStored();
  });

  it("refuses 10 MB of text that is no table of transactions", async () => {
    const { owner } = await importingHousehold(app);
    const line = "Lorem ipsum, dolor sit amet, consectetur adipiscing elit, sed do eiusmod\n";
    const junk = line.repeat(Math.floor((10 * MB) / line.length));
    const res = await upload(owner, junk);
    expect(res.status).toBe(422);
    expect(res.data.detail).toBe("No row has both a date and an amount. Check that this is the right file.");
    await expectNothingStored();
  });

  it("refuses a file without a header row and one with a header only", async () => {
    const { owner } = await importingHousehold(app);
    const noHeader = await upload(owner, "2024-11-03\n2024-11-04\n");
    expect(noHeader.status).toBe(422);
    expect(noHeader.data.detail).toMatch(/not a header/);
    const headerOnly = await upload(owner, "Date,Amount,Category\r\n");
    expect(headerOnly.status).toBe(422);
    expect(headerOnly.data.detail).toBe("The file has a header but no rows.");
    const empty = await upload(owner, "");
    expect(empty.status).toBe(422);
    await expectNothingStored();
  });

  it("answers 413 for a file over 10 MB, whether the gateway or the function catches it", async () => {
    const { owner } = await importingHousehold(app);
    const justOver = await upload(owner, "a".repeat(10 * MB + 1));
    expect(justOver.status).toBe(413);
    expect(justOver.data.detail).toBe("The file is larger than 10 MB.");
    const wayOver = await upload(owner, "a".repeat(12 * MB));
    expect(wayOver.status).toBe(413);
    expect(wayOver.headers.get("content-type")).toContain("application/problem+json");
    await expectNothingStored();
  });

  it("answers 400 for a preview without a file", async () => {
    const { owner } = await importingHousehold(app);
    const form = new FormData();
    form.set("source", "notion");
    const res = await owner.request("/api/imports/preview", { method: "POST", body: form });
    expect(res.status).toBe(400);
    expect(res.data.errors.map((e: { path: string }) => e.path)).toEqual(["file"]);
  });
});

describe("large files", () => {
  it("imports 10,000 rows in chunks and reports progress up to the total", async () => {
    const { owner, householdId, accounts } = await importingHousehold(app);
    const merchants = ["Jollibee", "7-Eleven", "Grab", "Mercury Drug", "SM Hypermarket", "Shell"];
    const categories = [
      "Food & Dining",
      "Food & Dining",
      "Transportation",
      "Health",
      "Groceries",
      "Transportation",
    ];
    const lines = ["Name,Amount,Category,Date,Account,Type,Notes"];
    let expectedSpent = 0n;
    for (let i = 0; i < 10_000; i++) {
      const m = i % merchants.length;
      const centavos = BigInt(5_000 + ((i * 7919) % 500_000));
      expectedSpent += centavos;
      const date = `2024-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`;
      const pesos = `${centavos / 100n}.${String(centavos % 100n).padStart(2, "0")}`;
      lines.push(
        `${merchants[m]},"₱${pesos}",${categories[m]},${date},${i % 2 ? "GCash" : "BPI Savings"},Expense,#${i}`,
      );
    }
    const csv = `${lines.join("\r\n")}\r\n`;
    const preview = await upload(owner, csv, { source: "notion" });
    expect(preview.data.rowCount).toBe(10_000);

    const seen = new Set<number>();
    const commit = await owner.post(`/api/imports/${preview.data.batchId}/commit`, {
      mapping: preview.data.suggestedMapping,
      defaults: { accountId: accounts.gcash },
    });
    expect(commit.status).toBe(202);
    let batch = commit.data;
    // polled as the page does, not in a tight loop: a slow machine must not run into the
    // gateway's per-client limit (600 a minute) before the import ends
    while (batch.status === "importing") {
      seen.add(batch.processedRows);
      await new Promise((r) => setTimeout(r, 200));
      const res = await owner.get(`/api/imports/${batch.id}`);
      expect(res.status).toBe(200);
      batch = res.data;
    }
    expect(batch).toMatchObject({
      status: "completed",
      totalRows: 10_000,
      processedRows: 10_000,
      importedRows: 10_000,
      skippedRows: 0,
    });
    expect([...seen].every((n) => n >= 0 && n <= 10_000 && n % CHUNK_ROWS === 0)).toBe(true);

    const txs = await liveTransactions(app, householdId);
    expect(txs).toHaveLength(10_000);
    expect(txs.reduce((sum, t) => sum + t.amountCentavos, 0n)).toBe(expectedSpent);
    await expectRollupsMatchLedger(app);
    // the planner knows the table grew: statistics were refreshed before the batch completed
    const [stats] = await rows<{ n: number }>(
      app.db,
      sql`SELECT reltuples::int AS n FROM pg_class WHERE relname = 'transactions'`,
    );
    expect(stats!.n).toBeGreaterThanOrEqual(9_000);
  });
});

describe("when an import breaks", () => {
  const rowsOf = (n: number, merchantAt: (i: number) => string) =>
    [
      "Date,Amount,Merchant",
      ...Array.from(
        { length: n },
        (_, i) => `2024-11-${String((i % 28) + 1).padStart(2, "0")},${100 + i}.25,${merchantAt(i)}`,
      ),
    ].join("\n");

  it("marks the batch failed with a message, keeps what was recorded consistent, and lets it be undone", async () => {
    const { owner, householdId, accounts } = await importingHousehold(app);
    // the database refuses one row of the second chunk
    await app.db.execute(sql`
      CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.merchant = 'BOOM' THEN RAISE EXCEPTION 'disk full (simulated)'; END IF;
        RETURN NEW;
      END $$`);
    await app.db.execute(
      sql`CREATE TRIGGER refuse_boom BEFORE INSERT ON transactions FOR EACH ROW EXECUTE FUNCTION refuse_boom()`,
    );
    const csv = rowsOf(2500, (i) => (i === 1600 ? "BOOM" : `Shop ${i}`));
    const batch = await importFile(owner, csv, { defaults: { accountId: accounts.gcash } });
    const recorded = 1600 - (1600 % CHUNK_ROWS);
    expect(batch).toMatchObject({
      status: "failed",
      importedRows: recorded,
      processedRows: recorded,
      error: `The import stopped after ${recorded.toLocaleString("en-PH")} transactions were recorded; undo it and try again.`,
    });
    expect(batch.error).not.toMatch(/disk full|insert into|refuse_boom/i);
    expect(await liveTransactions(app, householdId)).toHaveLength(recorded);
    await expectRollupsMatchLedger(app);

    const undone = await owner.post(`/api/imports/${batch.id}/undo`);
    expect(undone.data.status).toBe("undone");
    expect(await liveTransactions(app, householdId)).toHaveLength(0);
    expect(await balanceOf(app, accounts.gcash)).toBe(500_000n);
    await expectRollupsMatchLedger(app);
  });
});
