import { beforeAll, describe, expect, it } from "vitest";
import { householdOfTwo, type TestClient, useTestApp } from "../testing";
import { addAccount, categoryId, patch, record } from "../transactions/testing";
import { isAffected } from "./check";
import { addMonths, monthOf, todayInManila } from "./months";
import { type BudgetRow, figuresFor, paceOf, percentOf, type ScopeSpending } from "./spending";

const app = useTestApp("per file");
let owner: TestClient;
let partner: TestClient;
let ownerUser: { id: string };
let partnerUser: { id: string };
let bank: string;
let card: string;
let anaPrivate: string;
let food: string;
let groceries: string;
let refunds: string;
let salary: string;

// a past month: its figures are final (no days left, projection = what was spent)
const M = "2026-09";
const day = (d: number) => `${M}-${String(d).padStart(2, "0")}`;

beforeAll(async () => {
  ({ owner, partner, ownerUser, partnerUser } = await householdOfTwo(app));
  bank = await addAccount(owner, {
    name: "BPI",
    kind: "bank",
    openingBalance: "100000",
    openingDate: "2026-01-01",
  });
  card = await addAccount(owner, {
    name: "BDO Visa",
    kind: "credit_card",
    openingDate: "2026-01-01",
    card: { last4: "1234", creditLimit: "50000", statementDay: 5, dueDay: 25 },
  });
  anaPrivate = await addAccount(owner, {
    name: "Ana's Maya",
    kind: "ewallet",
    visibility: "private",
    openingDate: "2026-01-01",
  });
  food = await categoryId(owner, "Food & Dining");
  groceries = await categoryId(owner, "Groceries");
  refunds = await categoryId(owner, "Refunds", "income");
  salary = await categoryId(owner, "Salary", "income");

  // September: what counts and what does not
  await record(owner, { type: "expense", date: day(3), amount: "300", accountId: bank, categoryId: food });
  await record(owner, {
    type: "expense",
    date: day(5),
    amount: "500",
    accountId: card,
    splits: [
      { categoryId: food, amount: "200" },
      { categoryId: groceries, amount: "300" },
    ],
  });
  // a refund reduces overall spending; salary does not
  await record(owner, { type: "income", date: day(6), amount: "100", accountId: card, categoryId: refunds });
  await record(owner, { type: "income", date: day(1), amount: "50000", accountId: bank, categoryId: salary });
  // a card payment and a transfer: never spending
  await record(owner, { type: "transfer", date: day(20), amount: "500", accountId: bank, toAccountId: card });
  await record(owner, {
    type: "transfer",
    date: day(21),
    amount: "1000",
    accountId: bank,
    toAccountId: anaPrivate,
  });
  // Ana's private spending: not the household's, but in her personal budget
  await record(owner, {
    type: "expense",
    date: day(7),
    amount: "400",
    accountId: anaPrivate,
    categoryId: food,
  });
  // Ben's shared spending
  await record(partner, { type: "expense", date: day(8), amount: "50", accountId: bank, categoryId: food });
  // a deleted expense does not count
  const gone = await record(owner, {
    type: "expense",
    date: day(9),
    amount: "999",
    accountId: bank,
    categoryId: food,
  });
  expect((await owner.delete(`/api/transactions/${gone.id}`)).status).toBe(204);
  await app.runtime.settle();
});

const progressOf = async (c: TestClient, month: string) => {
  const res = await c.get(`/api/budgets/progress?month=${month}`);
  expect(res.status, JSON.stringify(res.data)).toBe(200);
  return res.data;
};

