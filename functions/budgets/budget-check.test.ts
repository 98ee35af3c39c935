import { rows, schema } from "@fintrack/db";
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { importFile } from "../imports/test-helpers";
import { householdOfTwo, type TestClient, useTestApp } from "../testing";
import { addAccount, categoryId, patch, record } from "../transactions/testing";
import { addMonths, monthOf, todayInManila } from "./months";

const app = useTestApp("per test");
let owner: TestClient;
let partner: TestClient;
let ownerUser: { id: string; householdId: string };
let bank: string;
let groceries: string;
const today = todayInManila();
const month = monthOf(today);
const lastMonth = addMonths(month, -1);

beforeEach(async () => {
  ({ owner, partner, ownerUser } = await householdOfTwo(app));
  bank = await addAccount(owner, {
    name: "BPI",
    kind: "bank",
    openingBalance: "100000",
    openingDate: "2026-01-01",
  });
  groceries = await categoryId(owner, "Groceries");
});

interface Alert {
  budgetId: string;
  month: string;
  thresholdPercent: number;
  spentCentavos: string;
  limitCentavos: string;
  memberId: string | null;
  categoryId: string | null;
  householdId: string;
}

/** Every budget.threshold_crossed event budget-check wrote to the outbox. */
async function alerts(): Promise<Alert[]> {
  await app.runtime.settle();
  const list = await app.db
    .select({ data: schema.outbox.data })
    .from(schema.outbox)
    .where(eq(schema.outbox.type, "ph.fintrack.budget.threshold_crossed.v1"))
    .orderBy(schema.outbox.id);
  return list.map((r) => r.data as Alert);
}

const grocery = (amount: string, date = today, c = owner) =>
  record(c, { type: "expense", date, amount, accountId: bank, categoryId: groceries });

async function budget(body: Record<string, unknown>): Promise<string> {
  const res = await owner.post("/api/budgets", body);
  expect(res.status, JSON.stringify(res.data)).toBe(201);
  return res.data.id;
}

