import { beforeAll, describe, expect, it } from "vitest";
import { householdOfTwo, type TestClient, useTestApp } from "../testing";
import { addAccount, categoryId, record } from "../transactions/testing";

const app = useTestApp("per file");
let owner: TestClient;
let partner: TestClient;

beforeAll(async () => {
  ({ owner, partner } = await householdOfTwo(app));
  const bank = await addAccount(owner, {
    name: "BPI",
    kind: "bank",
    openingBalance: "1000",
    openingDate: "2025-01-01",
  });
  const secret = await addAccount(owner, {
    name: "Own savings",
    kind: "bank",
    visibility: "private",
    openingBalance: "5000",
    openingDate: "2025-01-01",
  });
  const food = await categoryId(owner, "Food & Dining");
  await record(owner, {
    type: "expense",
    date: "2025-03-02",
    amount: "120.50",
    accountId: bank,
    categoryId: food,
    merchant: '=HYPERLINK("x")',
  });
  await record(owner, {
    type: "expense",
    date: "2025-03-05",
    amount: "700",
    accountId: secret,
    categoryId: food,
    merchant: "Secret shop",
  });
});

describe("analytics routes", () => {
  it("counts money given back by a merchant as a refund, also after a category merge makes it one", async () => {
    const bank = await addAccount(owner, { name: "Maya", kind: "ewallet", openingBalance: "0" });
    const gifts = await categoryId(owner, "Gifts Received", "income");
    const refunds = await categoryId(owner, "Refunds", "income");
    const food = await categoryId(owner, "Food & Dining");
    await record(owner, {
      type: "expense",
      date: "2024-05-03",
      amount: "900",
      accountId: bank,
      categoryId: food,
      merchant: "Lazada",
    });
    await record(owner, {
      type: "income",
      date: "2024-05-20",
      amount: "100",
      accountId: bank,
      categoryId: refunds,
      merchant: "lazada",
    });
    await record(owner, {
      type: "income",
      date: "2024-05-21",
      amount: "50",
      accountId: bank,
      categoryId: gifts,
      merchant: "Lazada",
    });
    const top = async () => (await owner.get("/api/analytics/merchants?period=2024-05")).data.items;
    expect(await top()).toEqual([{ merchant: "Lazada", spendingCentavos: "80000", count: 2 }]);
    const merged = await owner.post(`/api/transactions/categories/${gifts}/merge`, { intoId: refunds });
    expect(merged.status).toBe(204);
    expect(await top()).toEqual([{ merchant: "Lazada", spendingCentavos: "75000", count: 3 }]);
    // whole month (rollups) and a stretch of days (rows) agree
    const days = (await owner.get("/api/analytics/merchants?period=2024-05-01..2024-05-30")).data.items;
    expect(days).toEqual([{ merchant: "Lazada", spendingCentavos: "75000", count: 3 }]);
  });

  it("refuses periods that are not one with a 400 problem naming the field", async () => {
    for (const bad of [
      "2025-13",
      "2025-Q5",
      "25",
      "2025-02-30..2025-03-01",
      "2025-03-10..2025-03-01",
      "1800",
      "1900-01-01..2999-12-31",
      "March",
      "2025-03-01..",
    ]) {
      const res = await owner.get(`/api/analytics/categories?period=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.data.errors[0].path, bad).toBe("period");
    }
    expect((await owner.get("/api/analytics/trends?month=2025-3")).status).toBe(400);
    expect((await owner.get("/api/analytics/merchants?limit=0")).status).toBe(400);
    expect((await owner.get("/api/analytics/net-worth?format=xml")).status).toBe(400);
  });

  it("needs a session", async () => {
    const res = await app.client().get("/api/analytics/net-worth");
    expect(res.status).toBe(401);
  });

  it("writes each chart's data as CSV, a formula-looking merchant as text", async () => {
    const res = await owner.request("/api/analytics/merchants?period=2025-03&format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="fintrack-top-merchants-2025-03.csv"',
    );
    // (the BOM is read away by the client's UTF-8 decoding)
    expect(res.data).toBe(
      'Merchant,Spending,Transactions\r\nSecret shop,700.00,1\r\n"\'=HYPERLINK(""x"")",120.50,1\r\n',
    );
    const worth = await owner.request("/api/analytics/net-worth?format=csv");
    expect(String(worth.data).split("\r\n")[0]).toBe("Month,Assets,Owed on cards,Net worth");
  });

  it("never shows the partner the owner's private account", async () => {
    const mine = await owner.get("/api/analytics/categories?period=2025-03");
    expect(mine.data.spendingCentavos).toBe("82050");
    const theirs = await partner.get("/api/analytics/categories?period=2025-03");
    expect(theirs.data.spendingCentavos).toBe("12050");
    const merchants = await partner.get("/api/analytics/merchants?period=2025-Q1");
    expect(merchants.data.items.map((m: { merchant: string }) => m.merchant)).toEqual(['=HYPERLINK("x")']);
    const worth = await partner.get("/api/analytics/net-worth");
    // (Maya, opened today, does not count before its opening month)
    expect(worth.data.items.find((i: { month: string }) => i.month === "2025-03")).toEqual({
      month: "2025-03",
      assetsCentavos: "87950",
      owedCentavos: "0",
      netWorthCentavos: "87950",
    });
  });
});