describe("budgets CRUD", () => {
  it("adds, lists, changes and deletes budgets; one per category and scope", async () => {
    const created = await owner.post("/api/budgets", {
      categoryId: groceries,
      limit: "4,000",
      fromMonth: "2026-10",
    });
    expect(created.status, JSON.stringify(created.data)).toBe(201);
    expect(created.data).toMatchObject({
      categoryId: groceries,
      category: { id: groceries, name: "Groceries" },
      memberId: null,
      personal: false,
      rollover: false,
      thresholds: [80, 100],
      fromMonth: "2026-10",
      limits: [{ fromMonth: "2026-10", limitCentavos: "400000" }],
    });
    const id = created.data.id;
    expect((await partner.post("/api/budgets", { categoryId: groceries, limit: "1" })).status).toBe(409);
    // Ben may still have his own personal one
    const bens = await partner.post("/api/budgets", { categoryId: groceries, limit: "1000", personal: true });
    expect(bens.status).toBe(201);
    expect(bens.data).toMatchObject({ memberId: partnerUser.id, personal: true });

    // a limit change applies from its month on: October keeps 4,000
    const changed = await patch(partner, `/api/budgets/${id}`, {
      limit: "5000",
      fromMonth: "2026-12",
      thresholds: [50, 90, 100],
      rollover: true,
    });
    expect(changed.status, JSON.stringify(changed.data)).toBe(200);
    expect(changed.data.limits).toEqual([
      { fromMonth: "2026-10", limitCentavos: "400000" },
      { fromMonth: "2026-12", limitCentavos: "500000" },
    ]);
    expect(changed.data).toMatchObject({ thresholds: [50, 90, 100], rollover: true });
    // an earlier change replaces the later one
    const again = await patch(owner, `/api/budgets/${id}`, { limit: "4500", fromMonth: "2026-11" });
    expect(again.data.limits).toEqual([
      { fromMonth: "2026-10", limitCentavos: "400000" },
      { fromMonth: "2026-11", limitCentavos: "450000" },
    ]);

    // a personal budget is its member's alone
    expect((await owner.get(`/api/budgets/${bens.data.id}`)).status).toBe(404);
    expect((await patch(owner, `/api/budgets/${bens.data.id}`, { limit: "1" })).status).toBe(404);
    expect((await owner.delete(`/api/budgets/${bens.data.id}`)).status).toBe(404);
    const ownerList = (await owner.get("/api/budgets")).data.items.map((b: any) => b.id);
    expect(ownerList).toContain(id);
    expect(ownerList).not.toContain(bens.data.id);
    expect((await partner.get("/api/budgets")).data.items.map((b: any) => b.id)).toContain(bens.data.id);

    expect((await partner.delete(`/api/budgets/${bens.data.id}`)).status).toBe(204);
    expect((await owner.delete(`/api/budgets/${id}`)).status).toBe(204);
    expect((await owner.get(`/api/budgets/${id}`)).status).toBe(404);
  });

  it("refuses income categories, bad thresholds and bad months with 400", async () => {
    const income = await owner.post("/api/budgets", { categoryId: salary, limit: "100" });
    expect(income.status).toBe(400);
    expect(income.data.errors).toEqual([{ path: "categoryId", message: "No such expense category" }]);
    for (const body of [
      { limit: "0" },
      { limit: "100", thresholds: [] },
      { limit: "100", thresholds: [80, 80] },
      { limit: "100", thresholds: [0] },
      { limit: "100", fromMonth: "2026-13" },
    ]) {
      const res = await owner.post("/api/budgets", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await patch(owner, "/api/budgets/not-a-uuid", { limit: "1" })).status).toBe(400);
    expect((await owner.get("/api/budgets/progress?month=2026-1")).status).toBe(400);
  });
});

describe("progress", () => {
  it("counts expenses and split parts, takes refunds off the overall, never transfers or card payments", async () => {
    const overall = await owner.post("/api/budgets", { limit: "2000", fromMonth: M });
    const foodBudget = await owner.post("/api/budgets", { categoryId: food, limit: "1000", fromMonth: M });
    expect(overall.status).toBe(201);
    expect(foodBudget.status).toBe(201);
    const p = await progressOf(owner, M);
    expect(p).toMatchObject({ month: M, daysInMonth: 30, daysLeft: 0 });
    expect(p.items.map((i: any) => i.category?.name ?? "overall")).toEqual(["overall", "Food & Dining"]);
    // overall: 300 + 500 + Ben's 50 − refund 100 (shared accounts only)
    expect(p.items[0]).toMatchObject({
      limitCentavos: "200000",
      carriedCentavos: "0",
      availableCentavos: "200000",
      spentCentavos: "75000",
      leftCentavos: "125000",
      percent: 37.5,
      over: false,
      dailyAllowanceCentavos: null,
      projectedCentavos: "75000",
    });
    // food: 300 + the 200 split + Ben's 50; Ana's private 400 is not the household's
    expect(p.items[1]).toMatchObject({ spentCentavos: "55000", leftCentavos: "45000", percent: 55 });
    // both members see the same household figures
    expect((await progressOf(partner, M)).items).toEqual(p.items);
  });

  it("a personal budget counts what its member recorded, private accounts included, and only they see it", async () => {
    const mine = await owner.post("/api/budgets", { limit: "1000", personal: true, fromMonth: M });
    expect(mine.status).toBe(201);
    const bens = await partner.post("/api/budgets", {
      categoryId: food,
      limit: "100",
      personal: true,
      fromMonth: M,
    });
    const ana = await progressOf(owner, M);
    const anaPersonal = ana.items.find((i: any) => i.budgetId === mine.data.id);
    // 300 + 500 + private 400 − refund 100
    expect(anaPersonal).toMatchObject({
      personal: true,
      memberId: ownerUser.id,
      spentCentavos: "110000",
      over: true,
    });
    expect(ana.items.some((i: any) => i.budgetId === bens.data.id)).toBe(false);
    const ben = await progressOf(partner, M);
    expect(ben.items.some((i: any) => i.budgetId === mine.data.id)).toBe(false);
    expect(ben.items.find((i: any) => i.budgetId === bens.data.id)).toMatchObject({
      spentCentavos: "5000",
      leftCentavos: "5000",
    });
    await owner.delete(`/api/budgets/${mine.data.id}`);
    await partner.delete(`/api/budgets/${bens.data.id}`);
  });

  it("rollover carries what was left, or overspent, into the next month; limits keep their history", async () => {
    const res = await owner.post("/api/budgets", {
      categoryId: groceries,
      limit: "1000",
      fromMonth: "2026-08",
      rollover: true,
    });
    expect(res.status).toBe(201);
    const id = res.data.id;
    // August: 200 spent of 1,000 → 800 carried into September
    await record(owner, {
      type: "expense",
      date: "2026-08-10",
      amount: "200",
      accountId: bank,
      categoryId: groceries,
    });
    let sep = (await progressOf(owner, M)).items.find((i: any) => i.budgetId === id);
    expect(sep).toMatchObject({
      limitCentavos: "100000",
      carriedCentavos: "80000",
      availableCentavos: "180000",
      spentCentavos: "30000",
      leftCentavos: "150000",
    });
    // October: 1,500 left from September
    const oct = (await progressOf(owner, "2026-10")).items.find((i: any) => i.budgetId === id);
    expect(oct).toMatchObject({ carriedCentavos: "150000", availableCentavos: "250000" });
    // overspending August by 700 carries −700
    await record(owner, {
      type: "expense",
      date: "2026-08-11",
      amount: "1500",
      accountId: bank,
      categoryId: groceries,
    });
    sep = (await progressOf(owner, M)).items.find((i: any) => i.budgetId === id);
    expect(sep).toMatchObject({ carriedCentavos: "-70000", availableCentavos: "30000", leftCentavos: "0" });
    // a new limit from October leaves September's alone
    await patch(owner, `/api/budgets/${id}`, { limit: "3000", fromMonth: "2026-10", rollover: false });
    sep = (await progressOf(owner, M)).items.find((i: any) => i.budgetId === id);
    expect(sep).toMatchObject({ limitCentavos: "100000", carriedCentavos: "0", availableCentavos: "100000" });
    expect((await progressOf(owner, "2026-10")).items.find((i: any) => i.budgetId === id)).toMatchObject({
      limitCentavos: "300000",
    });
    // before its first month a budget is not there
    expect((await progressOf(owner, "2026-07")).items.some((i: any) => i.budgetId === id)).toBe(false);
    await owner.delete(`/api/budgets/${id}`);
  });

  it("the current month has today's daily allowance and projection", async () => {
    const today = todayInManila();
    const p = await progressOf(owner, monthOf(today));
    expect(p.today).toBe(today);
    expect(p.daysLeft).toBe(p.daysInMonth - Number(today.slice(8)) + 1);
    expect((await progressOf(owner, addMonths(monthOf(today), 1))).daysLeft).toBeGreaterThan(27);
  });
});

