import { beforeAll, describe, expect, it } from "vitest";
import { householdOfTwo, type TestClient, useTestApp } from "../testing";
import { addAccount, record } from "./testing";

const app = useTestApp("per file");
let owner: TestClient;
let partner: TestClient;

beforeAll(async () => {
  ({ owner, partner } = await householdOfTwo(app));
});

const yearOf = async (c: TestClient, year: number | string) =>
  c.get(`/api/transactions/summary/year?year=${year}`);

describe("year summary", () => {
  it("gives income, spending and net for every month of the year; transfers are not spending", async () => {
    const bank = await addAccount(owner, { name: "BPI", kind: "bank", openingBalance: "100000" });
    const gcash = await addAccount(owner, { name: "GCash", kind: "ewallet", openingBalance: "0" });
    const secret = await addAccount(owner, {
      name: "Own savings",
      kind: "bank",
      visibility: "private",
      openingBalance: "0",
    });
    await record(owner, { type: "income", date: "2025-01-15", amount: "50000", accountId: bank });
    await record(owner, { type: "expense", date: "2025-03-02", amount: "1200.50", accountId: bank });
    await record(owner, { type: "expense", date: "2025-03-20", amount: "99.50", accountId: gcash });
    await record(owner, {
      type: "transfer",
      date: "2025-03-21",
      amount: "5000",
      accountId: bank,
      toAccountId: gcash,
    });
    await record(owner, { type: "expense", date: "2025-03-22", amount: "700", accountId: secret });
    await record(owner, { type: "expense", date: "2024-12-31", amount: "1", accountId: bank });

    const mine = await yearOf(owner, 2025);
    expect(mine.status).toBe(200);
    expect(mine.data.months).toHaveLength(12);
    expect(mine.data.months[0]).toEqual({
      month: "2025-01",
      incomeCentavos: "5000000",
      expenseCentavos: "0",
      netCentavos: "5000000",
    });
    expect(mine.data.months[2].expenseCentavos).toBe("200000");
    expect(mine.data.months[11].netCentavos).toBe("0");
    expect(mine.data.expenseCentavos).toBe("200000");
    expect(mine.data.netCentavos).toBe("4800000");

    // the partner never sees the owner's private account, in totals either
    const theirs = await yearOf(partner, 2025);
    expect(theirs.data.months[2].expenseCentavos).toBe("130000");
  });

  it("refuses a year that is not one", async () => {
    for (const bad of ["", "20x5", "1899", "10000", "2025.5"]) {
      const res = await yearOf(owner, bad);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });
});
