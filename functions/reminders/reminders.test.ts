import { schema } from "@fintrack/db";
import { loadEventingManifests } from "@fintrack/events/local";
import { asc, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { knativeDir } from "../runtime";
import { householdOfTwo, type TestApp, useTestApp } from "../testing";
import { addAccount, categoryId, record } from "../transactions/testing";
import { runTick } from "./tick";

const app = useTestApp();
const daily = loadEventingManifests(knativeDir).pingSources.find((p) => p.name === "reminders-daily")!;

/** The PingSource firing at 08:00 Manila (00:00 UTC) on `date`, through the broker, then settled. */
async function tick(a: TestApp, date: string, time = "00:00:00") {
  await a.runtime.broker!.ping(daily, new Date(`${date}T${time}Z`));
  await a.runtime.settle();
}

const remindersOut = async (a: TestApp) =>
  (
    await a.db
      .select()
      .from(schema.outbox)
      .where(like(schema.outbox.type, "%.due_soon.v1"))
      .orderBy(asc(schema.outbox.createdAt), asc(schema.outbox.id))
  ).map(
    (e) =>
      ({
        ...(e.data as object),
        type: e.type,
        published: e.publishedAt !== null,
      }) as Sent,
  );

interface Sent {
  type: string;
  published: boolean;
  dueDate: string;
  daysBefore: number;
  name?: string;
  [field: string]: unknown;
}

async function cardHousehold(a: TestApp) {
  const h = await householdOfTwo(a);
  const bank = await addAccount(h.owner, {
    name: "BPI Savings",
    kind: "bank",
    openingBalance: "50000",
    openingDate: "2026-01-01",
  });
  const card = await addAccount(h.owner, {
    name: "BPI Gold",
    kind: "credit_card",
    openingDate: "2026-01-01",
    card: { last4: "1234", creditLimit: "100000", statementDay: 5, dueDay: 25 },
  });
  // ₱3,000 on the card before the 5 October statement: due 25 October
  await record(h.owner, { type: "expense", date: "2026-09-20", amount: "3000", accountId: card });
  return { ...h, bank, card };
}

describe("card statement reminders from the PingSource tick", () => {
  it("a tick three days before the due date publishes one statement.due_soon through the broker", async () => {
    const { card } = await cardHousehold(app);
    await tick(app, "2026-10-22");
    const sent = await remindersOut(app);
    expect(sent).toEqual([
      expect.objectContaining({
        type: "ph.fintrack.statement.due_soon.v1",
        published: true,
        accountId: card,
        statementCycleId: null,
        dueDate: "2026-10-25",
        daysBefore: 3,
        totalDueCentavos: "300000",
        minimumDueCentavos: null,
      }),
    ]);
    // a duplicate tick, and a late one the same day, add nothing
    await tick(app, "2026-10-22");
    await tick(app, "2026-10-22", "03:30:00");
    // a tick for an earlier day arriving after this one adds nothing either
    await tick(app, "2026-10-18");
    expect(await remindersOut(app)).toHaveLength(1);
  });

  it("uses the statement smart input recorded: its due date and amounts, paid once the minimum is in", async () => {
    const { owner, ownerUser, bank, card } = await cardHousehold(app);
    // a second card with nothing on it in FinTrack: only its recorded statement says what is due
    const metrobank = await addAccount(owner, {
      name: "Metrobank Titanium",
      kind: "credit_card",
      openingDate: "2026-01-01",
      card: { last4: "5678", creditLimit: "50000", statementDay: 8, dueDay: 28 },
    });
    const [cardRow] = await app.db
      .select({ householdId: schema.accounts.householdId })
      .from(schema.accounts)
      .where(eq(schema.accounts.id, card));
    const householdId = cardRow!.householdId;
    // the BPI statement came out a day late (the 6th, due the 27th), with its own totals
    const cycles = await app.db
      .insert(schema.statementCycles)
      .values([
        {
          householdId,
          accountId: card,
          statementDate: "2026-10-06",
          dueDate: "2026-10-27",
          totalDueCentavos: 500000n,
          minimumDueCentavos: 50000n,
          createdBy: ownerUser.id,
        },
        {
          householdId,
          accountId: metrobank,
          statementDate: "2026-10-08",
          dueDate: "2026-10-28",
          totalDueCentavos: 120000n,
          minimumDueCentavos: 85000n,
          createdBy: ownerUser.id,
        },
      ])
      .returning({ id: schema.statementCycles.id });
    await tick(app, "2026-10-24");
    await tick(app, "2026-10-25");
    const sent = await remindersOut(app);
    // the recorded cycle replaced the one computed from the card's days (due the 25th): no reminder for that
    expect(sent).toEqual([
      expect.objectContaining({
        accountId: card,
        statementCycleId: cycles[0]!.id,
        dueDate: "2026-10-27",
        daysBefore: 3,
        totalDueCentavos: "500000",
        minimumDueCentavos: "50000",
      }),
      expect.objectContaining({
        accountId: metrobank,
        statementCycleId: cycles[1]!.id,
        dueDate: "2026-10-28",
        daysBefore: 3,
        totalDueCentavos: "120000",
        minimumDueCentavos: "85000",
      }),
    ]);

    // ₱600 paid into the BPI card covers its minimum: no overdue reminder for it; the other is overdue
    await record(owner, {
      type: "transfer",
      date: "2026-10-26",
      amount: "600",
      accountId: bank,
      toAccountId: card,
    });
    await tick(app, "2026-10-29");
    const later = (await remindersOut(app)).slice(2);
    expect(later).toEqual([
      expect.objectContaining({
        accountId: metrobank,
        dueDate: "2026-10-28",
        daysBefore: -1,
        totalDueCentavos: "120000",
      }),
    ]);
  });

  it("catches up missed ticks once, with only the latest reminder, then overdue until paid", async () => {
    const { owner, bank, card } = await cardHousehold(app);
    await tick(app, "2026-10-10");
    expect(await remindersOut(app)).toEqual([]);
    // the cluster was down from the 11th to the 23rd: 7 and 3 days before were missed
    await tick(app, "2026-10-24");
    expect((await remindersOut(app)).map((e) => e.daysBefore)).toEqual([1]);
    await tick(app, "2026-10-24");
    await tick(app, "2026-10-25");
    await tick(app, "2026-10-26");
    expect((await remindersOut(app)).map((e) => e.daysBefore)).toEqual([1, 0, -1]);

    // paid from the bank: a transfer into the card, not an expense
    const paid = await owner.post(`/api/reminders/cards/${card}/pay`, {
      fromAccountId: bank,
      date: "2026-10-26",
    });
    expect(paid.status).toBe(201);
    expect(paid.data).toMatchObject({ dueDate: "2026-10-25", amountCentavos: "300000" });
    const [tx] = await app.db
      .select()
      .from(schema.transactions)
      .where(eq(schema.transactions.id, paid.data.transactionId));
    expect(tx).toMatchObject({
      type: "transfer",
      accountId: bank,
      toAccountId: card,
      amountCentavos: 300000n,
    });
    // no "7 days overdue" once paid
    await tick(app, "2026-11-01");
    expect(await remindersOut(app)).toHaveLength(3);
  });

  it("two ticks running at once (two replicas) publish each reminder once", async () => {
    await cardHousehold(app);
    const at = new Date("2026-10-22T00:00:00Z");
    const results = await Promise.all([runTick(app.db, at), runTick(app.db, at), runTick(app.db, at)]);
    expect(results.map((r) => r.sent).sort()).toEqual([0, 0, 1]);
    expect(await remindersOut(app)).toHaveLength(1);
  });

  it("shows a private card's dues to its owner only", async () => {
    const { owner, partner, card } = await cardHousehold(app);
    const patched = await owner.request(`/api/accounts/${card}`, {
      method: "PATCH",
      json: { visibility: "private" },
    });
    expect(patched.status).toBe(200);
    const mine = await owner.get("/api/reminders/upcoming?days=60");
    const theirs = await partner.get("/api/reminders/upcoming?days=60");
    expect(mine.data.items.some((i: { id: string }) => i.id === card)).toBe(true);
    expect(theirs.data.items.some((i: { id: string }) => i.id === card)).toBe(false);
    const pay = await partner.post(`/api/reminders/cards/${card}/pay`, { fromAccountId: card, amount: "1" });
    expect(pay.status).toBe(404);
  });

  it("sends nothing for a card that owed nothing at its statement", async () => {
    await householdOfTwo(app).then((h) =>
      addAccount(h.owner, {
        name: "Unused card",
        kind: "credit_card",
        openingDate: "2026-01-01",
        card: { last4: "9999", creditLimit: "5000", statementDay: 5, dueDay: 25 },
      }),
    );
    await tick(app, "2026-10-22");
    expect(await remindersOut(app)).toEqual([]);
  });

  it("the tick is for the cluster only, and refuses a forged tick from the future", async () => {
    const { owner } = await cardHousehold(app);
    const res = await owner.post("/api/reminders/tick", {});
    expect(res.status).toBe(404);
    const direct = await app.runtime.modules.get("reminders")!.app.request("/api/reminders/tick", {
      method: "POST",
      headers: {
        "ce-specversion": "1.0",
        "ce-id": "x",
        "ce-source": "/forged",
        "ce-type": "dev.knative.sources.ping",
        "ce-time": "2099-01-01T00:00:00Z",
        "content-type": "application/json",
      },
      body: "{}",
    });
    expect(direct.status).toBe(400);
    expect(await remindersOut(app)).toEqual([]);
  });
});

describe("recurring bills", () => {
  it("adds a Meralco bill, reminds on schedule, and mark paid records the expense", async () => {
    const { owner, partner } = await householdOfTwo(app);
    const bank = await addAccount(owner, {
      name: "BDO",
      kind: "bank",
      openingBalance: "20000",
      openingDate: "2026-01-01",
    });
    const utilities = await categoryId(owner, "Utilities");
    const created = await owner.post("/api/reminders/bills", {
      name: "Meralco",
      kind: "electricity",
      dueDay: 31,
      startDate: "2026-01-01",
      expectedAmount: "2450.75",
      accountId: bank,
      categoryId: utilities,
    });
    expect(created.status).toBe(201);
    const bill = created.data;
    expect(bill).toMatchObject({ schedule: "monthly", dueDay: 31, expectedAmountCentavos: "245075" });

    // due 30 September (a 30-day month): three days before, on the day
    await tick(app, "2026-09-27");
    await tick(app, "2026-09-30");
    expect((await remindersOut(app)).map((e) => [e.type, e.dueDate, e.daysBefore, e.name])).toEqual([
      ["ph.fintrack.bill.due_soon.v1", "2026-09-30", 3, "Meralco"],
      ["ph.fintrack.bill.due_soon.v1", "2026-09-30", 0, "Meralco"],
    ]);

    // the partner marks it paid from the notification's link: the expense is recorded
    const paid = await partner.post(`/api/reminders/bills/${bill.id}/pay`, {
      dueDate: "2026-09-30",
      date: "2026-09-30",
    });
    expect(paid.status).toBe(201);
    const [tx] = await app.db
      .select()
      .from(schema.transactions)
      .where(eq(schema.transactions.id, paid.data.transactionId));
    expect(tx).toMatchObject({
      type: "expense",
      accountId: bank,
      categoryId: utilities,
      amountCentavos: 245075n,
      merchant: "Meralco",
      date: "2026-09-30",
    });
    await app.runtime.settle();
    const created_ = await app.db
      .select()
      .from(schema.outbox)
      .where(eq(schema.outbox.type, "ph.fintrack.transaction.created.v1"));
    expect(created_.map((e) => (e.data as { transactionId: string }).transactionId)).toContain(tx!.id);

    // paid twice is refused; no overdue reminder after paying
    const again = await owner.post(`/api/reminders/bills/${bill.id}/pay`, { dueDate: "2026-09-30" });
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
    await tick(app, "2026-10-01");
    await tick(app, "2026-10-07");
    expect(await remindersOut(app)).toHaveLength(2);
    const wrongDay = await owner.post(`/api/reminders/bills/${bill.id}/pay`, { dueDate: "2026-10-15" });
    expect(wrongDay.status).toBe(400);
  });

  it("lists bills with the occurrence to act on, and next dues for the dashboard", async () => {
    const { owner, partner } = await householdOfTwo(app);
    const bank = await addAccount(owner, { name: "BDO", kind: "bank", openingDate: "2026-01-01" });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const inDays = (n: number) => new Date(Date.parse(today) + n * 86_400_000).toISOString().slice(0, 10);
    const day = (d: string) => Number(d.slice(8, 10));
    await owner.post("/api/reminders/bills", {
      name: "PLDT Fibr",
      kind: "internet",
      dueDay: day(inDays(2)),
      startDate: inDays(-60),
      expectedAmount: "1699",
      accountId: bank,
    });
    await owner.post("/api/reminders/bills", {
      name: "Car insurance",
      kind: "insurance",
      schedule: "yearly",
      month: 2,
      dueDay: 29,
      startDate: "2026-01-01",
    });
    const list = await partner.get("/api/reminders/bills");
    expect(list.status).toBe(200);
    const fibr = list.data.items.find((b: { name: string }) => b.name === "PLDT Fibr");
    // the previous month's occurrence is unpaid and at most 31 days old: it is the one to act on
    expect(["overdue", "upcoming"]).toContain(fibr.status);
    const insurance = list.data.items.find((b: { name: string }) => b.name === "Car insurance");
    expect(insurance).toMatchObject({ schedule: "yearly", month: 2, nextDueDate: "2027-02-28" });

    const next = await partner.get("/api/reminders/upcoming?days=7");
    expect(next.status).toBe(200);
    expect(next.data.items.map((i: { name: string }) => i.name)).toContain("PLDT Fibr");
    expect(next.data.items.find((i: { name: string }) => i.name === "PLDT Fibr").payLink).toMatch(
      /^\/bills\?pay=[0-9a-f-]+&due=\d{4}-\d{2}-\d{2}$/,
    );
    expect(next.data.items.map((i: { name: string }) => i.name)).not.toContain("Car insurance");
  });

  it("edits, pauses and deletes a bill; refuses bad schedules and other members' private accounts", async () => {
    const { owner, partner } = await householdOfTwo(app);
    const mine = await addAccount(owner, { name: "Owner's own", kind: "bank", visibility: "private" });
    const bad = await owner.post("/api/reminders/bills", {
      name: "Rent",
      kind: "rent",
      schedule: "every_n_months",
      dueDay: 5,
    });
    expect(bad.status).toBe(400);
    const feb31 = await owner.post("/api/reminders/bills", {
      name: "Tax",
      kind: "other",
      schedule: "yearly",
      month: 2,
      dueDay: 31,
    });
    expect(feb31.status).toBe(400);
    // the owner's bill paid from their private account: the partner cannot pay from it
    const ownBill = (
      await owner.post("/api/reminders/bills", {
        name: "Condo dues",
        kind: "rent",
        dueDay: 5,
        startDate: "2026-01-01",
        expectedAmount: "3500",
        accountId: mine,
      })
    ).data;
    expect(ownBill.accountName).toBe("Owner's own");
    const seen = await partner.get(`/api/reminders/bills/${ownBill.id}`);
    expect(seen.data).toMatchObject({ accountId: null, accountName: null });
    const refused = await partner.post(`/api/reminders/bills/${ownBill.id}/pay`, {});
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    const hidden = await partner.post("/api/reminders/bills", {
      name: "Rent",
      kind: "rent",
      dueDay: 5,
      accountId: mine,
    });
    expect(hidden.status).toBe(400);

    const rent = (await partner.post("/api/reminders/bills", { name: "Rent", kind: "rent", dueDay: 5 })).data;
    const edited = await owner.request(`/api/reminders/bills/${rent.id}`, {
      method: "PATCH",
      json: { schedule: "every_n_months", everyMonths: 3, expectedAmount: "15000", active: false },
    });
    expect(edited.status).toBe(200);
    expect(edited.data).toMatchObject({
      everyMonths: 3,
      expectedAmountCentavos: "1500000",
      active: false,
      status: null,
    });
    expect((await owner.delete(`/api/reminders/bills/${rent.id}`)).status).toBe(204);
    expect((await owner.get(`/api/reminders/bills/${rent.id}`)).status).toBe(404);
  });

  it("keeps the household's own reminder offsets", async () => {
    const { owner, partner } = await householdOfTwo(app);
    expect((await owner.get("/api/reminders/settings")).data).toEqual({
      beforeDays: [7, 3, 1, 0],
      overdueDays: [1, 7],
    });
    const saved = await owner.request("/api/reminders/settings", {
      method: "PUT",
      json: { beforeDays: [0, 5, 5], overdueDays: [] },
    });
    expect(saved.data).toEqual({ beforeDays: [5, 0], overdueDays: [] });
    expect((await partner.get("/api/reminders/settings")).data).toEqual({
      beforeDays: [5, 0],
      overdueDays: [],
    });
    await partner.post("/api/reminders/bills", {
      name: "Netflix",
      kind: "subscription",
      dueDay: 15,
      startDate: "2026-01-01",
    });
    for (const d of ["2026-10-10", "2026-10-12", "2026-10-15", "2026-10-16"]) await tick(app, d);
    expect((await remindersOut(app)).map((e) => e.daysBefore)).toEqual([5, 0]);
  });
});
