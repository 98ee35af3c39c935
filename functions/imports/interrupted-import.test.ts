import { schema } from "@fintrack/db";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../lib/logger";
import { createRuntime, type Runtime } from "../runtime";
import { useTestApp } from "../testing";
import {
  balanceOf,
  expectRollupsMatchLedger,
  importFile,
  importingHousehold,
  liveTransactions,
  upload,
  waitForImport,
} from "./test-helpers";

const app = useTestApp();

const rowsOf = (n: number, merchantAt: (i: number) => string = (i) => `Shop ${i}`) =>
  [
    "Date,Amount,Merchant",
    ...Array.from(
      { length: n },
      (_, i) => `2024-11-${String((i % 28) + 1).padStart(2, "0")},${100 + i}.25,${merchantAt(i)}`,
    ),
  ].join("\n");
const sumOf = (n: number) =>
  Array.from({ length: n }, (_, i) => BigInt((100 + i) * 100 + 25)).reduce((a, b) => a + b, 0n);

const restarted: Runtime[] = [];
afterEach(async () => {
  for (const runtime of restarted.splice(0)) await runtime.close();
});

/** Another process starting on the same database, as after a crash or beside a live replica. */
async function startAnotherProcess() {
  const runtime = await createRuntime({
    db: app.db,
    config: app.config,
    log: createLogger("silent"),
    only: ["imports"],
    brokerTimeScale: 0.01,
  });
  restarted.push(runtime);
  return runtime;
}

/**
 * Commits a 2,500-row file and kills its importer in the second chunk the way a crash does:
 * the row "CRASH" is refused and the process "dies" before it can record the failure. What
 * is left is a batch "importing" with the first chunk written.
 */
async function crashMidImport(
  file: (household: Awaited<ReturnType<typeof importingHousehold>>) => Promise<string> = async () =>
    rowsOf(2500),
  source: "csv" | "fintrack" = "csv",
) {
  const household = await importingHousehold(app);
  const { owner, accounts } = household;
  const content = await file(household);
  await app.db.execute(sql`
    CREATE FUNCTION crash_on_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.merchant = 'Shop 1800' THEN RAISE EXCEPTION 'process killed (simulated)'; END IF;
      RETURN NEW;
    END $$`);
  await app.db.execute(
    sql`CREATE TRIGGER crash_on_row BEFORE INSERT ON transactions FOR EACH ROW EXECUTE FUNCTION crash_on_row()`,
  );
  await app.db.execute(sql`
    CREATE FUNCTION no_failure_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'process already dead (simulated)'; END $$`);
  await app.db.execute(
    sql`CREATE TRIGGER no_failure_recorded BEFORE UPDATE ON import_batches FOR EACH ROW
        WHEN (NEW.status = 'failed') EXECUTE FUNCTION no_failure_recorded()`,
  );
  const preview = await upload(owner, content, { source });
  const commit = await owner.post(`/api/imports/${preview.data.batchId}/commit`, {
    mapping: preview.data.suggestedMapping,
    defaults: { accountId: accounts.gcash },
  });
  expect(commit.status).toBe(202);
  // the dead process's job is over (it ended with the simulated crash)
  await app.runtime.modules.get("imports")!.close!();
  await app.db.execute(sql`DROP TRIGGER crash_on_row ON transactions`);
  await app.db.execute(sql`DROP TRIGGER no_failure_recorded ON import_batches`);
  const left = (await owner.get(`/api/imports/${preview.data.batchId}`)).data;
  expect(left.status).toBe("importing");
  expect(left.importedRows).toBeGreaterThan(0);
  expect(left.importedRows).toBeLessThan(1800);
  return { ...household, batchId: preview.data.batchId as string, written: left.importedRows as number };
}

/** The dead process's lease ran out: nobody renews a dead importer's heartbeat. */
const leaseExpired = (batchId: string) =>
  app.db
    .update(schema.importBatches)
    .set({ heartbeatAt: sql`now() - interval '10 minutes'` })
    .where(eq(schema.importBatches.id, batchId));

/** The process died, its lease ran out and the kept file is gone: the next process cannot resume it. */
async function restartWithoutItsFile(batchId: string) {
  await leaseExpired(batchId);
  await app.db
    .update(schema.importBatches)
    .set({ content: null })
    .where(eq(schema.importBatches.id, batchId));
  await startAnotherProcess();
}