describe("progress math", () => {
  const budget = (over: Partial<BudgetRow> = {}): BudgetRow => ({
    id: "b",
    householdId: "h",
    categoryId: null,
    memberId: null,
    rollover: false,
    thresholds: [80, 100],
    createdAt: new Date(),
    updatedAt: new Date(),
    limits: [{ fromMonth: "2024-02", limitCentavos: 2_900_00n }],
    ...over,
  });
  const spending = (entries: [string, bigint][]): ScopeSpending =>
    new Map(entries.map(([m, v]) => [m, { byCategory: new Map([["c", v]]), refunds: 0n }]));

  it("daily allowance counts today; projection follows the pace; a leap February has 29 days", () => {
    const f = figuresFor(budget(), "2024-02", spending([["2024-02", 1_000_00n]]))!;
    // 10 February: 20 days left (10th to 29th), 1,900 left → 95 a day; 1,000 in 10 days → 2,900 by the 29th
    expect(paceOf("2024-02", "2024-02-10", f)).toEqual({
      daysInMonth: 29,
      daysLeft: 20,
      dailyAllowance: 95_00n,
      projected: 2_900_00n,
    });
    // the last day: one day left, all of what is left
    expect(paceOf("2024-02", "2024-02-29", f).dailyAllowance).toBe(1_900_00n);
    // past month: n/a; over budget: 0 a day
    expect(paceOf("2024-02", "2024-03-01", f)).toMatchObject({
      daysLeft: 0,
      dailyAllowance: null,
      projected: 1_000_00n,
    });
    const over = figuresFor(budget(), "2024-02", spending([["2024-02", 3_000_00n]]))!;
    expect(paceOf("2024-02", "2024-02-10", over).dailyAllowance).toBe(0n);
    expect(percentOf(over)).toBe(103.4);
  });

  it("rollover never leaves a month less than nothing", () => {
    const b = budget({ rollover: true });
    const f = figuresFor(b, "2024-03", spending([["2024-02", 9_000_00n]]))!;
    expect(f).toEqual({ limit: 2_900_00n, carried: -6_100_00n, available: 0n, spent: 0n });
    expect(percentOf(f)).toBeNull();
  });

  it("a ledger change rechecks only the budgets it can move", () => {
    const change = { categories: new Set(["food"]), members: new Set(["ana"]) };
    expect(isAffected({ categoryId: null, memberId: null }, change)).toBe(true);
    expect(isAffected({ categoryId: "food", memberId: null }, change)).toBe(true);
    expect(isAffected({ categoryId: "rent", memberId: null }, change)).toBe(false);
    expect(isAffected({ categoryId: null, memberId: "ana" }, change)).toBe(true);
    expect(isAffected({ categoryId: null, memberId: "ben" }, change)).toBe(false);
  });
});
