import { schema } from "@fintrack/db";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { householdOfTwo, type TestClient, useTestApp } from "../testing";
import { addAccount, balanceOf, patch, record, summaryOf } from "../transactions/testing";

// Reconcile: docs/ledger-api.md#reconcile. Arranged and checked through the public API only.
const app = useTestApp("per file");
let owner: TestClient;
let partner: TestClient;

beforeAll(async () => {
  ({ owner, partner } = await householdOfTwo(app));
});

const previewOf = (c: TestClient, id: string, query: string) =>
  c.get(`/api/accounts/${id}/reconcile?${query}`);
const reconcile = (c: TestClient, id: string, body: unknown) =>
  c.post(`/api/accounts/${id}/reconciliations`, body);
const clearedOf = async (c: TestClient, accountId: string) =>
  Object.fromEntries(
    (await c.get(`/api/transactions?accountId=${accountId}&limit=200`)).data.items.map((t: any) => [
      t.id,
      t.cleared,
    ]),
  );

describe.each([
  ["the owner", () => owner],
  ["the partner", () => partner],
] as const)("%s reconciling", (who, me) => {
  it("an e-wallet: previews the difference, records it as an adjustment that is neither income nor spending, clears entries up to the date", async () => {
    const c = me();
    const wallet = await addAccount(c, {
      name: `GCash ${who}`,
      kind: "ewallet",
      openingBalance: "1000",
      openingDate: "2026-01-01",
    });
    const spent = await record(c, {
      type: "expense",
      date: "2026-02-03",
      amount: "120.50",
      accountId: wallet,
    });
    const paid = await record(c, { type: "income", date: "2026-02-10", amount: "500", accountId: wallet });
    const later = await record(c, { type: "expense", date: "2026-03-01", amount: "50", accountId: wallet });
    const before = await summaryOf(c, "2026-02");

    // the app shows ₱1,370.00; FinTrack says 1000 − 120.50 + 500 = ₱1,379.50 on 28 Feb
    const preview = await previewOf(c, wallet, "asOf=2026-02-28&statementBalance=1,370.00");
    expect(preview.status).toBe(200);
    expect(preview.data).toMatchObject({
      asOf: "2026-02-28",
      balanceCentavos: "137950",
      statementBalanceCentavos: "137000",
      differenceCentavos: "-950",
      lastReconciliation: null,
    });
    expect(preview.data.uncleared.map((t: any) => [t.id, t.amountCentavos])).toEqual([
      [paid.id, "50000"],
      [spent.id, "-12050"],
    ]);

    const done = await reconcile(c, wallet, { asOf: "2026-02-28", statementBalance: "1370" });
    expect(done.status).toBe(201);
    expect(done.data).toMatchObject({
      adjustmentCentavos: "-950",
      clearedCount: 2,
      balanceBeforeCentavos: "137950",
    });

    // the balance now agrees with the app, on the day and afterwards (a later month reads the monthly totals)
    expect(await balanceOf(c, wallet, "2026-02-28")).toBe("137000");
    expect(await balanceOf(c, wallet, "2026-03-31")).toBe("132000");
    expect(await balanceOf(c, wallet, "2026-02-27")).toBe("137950");
    // never income or spending
    expect(await summaryOf(c, "2026-02")).toEqual(before);
    // the list shows what is cleared; the filter finds the rest
    expect(await clearedOf(c, wallet)).toEqual({ [spent.id]: true, [paid.id]: true, [later.id]: false });
    const open = await c.get(`/api/transactions?accountId=${wallet}&cleared=false`);
    expect(open.data.items.map((t: any) => t.id)).toEqual([later.id]);

    // the next preview starts from there
    const next = await previewOf(c, wallet, "asOf=2026-03-31");
    expect(next.data.uncleared.map((t: any) => t.id)).toEqual([later.id]);
    expect(next.data.lastReconciliation).toMatchObject({ id: done.data.id, adjustmentCentavos: "-950" });
    expect(next.data.differenceCentavos).toBeNull();
  });

  it("with no difference records no adjustment but still clears", async () => {
    const c = me();
    const bank = await addAccount(c, {
      name: `BPI ${who}`,
      kind: "bank",
      openingBalance: "0",
      openingDate: "2026-01-01",
    });
    const t = await record(c, { type: "income", date: "2026-01-15", amount: "2500", accountId: bank });
    const done = await reconcile(c, bank, { asOf: "2026-01-31", statementBalance: "2500.00" });
    expect(done.status).toBe(201);
    expect(done.data).toMatchObject({ adjustmentCentavos: "0", clearedCount: 1 });
    expect(await balanceOf(c, bank, "2026-01-31")).toBe("250000");
    expect(await clearedOf(c, bank)).toEqual({ [t.id]: true });
    const history = await c.get(`/api/accounts/${bank}/reconciliations`);
    expect(history.status).toBe(200);
    expect(history.data.items.map((r: any) => r.id)).toEqual([done.data.id]);
  });

  it("a card against its statement: the amount owed is entered positive", async () => {
    const c = me();
    const card = await addAccount(c, {
      name: `Visa ${who}`,
      kind: "credit_card",
      openingBalance: "0",
      openingDate: "2026-01-01",
      card: { last4: "4242", creditLimit: "50000", statementDay: 20, dueDay: 10 },
    });
    await record(c, { type: "expense", date: "2026-01-05", amount: "3000", accountId: card });
    await record(c, { type: "expense", date: "2026-01-25", amount: "99", accountId: card });
    // the statement of 20 January says ₱3,015.00 owed (a ₱15 fee FinTrack does not know of)
    const preview = await previewOf(c, card, "asOf=2026-01-20&statementBalance=3015");
    expect(preview.data).toMatchObject({ balanceCentavos: "300000", differenceCentavos: "1500" });
    expect(preview.data.uncleared).toHaveLength(1);
    const january = await summaryOf(c, "2026-01");
    const done = await reconcile(c, card, { asOf: "2026-01-20", statementBalance: "3015" });
    // the ₱15 is no spending: the month's summary is as it was
    expect(await summaryOf(c, "2026-01")).toEqual(january);
    // one more peso owed is one less peso of asset
    expect(done.data).toMatchObject({ adjustmentCentavos: "-1500", statementBalanceCentavos: "301500" });
    expect(await balanceOf(c, card, "2026-01-20")).toBe("-301500");
    expect(await balanceOf(c, card, "2026-01-31")).toBe("-311400");
    // without a date, a card reconciles as of its last statement
    const dflt = await previewOf(c, card, "statementBalance=0");
    expect(dflt.status).toBe(200);
    const acc = await c.get(`/api/accounts/${card}`);
    expect(dflt.data.asOf).toBe(acc.data.card.lastStatementDate);
  });

  it("changing how a cleared entry moves money un-clears it; a new note keeps it cleared", async () => {
    const c = me();
    const cash = await addAccount(c, {
      name: `Cash ${who}`,
      kind: "cash",
      openingBalance: "0",
      openingDate: "2026-01-01",
    });
    const t = await record(c, { type: "expense", date: "2026-01-02", amount: "10", accountId: cash });
    await reconcile(c, cash, { asOf: "2026-01-31", statementBalance: "-10" });
    expect((await patch(c, `/api/transactions/${t.id}`, { notes: "lunch" })).data.cleared).toBe(true);
    const moved = await patch(c, `/api/transactions/${t.id}`, { amount: "12" });
    expect(moved.status).toBe(200);
    expect(moved.data).toMatchObject({ cleared: false, clearedAt: null });
  });
});

