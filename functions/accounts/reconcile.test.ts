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

// --- per-side clearing and undo ------------------------------------------------------------------

const undo = (c: TestClient, id: string, reconciliationId: string) =>
  c.post(`/api/accounts/${id}/reconciliations/${reconciliationId}/undo`, {});

/** Reconciles at FinTrack's own balance: no adjustment, only clearing. */
async function reconcileAsIs(c: TestClient, id: string, asOf: string) {
  const p = await previewOf(c, id, `asOf=${asOf}`);
  const centavos = BigInt(p.data.balanceCentavos);
  const abs = centavos < 0n ? -centavos : centavos;
  const pesos = `${centavos < 0n ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
  const done = await reconcile(c, id, { asOf, statementBalance: pesos });
  expect(done.status).toBe(201);
  return done.data;
}

/** Each entry's clearing per side, as the API reports it. */
const sidesOf = async (c: TestClient, id: string) => {
  const t = (await c.get(`/api/transactions/${id}`)).data;
  return { cleared: t.cleared, clearedAt: t.clearedAt, toCleared: t.toCleared, toClearedAt: t.toClearedAt };
};
const unclearedIds = async (c: TestClient, accountId: string, asOf: string) =>
  (await previewOf(c, accountId, `asOf=${asOf}`)).data.uncleared.map((t: any) => t.id);
const listed = async (c: TestClient, query: string) =>
  (await c.get(`/api/transactions?${query}&limit=200`)).data.items.map((t: any) => t.id);

describe("a transfer is cleared per side", () => {
  it("reconciling its source leaves it uncleared for the destination, whose preview still lists it", async () => {
    const bank = await addAccount(owner, {
      name: "Sides bank",
      kind: "bank",
      openingBalance: "5000",
      openingDate: "2026-01-01",
    });
    const wallet = await addAccount(owner, {
      name: "Sides wallet",
      kind: "ewallet",
      openingDate: "2026-01-01",
    });
    const topUp = await record(owner, {
      type: "transfer",
      date: "2026-03-05",
      amount: "500",
      accountId: bank,
      toAccountId: wallet,
    });

    const done = await reconcileAsIs(owner, bank, "2026-03-31");
    expect(done.clearedCount).toBe(1);
    expect(await sidesOf(owner, topUp.id)).toMatchObject({
      cleared: true,
      toCleared: false,
      toClearedAt: null,
    });
    expect(await unclearedIds(owner, bank, "2026-03-31")).toEqual([]);
    // the wallet was never reconciled: the top-up is still open there, as money in
    const walletPreview = await previewOf(owner, wallet, "asOf=2026-03-31");
    expect(walletPreview.data.uncleared).toEqual([
      expect.objectContaining({ id: topUp.id, amountCentavos: "50000" }),
    ]);
    expect(await listed(owner, `accountId=${wallet}&cleared=false`)).toEqual([topUp.id]);
    expect(await listed(owner, `accountId=${wallet}&cleared=true`)).toEqual([]);
    expect(await listed(owner, `accountId=${bank}&cleared=true`)).toEqual([topUp.id]);
    // unfiltered, an entry is cleared when every side is
    expect(await listed(owner, "cleared=true")).not.toContain(topUp.id);
    expect(await listed(owner, "cleared=false")).toContain(topUp.id);

    // reconciling the wallet clears its side, and only that
    const walletDone = await reconcileAsIs(owner, wallet, "2026-03-31");
    expect(walletDone.clearedCount).toBe(1);
    const sides = await sidesOf(owner, topUp.id);
    expect(sides).toMatchObject({
      cleared: true,
      toCleared: true,
      clearedAt: done.createdAt,
      toClearedAt: walletDone.createdAt,
    });
    expect(await listed(owner, "cleared=true")).toContain(topUp.id);
  });

  it("the other member's private side keeps its clearing to itself", async () => {
    const joint = await addAccount(owner, {
      name: "Sides joint",
      kind: "bank",
      openingBalance: "100",
      openingDate: "2026-01-01",
    });
    const mine = await addAccount(owner, {
      name: "Sides own",
      kind: "bank",
      visibility: "private",
      openingDate: "2026-01-01",
    });
    const t = await record(owner, {
      type: "transfer",
      date: "2026-02-01",
      amount: "40",
      accountId: joint,
      toAccountId: mine,
    });
    await reconcileAsIs(owner, mine, "2026-02-28");
    expect(await sidesOf(owner, t.id)).toMatchObject({ cleared: false, toCleared: true });
    expect(await sidesOf(partner, t.id)).toMatchObject({
      cleared: false,
      toCleared: false,
      toClearedAt: null,
    });
    // for the partner the joint side is every side there is
    await reconcileAsIs(partner, joint, "2026-02-28");
    expect(await listed(partner, "cleared=true")).toContain(t.id);
  });

  it("an edit un-clears what it changes: amount or date both sides, an account its own side", async () => {
    const open = (name: string) =>
      addAccount(owner, { name, kind: "bank", openingBalance: "1000", openingDate: "2026-01-01" });
    const [a, b, c, d] = [
      await open("Edit A"),
      await open("Edit B"),
      await open("Edit C"),
      await open("Edit D"),
    ];
    const t = await record(owner, {
      type: "transfer",
      date: "2026-04-02",
      amount: "100",
      accountId: a,
      toAccountId: b,
    });
    const path = `/api/transactions/${t.id}`;
    await reconcileAsIs(owner, a, "2026-04-30");
    await reconcileAsIs(owner, b, "2026-04-30");
    const both = { cleared: true, toCleared: true };

    expect((await patch(owner, path, { notes: "rent share", tags: ["house"] })).data).toMatchObject(both);
    // moved to another destination: only that side must be checked again
    expect((await patch(owner, path, { toAccountId: c })).data).toMatchObject({
      cleared: true,
      toCleared: false,
    });
    expect(await unclearedIds(owner, c, "2026-04-30")).toEqual([t.id]);
    expect(await unclearedIds(owner, a, "2026-04-30")).toEqual([]);
    await reconcileAsIs(owner, c, "2026-04-30");
    // from another source: only the source side
    expect((await patch(owner, path, { accountId: d })).data).toMatchObject({
      cleared: false,
      toCleared: true,
    });
    expect(await unclearedIds(owner, d, "2026-04-30")).toEqual([t.id]);
    expect(await unclearedIds(owner, c, "2026-04-30")).toEqual([]);
    await reconcileAsIs(owner, d, "2026-04-30");
    expect(await sidesOf(owner, t.id)).toMatchObject(both);
    // the amount moves both accounts' money
    expect((await patch(owner, path, { amount: "101" })).data).toMatchObject({
      cleared: false,
      toCleared: false,
    });
    await reconcileAsIs(owner, d, "2026-04-30");
    await reconcileAsIs(owner, c, "2026-04-30");
    expect(await sidesOf(owner, t.id)).toMatchObject(both);
    // and so does the date
    expect((await patch(owner, path, { date: "2026-04-03" })).data).toMatchObject({
      cleared: false,
      toCleared: false,
    });
    expect(await unclearedIds(owner, c, "2026-04-30")).toEqual([t.id]);
    expect(await unclearedIds(owner, d, "2026-04-30")).toEqual([t.id]);
  });
});

describe("undoing a reconciliation", () => {
  it("restores the balance and the clearing exactly, latest first; an earlier one is a 409", async () => {
    const wallet = await addAccount(owner, {
      name: "Undo wallet",
      kind: "ewallet",
      openingBalance: "1000",
      openingDate: "2026-01-01",
    });
    const bank = await addAccount(owner, {
      name: "Undo bank",
      kind: "bank",
      openingBalance: "9000",
      openingDate: "2026-01-01",
    });
    const january = await record(owner, {
      type: "expense",
      date: "2026-01-10",
      amount: "100",
      accountId: wallet,
    });
    const first = await reconcile(owner, wallet, { asOf: "2026-01-31", statementBalance: "895" });
    expect(first.data).toMatchObject({ adjustmentCentavos: "-500", clearedCount: 1 });

    const february = await record(owner, {
      type: "expense",
      date: "2026-02-03",
      amount: "30",
      accountId: wallet,
    });
    const topUp = await record(owner, {
      type: "transfer",
      date: "2026-02-05",
      amount: "200",
      accountId: bank,
      toAccountId: wallet,
    });
    const edited = await record(owner, {
      type: "income",
      date: "2026-02-07",
      amount: "50",
      accountId: wallet,
    });
    const march = await record(owner, {
      type: "expense",
      date: "2026-03-01",
      amount: "5",
      accountId: wallet,
    });
    await reconcileAsIs(owner, bank, "2026-02-28");
    const ids = [january.id, february.id, topUp.id, edited.id, march.id];
    const dates = ["2026-01-31", "2026-02-27", "2026-02-28", "2026-03-31", "2026-12-31"];
    const stateOf = async () => ({
      wallet: await Promise.all(dates.map((d) => balanceOf(owner, wallet, d))),
      bank: await Promise.all(dates.map((d) => balanceOf(owner, bank, d))),
      sides: await Promise.all(ids.map((id) => sidesOf(owner, id))),
    });
    const before = await stateOf();
    const beforeSummary = await summaryOf(owner, "2026-02");

    const second = await reconcile(owner, wallet, { asOf: "2026-02-28", statementBalance: "1100" });
    expect(second.data).toMatchObject({ adjustmentCentavos: "-1500", clearedCount: 3 });
    expect(await balanceOf(owner, wallet, "2026-02-28")).toBe("110000");
    // a cleared entry un-cleared by an edit since stays uncleared; one with a new note goes back too
    await patch(owner, `/api/transactions/${edited.id}`, { amount: "55" });
    await patch(owner, `/api/transactions/${february.id}`, { notes: "coffee" });
    await patch(owner, `/api/transactions/${edited.id}`, { amount: "50" });

    // only the latest can be undone
    const refused = await undo(owner, wallet, first.data.id);
    expect(refused.status).toBe(409);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(await balanceOf(owner, wallet, "2026-02-28")).toBe("110000");

    // the partner may undo what they may reconcile
    const undone = await undo(partner, wallet, second.data.id);
    expect(undone.status).toBe(200);
    expect(undone.data).toMatchObject({ id: second.data.id, adjustmentCentavos: "-1500", unclearedCount: 2 });
    expect(await stateOf()).toEqual(before);
    expect(await summaryOf(owner, "2026-02")).toEqual(beforeSummary);
    // the bank's side of the top-up is the bank's own reconciliation's
    expect(await sidesOf(owner, topUp.id)).toMatchObject({ cleared: true, toCleared: false });
    expect(await unclearedIds(owner, wallet, "2026-02-28")).toEqual([edited.id, topUp.id, february.id]);
    const history = await owner.get(`/api/accounts/${wallet}/reconciliations`);
    expect(history.data.items.map((r: any) => r.id)).toEqual([first.data.id]);
    expect((await previewOf(owner, wallet, "asOf=2026-02-28")).data.lastReconciliation.id).toBe(
      first.data.id,
    );
    // gone: undoing it again finds nothing
    expect((await undo(owner, wallet, second.data.id)).status).toBe(404);

    // now the first is the latest
    const again = await undo(owner, wallet, first.data.id);
    expect(again.data).toMatchObject({ adjustmentCentavos: "-500", unclearedCount: 1 });
    expect(await balanceOf(owner, wallet, "2026-01-31")).toBe("90000");
    expect(await sidesOf(owner, january.id)).toMatchObject({ cleared: false, clearedAt: null });
    expect((await owner.get(`/api/accounts/${wallet}/reconciliations`)).data.items).toEqual([]);
  });

  it("is refused for another account's reconciliation and for the other member's private account", async () => {
    const mine = await addAccount(owner, {
      name: "Undo own",
      kind: "bank",
      visibility: "private",
      openingBalance: "10",
      openingDate: "2026-01-01",
    });
    const joint = await addAccount(owner, { name: "Undo joint", kind: "bank", openingDate: "2026-01-01" });
    const r = await reconcile(owner, mine, { asOf: "2026-01-31", statementBalance: "12" });
    for (const res of [await undo(partner, mine, r.data.id), await undo(owner, joint, r.data.id)]) {
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await undo(owner, mine, "not-a-uuid")).status).toBe(400);
    expect(await balanceOf(owner, mine, "2026-01-31")).toBe("1200");
  });

  it("announces the undo through the outbox", async () => {
    await app.runtime.settle();
    const events = await app.db
      .select()
      .from(schema.outbox)
      .where(eq(schema.outbox.type, "ph.fintrack.account.reconciliation_undone.v1"));
    expect(events.map((e) => (e.data as any).unclearedCount).sort()).toEqual([1, 2]);
    expect(events.every((e) => e.publishedAt !== null)).toBe(true);
  });
});

// --- ticking the entries the statement shows --------------------------------------------------------

describe("ticking the entries on the statement", () => {
  it("a pending swipe and a transfer in flight left unticked: no adjustment, they stay uncleared and come up next time", async () => {
    const bank = await addAccount(owner, {
      name: "Tick bank",
      kind: "bank",
      openingBalance: "10000",
      openingDate: "2026-01-01",
    });
    const wallet = await addAccount(owner, {
      name: "Tick wallet",
      kind: "ewallet",
      openingBalance: "1000",
      openingDate: "2026-01-01",
    });
    const salary = await record(owner, {
      type: "income",
      date: "2026-01-05",
      amount: "2000",
      accountId: wallet,
    });
    const lunch = await record(owner, {
      type: "expense",
      date: "2026-01-10",
      amount: "300",
      accountId: wallet,
    });
    const swipe = await record(owner, {
      type: "expense",
      date: "2026-01-30",
      amount: "500",
      accountId: wallet,
    });
    const inFlight = await record(owner, {
      type: "transfer",
      date: "2026-01-31",
      amount: "1000",
      accountId: bank,
      toAccountId: wallet,
    });

    // FinTrack: 1000 + 2000 − 300 − 500 + 1000 = ₱3,200; the app has posted neither the swipe nor the top-up
    const preview = await previewOf(owner, wallet, "asOf=2026-01-31&statementBalance=2700");
    expect(preview.data).toMatchObject({ balanceCentavos: "320000", differenceCentavos: "-50000" });
    // each entry's effect on this account, for the sheet to take the unticked ones out
    expect(preview.data.uncleared.map((t: any) => [t.id, t.amountCentavos])).toEqual([
      [inFlight.id, "100000"],
      [swipe.id, "-50000"],
      [lunch.id, "-30000"],
      [salary.id, "200000"],
    ]);

    const done = await reconcile(owner, wallet, {
      asOf: "2026-01-31",
      statementBalance: "2700",
      clear: [lunch.id, salary.id],
    });
    expect(done.status).toBe(201);
    // compared with the cleared balance, 3200 − (−500) − 1000 = ₱2,700: nothing to adjust
    expect(done.data).toMatchObject({
      adjustmentCentavos: "0",
      clearedCount: 2,
      balanceBeforeCentavos: "270000",
    });
    expect(await balanceOf(owner, wallet, "2026-01-31")).toBe("320000");
    expect(await clearedOf(owner, wallet)).toEqual({
      [salary.id]: true,
      [lunch.id]: true,
      [swipe.id]: false,
      [inFlight.id]: false,
    });
    expect(await sidesOf(owner, inFlight.id)).toMatchObject({ cleared: false, toCleared: false });

    // next month they have posted: the next preview lists them, ticked they clear with no adjustment
    expect(await unclearedIds(owner, wallet, "2026-02-28")).toEqual([inFlight.id, swipe.id]);
    const next = await reconcile(owner, wallet, { asOf: "2026-02-28", statementBalance: "3200" });
    expect(next.data).toMatchObject({
      adjustmentCentavos: "0",
      clearedCount: 2,
      balanceBeforeCentavos: "320000",
    });
    expect(await unclearedIds(owner, wallet, "2026-02-28")).toEqual([]);
    // the events say how many entries each left for next time
    await app.runtime.settle();
    const announced = await app.db
      .select()
      .from(schema.outbox)
      .where(eq(schema.outbox.type, "ph.fintrack.account.reconciled.v1"));
    const counts = (rid: string) => {
      const d = announced.find((e) => (e.data as any).reconciliationId === rid)!.data as any;
      return [d.clearedCount, d.leftUnclearedCount];
    };
    expect(counts(done.data.id)).toEqual([2, 2]);
    expect(counts(next.data.id)).toEqual([2, 0]);
    // the bank's side of the top-up is the bank's to reconcile
    expect(await sidesOf(owner, inFlight.id)).toMatchObject({ cleared: false, toCleared: true });
  });

  it("a card: a pending swipe left out of the statement is left out of what is owed", async () => {
    const card = await addAccount(owner, {
      name: "Tick card",
      kind: "credit_card",
      openingBalance: "0",
      openingDate: "2026-01-01",
      card: { last4: "1111", creditLimit: "50000", statementDay: 20, dueDay: 10 },
    });
    const posted = await record(owner, {
      type: "expense",
      date: "2026-01-05",
      amount: "3000",
      accountId: card,
    });
    const pending = await record(owner, {
      type: "expense",
      date: "2026-01-19",
      amount: "500",
      accountId: card,
    });
    const done = await reconcile(owner, card, {
      asOf: "2026-01-20",
      statementBalance: "3000",
      clear: [posted.id],
    });
    expect(done.data).toMatchObject({
      adjustmentCentavos: "0",
      clearedCount: 1,
      balanceBeforeCentavos: "300000",
    });
    expect(await balanceOf(owner, card, "2026-01-20")).toBe("-350000");
    expect(await unclearedIds(owner, card, "2026-01-20")).toEqual([pending.id]);
    // once posted it is ticked; a ₱15 fee the statement adds still comes up as the difference
    const fee = await reconcile(owner, card, {
      asOf: "2026-01-20",
      statementBalance: "3515",
      clear: [pending.id],
    });
    expect(fee.data).toMatchObject({
      adjustmentCentavos: "-1500",
      clearedCount: 1,
      balanceBeforeCentavos: "350000",
    });
  });

  it("refuses an id that is not this account's uncleared entry up to the date, naming it; nothing is recorded", async () => {
    const wallet = await addAccount(owner, {
      name: "Tick refuse",
      kind: "ewallet",
      openingBalance: "100",
      openingDate: "2026-01-01",
    });
    const other = await addAccount(owner, { name: "Tick other", kind: "bank", openingDate: "2026-01-01" });
    const partnerOwn = await addAccount(partner, {
      name: "Tick partner own",
      kind: "bank",
      visibility: "private",
      openingDate: "2026-01-01",
    });
    const earlier = await record(owner, {
      type: "expense",
      date: "2026-01-02",
      amount: "1",
      accountId: wallet,
    });
    await reconcile(owner, wallet, { asOf: "2026-01-02", statementBalance: "99" });
    const open = await record(owner, { type: "expense", date: "2026-01-10", amount: "2", accountId: wallet });
    const later = await record(owner, {
      type: "expense",
      date: "2026-02-10",
      amount: "3",
      accountId: wallet,
    });
    const elsewhere = await record(owner, {
      type: "income",
      date: "2026-01-10",
      amount: "4",
      accountId: other,
    });
    const hidden = await record(partner, {
      type: "income",
      date: "2026-01-10",
      amount: "5",
      accountId: partnerOwn,
    });
    const before = await owner.get(`/api/accounts/${wallet}/reconciliations`);

    for (const bad of [
      elsewhere.id,
      earlier.id,
      later.id,
      hidden.id,
      "0190f4c2-7b3a-7cde-8f00-123456789abc",
    ]) {
      const res = await reconcile(owner, wallet, {
        asOf: "2026-01-31",
        statementBalance: "97",
        clear: [open.id, bad],
      });
      expect(res.status, bad).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.data.errors).toEqual([
        { path: "clear.1", message: `${bad} is not an uncleared entry of this account up to 2026-01-31` },
      ]);
    }
    for (const clear of [
      "x",
      ["not-a-uuid"],
      [null],
      Array.from({ length: 10_001 }, () => crypto.randomUUID()),
    ]) {
      const res = await reconcile(owner, wallet, { asOf: "2026-01-31", statementBalance: "97", clear });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await owner.get(`/api/accounts/${wallet}/reconciliations`)).data).toEqual(before.data);
    expect(await clearedOf(owner, wallet)).toEqual({
      [earlier.id]: true,
      [open.id]: false,
      [later.id]: false,
    });
    expect(await balanceOf(owner, wallet, "2026-01-31")).toBe("9700");

    // an id given twice counts once; an empty list clears nothing and leaves every entry out
    const twice = await reconcile(owner, wallet, {
      asOf: "2026-01-31",
      statementBalance: "97",
      clear: [open.id, open.id],
    });
    expect(twice.data).toMatchObject({ adjustmentCentavos: "0", clearedCount: 1 });
    const none = await reconcile(owner, wallet, { asOf: "2026-02-28", statementBalance: "97", clear: [] });
    expect(none.data).toMatchObject({
      adjustmentCentavos: "0",
      clearedCount: 0,
      balanceBeforeCentavos: "9700",
    });
    expect(await unclearedIds(owner, wallet, "2026-02-28")).toEqual([later.id]);
  });

  it("undo after a partial clear un-clears exactly what it cleared", async () => {
    const wallet = await addAccount(owner, {
      name: "Tick undo",
      kind: "ewallet",
      openingBalance: "1000",
      openingDate: "2026-01-01",
    });
    const a = await record(owner, { type: "expense", date: "2026-01-03", amount: "100", accountId: wallet });
    const b = await record(owner, { type: "expense", date: "2026-01-04", amount: "200", accountId: wallet });
    const pending = await record(owner, {
      type: "expense",
      date: "2026-01-05",
      amount: "50",
      accountId: wallet,
    });
    // the app shows ₱695: a and b posted, a ₱5 fee FinTrack does not know of, the ₱50 still pending
    const first = await reconcile(owner, wallet, {
      asOf: "2026-01-31",
      statementBalance: "695",
      clear: [a.id, b.id],
    });
    expect(first.data).toMatchObject({ adjustmentCentavos: "-500", clearedCount: 2 });
    expect(await balanceOf(owner, wallet, "2026-01-31")).toBe("64500");
    const second = await reconcile(owner, wallet, {
      asOf: "2026-01-31",
      statementBalance: "645",
      clear: [pending.id],
    });
    expect(second.data).toMatchObject({ adjustmentCentavos: "0", clearedCount: 1 });

    const undone = await undo(owner, wallet, second.data.id);
    expect(undone.data).toMatchObject({ unclearedCount: 1 });
    expect(await clearedOf(owner, wallet)).toEqual({ [a.id]: true, [b.id]: true, [pending.id]: false });
    const again = await undo(owner, wallet, first.data.id);
    expect(again.data).toMatchObject({ unclearedCount: 2 });
    expect(await clearedOf(owner, wallet)).toEqual({ [a.id]: false, [b.id]: false, [pending.id]: false });
    expect(await balanceOf(owner, wallet, "2026-01-31")).toBe("65000");
  });
});
