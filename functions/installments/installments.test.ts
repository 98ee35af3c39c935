import { describe, expect, it } from "vitest";
import { todayInManila } from "../accounts/card-cycle";
import { monthStart } from "../reminders/dates";
import { householdOfTwo, type TestApp, useTestApp } from "../testing";
import { addAccount, balanceOf, patch, record } from "../transactions/testing";
import { installmentSource } from "./source";

const app = useTestApp("per test", {
  only: ["auth", "accounts", "transactions", "reminders", "installments", "extraction", "statements"],
});

async function cards(a: TestApp) {
  const h = await householdOfTwo(a);
  const card = await addAccount(h.owner, {
    name: "BPI Gold",
    kind: "credit_card",
    openingDate: "2025-01-01",
    card: { last4: "4321", creditLimit: "100000", statementDay: 15, dueDay: 5 },
  });
  const privateCard = await addAccount(h.owner, {
    name: "Ana's Metrobank",
    kind: "credit_card",
    visibility: "private",
    openingDate: "2025-01-01",
    card: { last4: "9999", creditLimit: "50000", statementDay: 31, dueDay: 20 },
  });
  return { ...h, card, privateCard };
}

describe("installment plans", () => {
  it("records a new purchase with its plan: the whole principal in the ledger, billed over 12 statements", async () => {
    const { owner, ownerUser, card } = await cards(app);
    const res = await owner.post("/api/installments", {
      cardAccountId: card,
      amount: "35988",
      date: "2026-01-10",
      label: "Aircon, SM Appliance",
      months: 12,
    });
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({
      principalCentavos: "3598800",
      monthlyCentavos: "299900",
      firstStatementDate: "2026-01-15",
      source: "manual",
      addOnRateBps: 0,
    });
    expect(res.data.schedule).toHaveLength(12);
    expect(res.data.schedule.at(-1)).toMatchObject({
      number: 12,
      statementDate: "2026-12-15",
      dueDate: "2027-01-05",
    });
    // one expense of the full amount on the purchase date: the whole principal blocks the limit
    const t = await owner.get(`/api/transactions/${res.data.purchaseTransactionId}`);
    expect(t.data).toMatchObject({ type: "expense", amountCentavos: "3598800", date: "2026-01-10" });
    expect(await balanceOf(owner, card)).toBe("-3598800");

    // the 12-month plan is on exactly 12 statements and on no other
    const source = installmentSource(app.db, ownerUser.householdId);
    const perStatement: number[] = [];
    for (let k = -2; k < 14; k++) {
      const end = `${monthStart("2026-01-01", k).slice(0, 8)}15`;
      const start = `${monthStart("2026-01-01", k - 1).slice(0, 8)}16`;
      perStatement.push((await source.billedIn(card, start, end)).length);
    }
    expect(perStatement).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(await source.billedIn(card, "2026-03-16", "2026-04-15")).toEqual([
      { planId: res.data.id, label: "Aircon, SM Appliance", number: 4, of: 12, amountCentavos: 299_900n },
    ]);
    expect(await source.unbilledPrincipal(card, "2026-01-14")).toBe(3_598_800n);
    expect(await source.unbilledPrincipal(card, "2026-03-15")).toBe(2_699_100n);
    expect(await source.unbilledPrincipal(card, "2026-12-15")).toBe(0n);
  });

  it("converts a card expense, edits it, refuses a second plan, and pre-terminates it", async () => {
    const { owner, card } = await cards(app);
    const bank = await addAccount(owner, { name: "BPI Savings", kind: "bank", openingBalance: "1000" });
    const bought = await record(owner, {
      type: "expense",
      date: "2026-02-20",
      amount: "24000",
      accountId: card,
      merchant: "Power Mac Center",
    });
    const res = await owner.post("/api/installments", {
      transactionId: bought.id,
      months: 6,
      addOnRateBps: 79,
    });
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({
      label: "Power Mac Center",
      firstStatementDate: "2026-03-15",
      monthlyCentavos: "400000",
    });
    expect(res.data.schedule[0]).toMatchObject({ interestCentavos: "18960", amountCentavos: "400000" });
    // converting does not record anything new: the card still owes the purchase once
    expect(await balanceOf(owner, card)).toBe("-2400000");

    expect((await owner.post("/api/installments", { transactionId: bought.id, months: 3 })).status).toBe(409);
    const income = await record(owner, { type: "income", date: "2026-02-20", amount: "5", accountId: bank });
    expect((await owner.post("/api/installments", { transactionId: income.id, months: 3 })).status).toBe(400);

    const edited = await owner.request(`/api/installments/${res.data.id}`, {
      method: "PATCH",
      json: { months: 12, label: "MacBook Air", addOnRateBps: 0 },
    });
    expect(edited.status).toBe(200);
    expect(edited.data).toMatchObject({ months: 12, monthlyCentavos: "200000", label: "MacBook Air" });
    expect(edited.data.schedule).toHaveLength(12);

    const cancelled = await owner.post(`/api/installments/${res.data.id}/cancel`, { date: "2026-05-01" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.data).toMatchObject({ status: "cancelled", cancelledStatementDate: "2026-05-15" });
    expect(cancelled.data.schedule).toHaveLength(3);
    expect(cancelled.data.schedule[2]).toMatchObject({
      number: 3,
      statementDate: "2026-05-15",
      amountCentavos: "2000000",
      interestCentavos: "0",
      preTermination: true,
    });
    expect((await owner.post(`/api/installments/${res.data.id}/cancel`, {})).status).toBe(409);
    const early = await owner.post("/api/installments", {
      cardAccountId: card,
      amount: "3000",
      date: "2026-06-20",
      label: "Shoes",
      months: 3,
      // a "buy now, first bill in August" plan
      firstStatementDate: "2026-08-15",
    });
    expect(
      (await owner.post(`/api/installments/${early.data.id}/cancel`, { date: "2026-06-19" })).status,
    ).toBe(400);
    const endedAtOnce = await owner.post(`/api/installments/${early.data.id}/cancel`, { date: "2026-06-21" });
    expect(endedAtOnce.data.schedule).toEqual([
      expect.objectContaining({
        number: 1,
        statementDate: "2026-08-15",
        amountCentavos: "300000",
        preTermination: true,
      }),
    ]);
    const list = await owner.get(`/api/installments?cardAccountId=${card}`);
    expect(list.data.items.map((p: any) => p.id)).toEqual([res.data.id, early.data.id]);
    // the list sums what its plans have not billed yet (today decides which statements have closed)
    const remaining = list.data.items.reduce(
      (sum: bigint, p: any) => sum + BigInt(p.remainingPrincipalCentavos),
      0n,
    );
    expect(list.data.unbilledPrincipalCentavos).toBe(remaining.toString());
  });

  it("a plan follows its purchase: an edited amount is its principal, a deleted purchase takes it away", async () => {
    const { owner, card } = await cards(app);
    const bought = await record(owner, {
      type: "expense",
      date: "2026-04-02",
      amount: "6000",
      accountId: card,
    });
    const plan = await owner.post("/api/installments", {
      transactionId: bought.id,
      months: 3,
      label: "Bike",
    });
    expect(plan.status).toBe(201);
    expect((await patch(owner, `/api/transactions/${bought.id}`, { amount: "9000.02" })).status).toBe(200);
    const after = await owner.get(`/api/installments/${plan.data.id}`);
    expect(after.data).toMatchObject({ principalCentavos: "900002", monthlyCentavos: "300000" });
    expect(after.data.schedule.map((i: any) => i.amountCentavos)).toEqual(["300002", "300000", "300000"]);
    expect((await owner.delete(`/api/transactions/${bought.id}`)).status).toBe(204);
    expect((await owner.get(`/api/installments/${plan.data.id}`)).status).toBe(404);
    expect((await owner.get("/api/installments")).data.items).toEqual([]);
  });

  it("a plan made by mistake is removed; its purchase stays one expense and can be converted again", async () => {
    const { owner, partner, card, privateCard } = await cards(app);
    const bought = await record(owner, {
      type: "expense",
      date: todayInManila(),
      amount: "6000",
      accountId: card,
      merchant: "Decathlon",
    });
    const plan = await owner.post("/api/installments", { transactionId: bought.id, months: 3 });
    expect(plan.status).toBe(201);
    const plannedMonths = async () =>
      (await owner.get("/api/installments/obligations")).data.months.filter((m: any) =>
        m.items.some((i: any) => i.id === plan.data.id),
      ).length;
    expect(await plannedMonths()).toBe(3);
    const mine = await owner.post("/api/installments", {
      cardAccountId: privateCard,
      amount: "9000",
      date: "2026-03-01",
      label: "Gift",
      months: 3,
    });
    // the partner: a plan on a shared card is theirs to remove too, one on the owner's private card is not there
    expect((await partner.delete(`/api/installments/${mine.data.id}`)).status).toBe(404);
    expect((await owner.get(`/api/installments/${mine.data.id}`)).status).toBe(200);

    expect((await partner.delete(`/api/installments/${plan.data.id}`)).status).toBe(204);
    expect((await owner.get(`/api/installments/${plan.data.id}`)).status).toBe(404);
    expect((await owner.delete(`/api/installments/${plan.data.id}`)).status).toBe(404);
    expect((await owner.get(`/api/installments?cardAccountId=${card}`)).data.items).toEqual([]);
    // the money was spent: the purchase is still one expense on the card, the card still owes it
    const t = await owner.get(`/api/transactions/${bought.id}`);
    expect(t.data).toMatchObject({ type: "expense", amountCentavos: "600000", merchant: "Decathlon" });
    expect(await balanceOf(owner, card)).toBe("-600000");
    expect(await plannedMonths()).toBe(0);
    // and it can be made a plan again, the right way this time
    const again = await owner.post("/api/installments", { transactionId: bought.id, months: 6 });
    expect(again.status).toBe(201);
    expect(again.data).toMatchObject({ months: 6, monthlyCentavos: "100000" });
  });

  it("future obligations: instalments by their statement's due date plus known bills, 12 months", async () => {
    const { owner, card } = await cards(app);
    const today = todayInManila();
    const plan = await owner.post("/api/installments", {
      cardAccountId: card,
      amount: "12000",
      date: today,
      label: "Ref",
      months: 12,
      addOnRateBps: 50,
    });
    expect(plan.status).toBe(201);
    const bill = await owner.post("/api/reminders/bills", {
      name: "Meralco",
      kind: "electricity",
      dueDay: 28,
      expectedAmount: "2500",
      startDate: monthStart(today),
    });
    expect(bill.status).toBe(201);
    const res = await owner.get("/api/installments/obligations");
    expect(res.status).toBe(200);
    expect(res.data.months).toHaveLength(12);
    expect(res.data.months[0].month).toBe(today.slice(0, 7));
    for (const m of res.data.months) {
      const bills = m.items.filter((i: any) => i.kind === "bill");
      expect(bills).toEqual([expect.objectContaining({ name: "Meralco", amountCentavos: "250000" })]);
      const expected = plan.data.schedule
        .filter((s: any) => s.dueDate.startsWith(m.month))
        .map((s: any) => (BigInt(s.amountCentavos) + BigInt(s.interestCentavos)).toString());
      expect(m.items.filter((i: any) => i.kind === "installment").map((i: any) => i.amountCentavos)).toEqual(
        expected,
      );
      expect(BigInt(m.totalCentavos)).toBe(BigInt(m.installmentsCentavos) + 250000n);
    }
    // ₱1,000 a month plus ₱60 add-on interest
    const withPlan = res.data.months.filter((m: any) => m.installmentsCentavos !== "0");
    expect(withPlan.length).toBeGreaterThanOrEqual(10);
    expect(withPlan[1].installmentsCentavos).toBe("106000");
  });

  it("a plan on the owner's private card does not exist for the partner", async () => {
    const { owner, partner, privateCard } = await cards(app);
    const mine = await owner.post("/api/installments", {
      cardAccountId: privateCard,
      amount: "9000",
      date: "2026-03-01",
      label: "Gift",
      months: 3,
    });
    expect(mine.status).toBe(201);
    expect((await owner.get("/api/installments")).data.items).toHaveLength(1);
    expect((await partner.get("/api/installments")).data.items).toEqual([]);
    expect((await partner.get(`/api/installments/${mine.data.id}`)).status).toBe(404);
    expect((await partner.post(`/api/installments/${mine.data.id}/cancel`, {})).status).toBe(404);
    expect(
      (await partner.request(`/api/installments/${mine.data.id}`, { method: "PATCH", json: { label: "x" } }))
        .status,
    ).toBe(404);
    expect(
      (
        await partner.post("/api/installments", {
          cardAccountId: privateCard,
          amount: "10",
          label: "x",
          months: 2,
        })
      ).status,
    ).toBe(404);
    expect(
      (await partner.post("/api/installments", { transactionId: mine.data.purchaseTransactionId, months: 2 }))
        .status,
    ).toBe(404);
    const obligations = await partner.get("/api/installments/obligations");
    expect(obligations.data.months.flatMap((m: any) => m.items)).toEqual([]);
  });

  it("answers bad input with 4xx problems", async () => {
    const { owner, card } = await cards(app);
    const anon = app.client();
    expect((await anon.get("/api/installments")).status).toBe(401);
    const cases: [unknown, number][] = [
      [{ cardAccountId: card, amount: "100", label: "x", months: 1 }, 400],
      [{ cardAccountId: card, amount: "abc", label: "x", months: 3 }, 400],
      [{ cardAccountId: card, amount: "100", label: "x", months: 3, addOnRateBps: -1 }, 400],
      [{ cardAccountId: card, amount: "100", months: 3 }, 400],
      [{ amount: "100", label: "x", months: 3 }, 400],
      [{ cardAccountId: card, amount: "0.02", label: "x", months: 3 }, 400],
      [{ cardAccountId: "00000000-0000-4000-8000-000000000000", amount: "100", label: "x", months: 3 }, 404],
      [{ cardAccountId: card, amount: "100", label: "x", months: 3, date: "2026-02-30" }, 400],
      [
        {
          cardAccountId: card,
          amount: "100",
          label: "x",
          months: 3,
          date: "2026-03-10",
          firstStatementDate: "2026-01-15",
        },
        400,
      ],
    ];
    for (const [body, status] of cases) {
      const res = await owner.post("/api/installments", body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers.get("content-type")).toContain("json");
    }
    expect((await owner.get("/api/installments/not-a-uuid")).status).toBe(400);
    expect((await owner.get("/api/installments?cardAccountId=nope")).status).toBe(400);
  });

  it("puts one instalment, not the whole purchase, on each of the card's computed statements", async () => {
    const { owner, card } = await cards(app);
    const thisMonth = monthStart(todayInManila());
    const statement = (k: number) => `${monthStart(thisMonth, k).slice(0, 8)}15`;
    const plan = await owner.post("/api/installments", {
      cardAccountId: card,
      amount: "12000",
      date: `${monthStart(thisMonth, -3).slice(0, 8)}10`,
      label: "Laptop, Power Mac Center",
      months: 12,
    });
    expect(plan.status).toBe(201);
    // a plan bought today is not in those statements' balances, so holds nothing back from them
    const later = await owner.post("/api/installments", {
      cardAccountId: card,
      amount: "6000",
      date: todayInManila(),
      label: "Phone",
      months: 6,
    });
    expect(later.status).toBe(201);
    const history = await owner.get(`/api/statements/cards/${card}/cycles?limit=12`);
    expect(history.status).toBe(200);
    const byDate = new Map(history.data.items.map((c: { statementDate: string }) => [c.statementDate, c]));
    // nothing paid: the first statement bills ₱1,000, the next one carries it and bills ₱1,000 more
    expect(byDate.get(statement(-3))).toMatchObject({
      source: "computed",
      totalDueCentavos: "100000",
      installments: [{ planId: plan.data.id, number: 1, of: 12, amountCentavos: "100000" }],
    });
    expect(byDate.get(statement(-2))).toMatchObject({
      totalDueCentavos: "200000",
      installments: [{ planId: plan.data.id, number: 2, of: 12 }],
    });
    expect(byDate.get(statement(-4))).toMatchObject({ totalDueCentavos: "0", installments: [] });
    // the card still owes both whole principals: they block the limit
    expect(await balanceOf(owner, card)).toBe("-1800000");
  });
});
