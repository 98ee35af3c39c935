import { beforeAll, describe, expect, it } from "vitest";
import { householdOfTwo, type TestClient, useTestApp } from "../testing";
import { addAccount, record } from "./testing";

const app = useTestApp("per file");
let owner: TestClient;

beforeAll(async () => {
  ({ owner } = await householdOfTwo(app));
  const account = await addAccount(owner, { name: "Cash", kind: "cash" });
  for (const [date, amount] of [
    ["2024-02-28", "10"],
    ["2024-02-29", "20"],
    ["2024-03-01", "30"],
  ]) {
    await record(owner, { type: "expense", date, amount, accountId: account });
  }
});

const forge = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const UUID = "5f0e4c1e-9f3a-4c1b-8a2d-2b1f3c4d5e6f";

describe("transaction list cursors", () => {
  it("pages with the cursors the API hands out", async () => {
    const first = await owner.get("/api/transactions?limit=2&sort=date_asc");
    expect(first.data.items.map((t: any) => t.date)).toEqual(["2024-02-28", "2024-02-29"]);
    const next = await owner.get(`/api/transactions?limit=2&sort=date_asc&cursor=${first.data.nextCursor}`);
    expect(next.status).toBe(200);
    expect(next.data.items.map((t: any) => t.date)).toEqual(["2024-03-01"]);
    const byAmount = await owner.get("/api/transactions?limit=1&sort=amount_desc");
    const more = await owner.get(
      `/api/transactions?limit=5&sort=amount_desc&cursor=${byAmount.data.nextCursor}`,
    );
    expect(more.data.items.map((t: any) => t.amountCentavos)).toEqual(["2000", "1000"]);
  });

  it.each([
    ["an impossible date", "date_desc", { s: "date_desc", k: "2024-02-30", id: UUID }],
    ["a date PostgreSQL cannot hold", "date_desc", { s: "date_desc", k: "0000-01-01", id: UUID }],
    ["a month 13", "date_asc", { s: "date_asc", k: "2024-13-01", id: UUID }],
    ["an id of dashes", "date_desc", { s: "date_desc", k: "2024-02-01", id: "-".repeat(36) }],
    [
      "an id that is not hex",
      "date_desc",
      { s: "date_desc", k: "2024-02-01", id: "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz" },
    ],
    ["an amount beyond bigint", "amount_desc", { s: "amount_desc", k: "9".repeat(30), id: UUID }],
    ["a negative amount", "amount_asc", { s: "amount_asc", k: "-5", id: UUID }],
    ["a date key on an amount sort", "amount_desc", { s: "amount_desc", k: "2024-02-01", id: UUID }],
    ["another sort's cursor", "amount_desc", { s: "date_desc", k: "2024-02-01", id: UUID }],
    ["a key that is a number", "amount_desc", { s: "amount_desc", k: 5, id: UUID }],
    ["extra fields", "date_desc", { s: "date_desc", k: "2024-02-01", id: UUID, x: 1 }],
    ["not JSON", "date_desc", "{not json"],
    ["JSON null", "date_desc", "null"],
  ])("refuses %s with a 400 problem", async (_, sort, cursor) => {
    const res = await owner.get(`/api/transactions?sort=${sort}&cursor=${forge(cursor)}`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.data.errors).toEqual([{ path: "cursor", message: expect.any(String) }]);
  });
});