describe("who may reconcile", () => {
  it("the other member cannot reconcile or even see a private account: 404, nothing recorded", async () => {
    const mine = await addAccount(owner, {
      name: "Own savings",
      kind: "bank",
      visibility: "private",
      openingBalance: "100",
      openingDate: "2026-01-01",
    });
    const t = await record(owner, { type: "expense", date: "2026-01-02", amount: "10", accountId: mine });
    for (const res of [
      await previewOf(partner, mine, "statementBalance=0"),
      await reconcile(partner, mine, { statementBalance: "0" }),
      await partner.get(`/api/accounts/${mine}/reconciliations`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect(await balanceOf(owner, mine, "2026-01-31")).toBe("9000");
    expect(await clearedOf(owner, mine)).toEqual({ [t.id]: false });
  });

  it("refuses bad input with problem+json", async () => {
    const bank = await addAccount(owner, { name: "Bad input", kind: "bank", openingDate: "2026-01-01" });
    for (const body of [
      {},
      { statementBalance: "1.234" },
      { statementBalance: "abc" },
      { statementBalance: "1", asOf: "2026-02-30" },
      { statementBalance: "1", asOf: "2025-12-31" },
    ]) {
      const res = await reconcile(owner, bank, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await previewOf(owner, bank, "statementBalance=x")).status).toBe(400);
    expect((await previewOf(owner, "not-a-uuid", "")).status).toBe(400);
    expect((await owner.get(`/api/accounts/${bank}/reconciliations`)).data.items).toEqual([]);
  });

  it("announces each reconciliation through the outbox", async () => {
    await app.runtime.settle();
    const events = await app.db
      .select()
      .from(schema.outbox)
      .where(eq(schema.outbox.type, "ph.fintrack.account.reconciled.v1"));
    // four reconciliations by each member above
    expect(events).toHaveLength(8);
    expect(events.map((e) => (e.data as any).adjustmentCentavos)).toContain("-950");
    expect(events.every((e) => e.publishedAt !== null)).toBe(true);
  });
});
