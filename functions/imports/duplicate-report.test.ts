import { describe, expect, it } from "vitest";
import { useTestApp } from "../testing";
import { MAX_LISTED_DUPLICATES } from "./duplicate-rows";
import { importFile, importingHousehold, liveTransactions } from "./test-helpers";

const app = useTestApp();

const HEADER = "Date,Amount,Description";
const mapping = { date: "Date", amount: "Amount", merchant: "Description" };
const november = [
  HEADER,
  "2026-11-01,-245.00,Jollibee",
  "2026-11-02,-3456.75,SM Supermarket",
  "2026-11-03,-150.00,Milk tea",
  "2026-11-04,-89.00,Grab",
].join("\n");
// the last two rows of november and two new ones
const overlapping = [
  HEADER,
  "2026-11-03,-150.00,Milk tea",
  "2026-11-04,-89.00,Grab",
  "2026-11-05,-1200.00,Meralco",
  "2026-11-06,-60.00,Jeepney",
].join("\n");

describe("the rows an import skipped as already there", () => {
  it("are listed with the earlier import's file and date, and leave the list when that import is undone", async () => {
    const { owner, householdId, accounts } = await importingHousehold(app);
    const defaults = { mapping, defaults: { accountId: accounts.gcash } };
    const first = await importFile(owner, november, defaults, "csv", "notion-export.csv");
    expect(first).toMatchObject({ status: "completed", importedRows: 4, duplicates: [] });
    const earlier = new Map(
      (await liveTransactions(app, householdId)).map((t) => [t.merchant, t.id] as const),
    );

    const second = await importFile(owner, overlapping, defaults, "csv", "december.csv");
    expect(second).toMatchObject({ status: "completed", importedRows: 2, skippedRows: 2 });
    expect(second.report.duplicateRows).toBe(2);
    const matched = {
      by: "import",
      batchId: first.id,
      filename: "notion-export.csv",
      importedAt: first.createdAt,
      importedBy: null,
    };
    expect(second.duplicates).toEqual([
      {
        row: 2,
        date: "2026-11-03",
        type: "expense",
        amountCentavos: "15000",
        description: "Milk tea",
        matched: { ...matched, transactionId: earlier.get("Milk tea") },
      },
      {
        row: 3,
        date: "2026-11-04",
        type: "expense",
        amountCentavos: "8900",
        description: "Grab",
        matched: { ...matched, transactionId: earlier.get("Grab") },
      },
    ]);
    // the list of imports stays light: the rows are read one batch at a time
    const list = await owner.get("/api/imports");
    expect(list.data.items.find((b: { id: string }) => b.id === second.id)).not.toHaveProperty("duplicates");

    // undoing the first import hands those rows to the second: they are no longer skipped
    expect((await owner.post(`/api/imports/${first.id}/undo`)).status).toBe(200);
    const after = (await owner.get(`/api/imports/${second.id}`)).data;
    expect(after).toMatchObject({ importedRows: 4, skippedRows: 0, duplicates: [] });
    expect(after.report.duplicateRows).toBe(0);
  });

  it("name the other member, not their file, when the earlier import was theirs", async () => {
    const { owner, partner, accounts } = await importingHousehold(app);
    const defaults = { mapping, defaults: { accountId: accounts.gcash } };
    const theirs = await importFile(partner, november, defaults, "csv", "ben-private-notes.csv");
    const mine = await importFile(owner, overlapping, defaults, "csv", "december.csv");
    expect(mine.duplicates).toHaveLength(2);
    for (const d of mine.duplicates) {
      expect(d.matched).toMatchObject({
        by: "import",
        batchId: null,
        filename: null,
        importedAt: theirs.createdAt,
        importedBy: "Ben",
      });
    }
    expect(JSON.stringify(mine)).not.toContain("ben-private-notes");
  });

  it("say which ID a re-imported FinTrack export matched", async () => {
    const { owner, householdId, accounts } = await importingHousehold(app);
    const typed = await owner.post("/api/transactions", {
      type: "income",
      date: "2026-10-30",
      amount: "45000",
      accountId: accounts.bpi,
      merchant: "Payroll",
    });
    expect(typed.status).toBe(201);
    await importFile(owner, november, { mapping, defaults: { accountId: accounts.gcash } }, "csv", "nov.csv");
    const ledger = await liveTransactions(app, householdId);
    expect(ledger).toHaveLength(5);

    const exported = await owner.get("/api/imports/export.csv");
    const again = await importFile(
      owner,
      exported.data as string,
      { defaults: { accountId: accounts.gcash } },
      "fintrack",
      "fintrack-transactions.csv",
    );
    expect(again).toMatchObject({ status: "completed", importedRows: 0, skippedRows: 5 });
    // the export is oldest first: row 2 is the hand-entered payroll, which has no fingerprint
    expect(again.duplicates[0]).toEqual({
      row: 2,
      date: "2026-10-30",
      type: "income",
      amountCentavos: "4500000",
      description: "Payroll",
      matched: { by: "id", transactionId: typed.data.id },
    });
    expect(again.duplicates.map((d: { row: number; matched: unknown }) => [d.row, d.matched])).toEqual(
      ledger.map((t, i) => [i + 2, { by: "id", transactionId: t.id }]),
    );

    // undoing the first import hands the rows the export's IDs matched to the re-import: they
    // stay, become its rows, and leave its list; only the hand-entered one is still "already there"
    const first = (await owner.get("/api/imports")).data.items.find(
      (i: { filename: string }) => i.filename === "nov.csv",
    );
    expect((await owner.post(`/api/imports/${first.id}/undo`)).data.undo).toMatchObject({
      removedRows: 0,
      keptRows: 4,
    });
    expect(await liveTransactions(app, householdId)).toHaveLength(5);
    const after = (await owner.get(`/api/imports/${again.id}`)).data;
    expect(after).toMatchObject({ importedRows: 4, skippedRows: 1 });
    expect(after.duplicates.map((d: { row: number }) => d.row)).toEqual([2]);
  });

  it(`list at most ${MAX_LISTED_DUPLICATES} rows and count the rest`, async () => {
    const { owner, accounts } = await importingHousehold(app);
    const many = MAX_LISTED_DUPLICATES + 20;
    const csv = [
      HEADER,
      ...Array.from(
        { length: many },
        (_, i) => `2026-09-${String((i % 28) + 1).padStart(2, "0")},-${i + 1}.00,Load ${i}`,
      ),
    ].join("\n");
    const defaults = { mapping, defaults: { accountId: accounts.gcash } };
    await importFile(owner, csv, defaults, "csv", "load.csv");
    const again = await importFile(owner, csv, defaults, "csv", "load-again.csv");
    expect(again).toMatchObject({ importedRows: 0, skippedRows: many });
    expect(again.report.duplicateRows).toBe(many);
    expect(again.duplicates).toHaveLength(MAX_LISTED_DUPLICATES);
    // the first rows of the file, in order
    expect(again.duplicates.at(-1)).toMatchObject({
      row: MAX_LISTED_DUPLICATES + 1,
      description: `Load ${MAX_LISTED_DUPLICATES - 1}`,
    });
  });
});