describe("budget-check through the broker", () => {
  it("an expense crossing 80% alerts once; the same event delivered twice, or a copy of it, adds nothing", async () => {
    const id = await budget({ categoryId: groceries, limit: "1000", fromMonth: lastMonth });
    await grocery("700");
    expect(await alerts()).toEqual([]);
    const t = await grocery("150", today, partner);
    expect(await alerts()).toEqual([
      {
        householdId: ownerUser.householdId,
        budgetId: id,
        categoryId: groceries,
        memberId: null,
        month,
        thresholdPercent: 80,
        spentCentavos: "85000",
        limitCentavos: "100000",
      },
    ]);
    // the broker delivers the transaction.created event again (same id): skipped
    const [created] = await rows<{ id: string }>(
      app.db,
      sql`SELECT id FROM outbox WHERE type = 'ph.fintrack.transaction.created.v1' AND data->>'transactionId' = ${t.id}`,
    );
    await app.db.execute(
      sql`UPDATE outbox SET published_at = NULL, claimed_until = NULL, next_attempt_at = now() WHERE id = ${created!.id}::uuid`,
    );
    // and a duplicate under a new id runs budget-check again: it recounts, finds the alert taken
    await app.db.execute(
      sql`INSERT INTO outbox (type, source, subject, data) SELECT type, source, subject, data FROM outbox WHERE id = ${created!.id}::uuid`,
    );
    expect(await alerts()).toHaveLength(1);
    const processed = await rows<{ n: number }>(
      app.db,
      sql`SELECT count(*)::int AS n FROM processed_events WHERE consumer = 'budgets'`,
    );
    // the three expenses' events and the copy; the redelivery was not processed again
    expect(processed[0]!.n).toBe(3);
    const progress = await owner.get(`/api/budgets/progress?month=${month}`);
    expect(progress.data.items[0]).toMatchObject({ alerted: [80], spentCentavos: "85000" });
    // crossing 100% later is its own alert
    await grocery("200");
    expect((await alerts()).map((a) => [a.thresholdPercent, a.spentCentavos])).toEqual([
      [80, "85000"],
      [100, "105000"],
    ]);
  });

  it("an edit back under then over again does not alert again that month (once per month)", async () => {
    await budget({ categoryId: groceries, limit: "1000" });
    const t = await grocery("900");
    expect(await alerts()).toHaveLength(1);
    expect((await patch(owner, `/api/transactions/${t.id}`, { amount: "100" })).status).toBe(200);
    expect(await alerts()).toHaveLength(1);
    expect((await patch(owner, `/api/transactions/${t.id}`, { amount: "950" })).status).toBe(200);
    // deleted and restored: still the same month's alert
    expect((await owner.delete(`/api/transactions/${t.id}`)).status).toBe(204);
    expect((await owner.post(`/api/transactions/${t.id}/restore`)).status).toBe(200);
    expect((await alerts()).map((a) => a.thresholdPercent)).toEqual([80]);
  });

  it("an edit that moves spending to another month rechecks both months", async () => {
    await budget({ categoryId: groceries, limit: "1000", fromMonth: lastMonth });
    const t = await grocery("900");
    expect((await alerts()).map((a) => a.month)).toEqual([month]);
    const moved = await patch(owner, `/api/transactions/${t.id}`, { date: `${lastMonth}-15` });
    expect(moved.status).toBe(200);
    expect((await alerts()).map((a) => [a.month, a.thresholdPercent])).toEqual([
      [month, 80],
      [lastMonth, 80],
    ]);
    // and the current month's progress no longer counts it
    const now = await owner.get(`/api/budgets/progress?month=${month}`);
    expect(now.data.items[0]).toMatchObject({ spentCentavos: "0", alerted: [80] });
  });

  it("a large import crossing 100% alerts once per threshold; undo and re-import alert nothing more", async () => {
    const id = await budget({ limit: "1000" });
    const csv = [
      "Date,Description,Amount",
      ...Array.from({ length: 40 }, (_, i) => `${today},Palengke ${i + 1},-50.00`),
    ].join("\n");
    const first = await importFile(owner, csv, { defaults: { accountId: bank } });
    expect(first).toMatchObject({ status: "completed", importedRows: 40 });
    const crossed = await alerts();
    expect(crossed.map((a) => [a.budgetId, a.thresholdPercent, a.spentCentavos])).toEqual([
      [id, 80, "200000"],
      [id, 100, "200000"],
    ]);

    const undo = await owner.post(`/api/imports/${first.id}/undo`);
    expect(undo.status).toBe(200);
    await app.runtime.settle();
    const [undone] = await rows<{ data: Record<string, unknown> }>(
      app.db,
      sql`SELECT data FROM outbox WHERE type = 'ph.fintrack.import.undone.v1'`,
    );
    expect(undone!.data).toEqual({
      householdId: ownerUser.householdId,
      batchId: first.id,
      undoneBy: ownerUser.id,
      removedRows: 40,
      fromDate: today,
      toDate: today,
    });
    expect((await owner.get(`/api/budgets/progress?month=${month}`)).data.items[0].spentCentavos).toBe("0");

    const again = await importFile(owner, csv, { defaults: { accountId: bank } });
    expect(again).toMatchObject({ status: "completed", importedRows: 40 });
    expect(await alerts()).toHaveLength(2);
  });

  it("household budgets ignore private accounts; a personal budget alerts for its member", async () => {
    await budget({ limit: "100" });
    const personal = await budget({ limit: "100", personal: true });
    const mine = await addAccount(owner, { name: "Maya", kind: "ewallet", visibility: "private" });
    await record(owner, {
      type: "expense",
      date: today,
      amount: "500",
      accountId: mine,
      categoryId: groceries,
    });
    // a card payment and a transfer are never spending
    await record(owner, {
      type: "transfer",
      date: today,
      amount: "5000",
      accountId: bank,
      toAccountId: mine,
    });
    expect(await alerts()).toEqual([
      expect.objectContaining({ budgetId: personal, memberId: ownerUser.id, thresholdPercent: 80 }),
      expect.objectContaining({ budgetId: personal, memberId: ownerUser.id, thresholdPercent: 100 }),
    ]);
  });

  it("a limit lowered below what is already spent alerts at once", async () => {
    const id = await budget({ categoryId: groceries, limit: "5000", thresholds: [50] });
    await grocery("1000");
    expect(await alerts()).toEqual([]);
    expect((await patch(owner, `/api/budgets/${id}`, { limit: "1500" })).status).toBe(200);
    expect((await alerts()).map((a) => [a.thresholdPercent, a.limitCentavos])).toEqual([[50, "150000"]]);
  });

  it("recounts from the database: a stale or out-of-order payload's amount is never added", async () => {
    await budget({ categoryId: groceries, limit: "1000" });
    const t = await grocery("100");
    await app.runtime.settle();
    // an old "updated" event arriving late, claiming ₱5,000 (the entry is ₱100 now)
    const [created] = await rows<{ data: Record<string, unknown> }>(
      app.db,
      sql`SELECT data FROM outbox WHERE type = 'ph.fintrack.transaction.created.v1' AND data->>'transactionId' = ${t.id}`,
    );
    const stale = { ...created!.data, amountCentavos: "500000", previous: created!.data };
    await app.db.execute(
      sql`INSERT INTO outbox (type, source, subject, data)
          VALUES ('ph.fintrack.transaction.updated.v1', '/fintrack/transactions', ${t.id}, ${JSON.stringify(stale)}::jsonb)`,
    );
    expect(await alerts()).toEqual([]);
    // budget-check did run on it (the created event and the stale one)
    const processed = await rows<{ n: number }>(
      app.db,
      sql`SELECT count(*)::int AS n FROM processed_events WHERE consumer = 'budgets'`,
    );
    expect(processed[0]!.n).toBe(2);
    const p = await owner.get(`/api/budgets/progress?month=${month}`);
    expect(p.data.items[0]).toMatchObject({ spentCentavos: "10000", alerted: [] });
  });
});