describe("an import interrupted by a crash", () => {
  it("is resumed when the function starts again: every row once, counts and balances right", async () => {
    const { owner, householdId, accounts, batchId } = await crashMidImport();
    await leaseExpired(batchId);
    await startAnotherProcess();
    const batch = await waitForImport(owner, batchId);
    expect(batch).toMatchObject({
      status: "completed",
      totalRows: 2500,
      processedRows: 2500,
      importedRows: 2500,
      skippedRows: 0,
      error: null,
    });
    expect(batch.resumedAt).toEqual(expect.any(String));
    expect(batch.report.duplicateRows).toBe(0);
    const txs = await liveTransactions(app, householdId);
    expect(txs).toHaveLength(2500);
    expect(new Set(txs.map((t) => t.merchant)).size).toBe(2500);
    expect(txs.every((t) => t.importBatchId === batchId)).toBe(true);
    expect(await balanceOf(app, accounts.gcash)).toBe(500_000n - sumOf(2500));
    await expectRollupsMatchLedger(app);
    // and the resumed import undoes as one
    const undone = await owner.post(`/api/imports/${batchId}/undo`);
    expect(undone.data).toMatchObject({ status: "undone", undo: { removedRows: 2500, keptRows: 0 } });
    expect(await liveTransactions(app, householdId)).toHaveLength(0);
    await expectRollupsMatchLedger(app);
  });

  it("resumes a re-imported FinTrack export without counting the rows its IDs matched twice", async () => {
    // 300 entered by hand (imported, then made to look typed in: no batch, no fingerprint),
    // exported, and the export imported again with 2,200 new rows after them
    const { owner, householdId, accounts, batchId } = await crashMidImport(async ({ owner, accounts }) => {
      await importFile(
        owner,
        rowsOf(300, (i) => `Hand ${i}`),
        { defaults: { accountId: accounts.gcash } },
      );
      await app.db.execute(
        sql`UPDATE transactions SET import_batch_id = NULL, import_fingerprint = NULL WHERE account_id = ${accounts.gcash}::uuid`,
      );
      const exported = await owner.get("/api/imports/export.csv");
      const fresh = Array.from(
        { length: 2200 },
        (_, i) => `2024-12-01,Expense,${100 + i}.25,GCash,,,Shop ${i},,,,,,`,
      );
      return `${(exported.data as string).replace(/\r\n$/, "")}\r\n${fresh.join("\r\n")}`;
    }, "fintrack");
    await leaseExpired(batchId);
    await startAnotherProcess();
    await waitForImport(owner, batchId);
    const batch = (await owner.get(`/api/imports/${batchId}`)).data;
    expect(batch).toMatchObject({
      status: "completed",
      totalRows: 2500,
      processedRows: 2500,
      importedRows: 2200,
      skippedRows: 300,
    });
    expect(batch.report.duplicateRows).toBe(300);
    expect(batch.duplicates).toHaveLength(300);
    expect(
      new Set(batch.duplicates.map((d: { matched: { transactionId: string } }) => d.matched.transactionId))
        .size,
    ).toBe(300);
    expect(await liveTransactions(app, householdId)).toHaveLength(2500);
    expect(await balanceOf(app, accounts.gcash)).toBe(500_000n - sumOf(300) - sumOf(2200));
    await expectRollupsMatchLedger(app);
  });

  it("is failed at once with the reason when it cannot be resumed, and undoes at once", async () => {
    const { owner, householdId, accounts, batchId, written } = await crashMidImport();
    // an import started before the file was kept for resuming (or whose file is gone)
    await restartWithoutItsFile(batchId);
    const batch = await waitForImport(owner, batchId);
    expect(batch).toMatchObject({ status: "failed", importedRows: written });
    expect(batch.error).toMatch(/interrupted/i);
    expect(batch.error).toMatch(/undo/i);
    const undone = await owner.post(`/api/imports/${batchId}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.data).toMatchObject({ status: "undone", undo: { removedRows: written, keptRows: 0 } });
    expect(await liveTransactions(app, householdId)).toHaveLength(0);
    expect(await balanceOf(app, accounts.gcash)).toBe(500_000n);
    await expectRollupsMatchLedger(app);
  });

  it("is failed, not resumed again, when it keeps being interrupted", async () => {
    const { owner, batchId, written } = await crashMidImport();
    await leaseExpired(batchId);
    await app.db
      .update(schema.importBatches)
      .set({ resumeCount: 3 })
      .where(eq(schema.importBatches.id, batchId));
    await startAnotherProcess();
    const batch = await waitForImport(owner, batchId);
    expect(batch).toMatchObject({ status: "failed", importedRows: written });
    expect(batch.error).toMatch(/interrupted 4 times/);
    expect((await owner.post(`/api/imports/${batchId}/undo`)).data.undo.removedRows).toBe(written);
  });

  it("is not taken over while its importer's lease is alive (another replica is running it)", async () => {
    const { owner, batchId } = await crashMidImport();
    // its heartbeat is fresh: for all a new process knows, a live replica holds it
    await app.db
      .update(schema.importBatches)
      .set({ heartbeatAt: sql`now()` })
      .where(eq(schema.importBatches.id, batchId));
    const runtime = await startAnotherProcess();
    await runtime.modules.get("imports")!.close!();
    const batch = (await owner.get(`/api/imports/${batchId}`)).data;
    expect(batch).toMatchObject({ status: "importing", resumedAt: null });
    expect((await owner.post(`/api/imports/${batchId}/undo`)).status).toBe(409);
  });
});

describe("undo after importing the same rows again", () => {
  it("keeps the rows a later import matched and hands them to it; undoing that one removes them", async () => {
    const { owner, householdId, accounts } = await importingHousehold(app);
    const first = await importFile(owner, rowsOf(1000), { defaults: { accountId: accounts.gcash } });
    expect(first).toMatchObject({ status: "completed", importedRows: 1000 });
    // re-import first (the whole file this time), then undo the first
    const again = await importFile(owner, rowsOf(2500), { defaults: { accountId: accounts.gcash } });
    expect(again).toMatchObject({ status: "completed", importedRows: 1500, skippedRows: 1000 });

    const undoFirst = await owner.post(`/api/imports/${first.id}/undo`);
    expect(undoFirst.status).toBe(200);
    expect(undoFirst.data).toMatchObject({
      status: "undone",
      undo: { removedRows: 0, keptRows: 1000, keptFor: [{ batchId: again.id, rows: 1000 }] },
    });
    let txs = await liveTransactions(app, householdId);
    expect(txs).toHaveLength(2500);
    expect(txs.every((t) => t.importBatchId === again.id)).toBe(true);
    expect(await balanceOf(app, accounts.gcash)).toBe(500_000n - sumOf(2500));
    await expectRollupsMatchLedger(app);
    // the re-import now holds what it matched
    expect((await owner.get(`/api/imports/${again.id}`)).data).toMatchObject({
      importedRows: 2500,
      skippedRows: 0,
      report: { duplicateRows: 0 },
    });

    const undoAgain = await owner.post(`/api/imports/${again.id}/undo`);
    expect(undoAgain.data).toMatchObject({ status: "undone", undo: { removedRows: 2500, keptRows: 0 } });
    txs = await liveTransactions(app, householdId);
    expect(txs).toHaveLength(0);
    expect(await balanceOf(app, accounts.gcash)).toBe(500_000n);
    await expectRollupsMatchLedger(app);
  });

  it("in the other order each undo removes only its own rows", async () => {
    const { owner, householdId, accounts } = await importingHousehold(app);
    const first = await importFile(owner, rowsOf(1000), { defaults: { accountId: accounts.gcash } });
    const again = await importFile(owner, rowsOf(2500), { defaults: { accountId: accounts.gcash } });
    const undoAgain = await owner.post(`/api/imports/${again.id}/undo`);
    expect(undoAgain.data.undo).toMatchObject({ removedRows: 1500, keptRows: 0 });
    expect(await liveTransactions(app, householdId)).toHaveLength(1000);
    const undoFirst = await owner.post(`/api/imports/${first.id}/undo`);
    expect(undoFirst.data.undo).toMatchObject({ removedRows: 1000, keptRows: 0 });
    expect(await liveTransactions(app, householdId)).toHaveLength(0);
    await expectRollupsMatchLedger(app);
  });

  it("after a crash: re-import, then undo the interrupted batch — nothing vanishes", async () => {
    const { owner, householdId, accounts, batchId, written } = await crashMidImport();
    await restartWithoutItsFile(batchId);
    expect((await waitForImport(owner, batchId)).status).toBe("failed");
    const again = await importFile(owner, rowsOf(2500), { defaults: { accountId: accounts.gcash } });
    expect(again).toMatchObject({ importedRows: 2500 - written, skippedRows: written });
    const undone = await owner.post(`/api/imports/${batchId}/undo`);
    expect(undone.data.undo).toMatchObject({ removedRows: 0, keptRows: written });
    expect(await liveTransactions(app, householdId)).toHaveLength(2500);
    await expectRollupsMatchLedger(app);
  });
});

describe("a large import", () => {
  it("leaves the process answering other requests between its chunks", async () => {
    const { owner, accounts } = await importingHousehold(app);
    const preview = await upload(owner, rowsOf(20_000));
    const commit = await owner.post(`/api/imports/${preview.data.batchId}/commit`, {
      mapping: preview.data.suggestedMapping,
      defaults: { accountId: accounts.gcash },
    });
    expect(commit.status).toBe(202);
    const started = performance.now();
    // each probe is due 20 ms after the previous answer: a blocked event loop delays its timer too
    const waits: number[] = [];
    let status = "importing";
    while (status === "importing") {
      const due = performance.now() + 20;
      await new Promise((r) => setTimeout(r, 20));
      const health = await owner.get("/api/imports/health");
      expect(health.status).toBe(200);
      waits.push(performance.now() - due);
      status = (await owner.get(`/api/imports/${preview.data.batchId}`)).data.status;
    }
    const took = performance.now() - started;
    expect(status).toBe("completed");
    // meaningful only if the import itself took long enough to block anything
    expect(took).toBeGreaterThan(1000);
    // An import that held the event loop would make one wait about as long as the import; one
    // chunk of 80 may take a while on a loaded machine, so the bound grows with the import.
    expect(
      Math.max(...waits),
      `import ${Math.round(took)} ms; waits: ${waits.map(Math.round).join(",")}`,
    ).toBeLessThan(Math.max(500, took / 5));
    expect(waits.length).toBeGreaterThan(5);
  }, 120_000);
});
