import { schema } from "@fintrack/db";
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp, useTestApp } from "../testing";
import { fixture, importFile, importingHousehold, liveTransactions } from "./test-helpers";

const app = useTestApp();
const others: TestApp[] = [];
afterEach(async () => {
  for (const other of others.splice(0)) await other.close();
});

async function exportOf(client: Awaited<ReturnType<typeof importingHousehold>>["owner"]) {
  const res = await client.get("/api/imports/export.csv");
  expect(res.status).toBe(200);
  return res.data as string;
}

describe("re-importing a FinTrack export", () => {
  it("creates nothing for a hand-entered and an imported ledger, and everything in a fresh household", async () => {
    const h = await importingHousehold(app);
    // hand-entered: no import fingerprint, so only the exported id can recognise them
    for (let i = 0; i < 3; i++) {
      await app.db.insert(schema.transactions).values({
        householdId: h.householdId,
        createdBy: h.ownerUser.id,
        type: "income",
        date: "2024-11-15",
        amountCentavos: 4_500_000n,
        accountId: h.accounts.bpi,
        merchant: "Salary",
      });
    }
    await importFile(
      h.owner,
      fixture("notion-expenses.csv"),
      { defaults: { accountId: h.accounts.gcash }, createMissingCategories: true },
      "notion",
    );
    const before = (await liveTransactions(app, h.householdId)).length;
    const csv = await exportOf(h.owner);
    expect(csv.split("\r\n")[0]).toContain(",ID");

    const again = await importFile(h.owner, csv, { defaults: { accountId: h.accounts.gcash } }, "fintrack");
    expect(again).toMatchObject({ status: "completed", importedRows: 0, skippedRows: before });
    expect(await liveTransactions(app, h.householdId)).toHaveLength(before);

    const other = await startTestApp();
    others.push(other);
    const h2 = await importingHousehold(other);
    const fresh = await importFile(
      h2.owner,
      csv,
      { defaults: { accountId: h2.accounts.gcash }, createMissingCategories: true },
      "fintrack",
    );
    // the three identical salaries are three transactions, not one
    expect(fresh).toMatchObject({ status: "completed", importedRows: before, skippedRows: 0 });
    expect(await liveTransactions(other, h2.householdId)).toHaveLength(before);
  });
});
