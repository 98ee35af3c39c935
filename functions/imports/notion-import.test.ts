import { schema } from "@fintrack/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../testing";
import {
  balanceOf,
  categoryIds,
  expectRollupsMatchLedger,
  fixture,
  importFile,
  importingHousehold,
  liveTransactions,
  upload,
  waitForImport,
} from "./test-helpers";

const app = useTestApp();

const notionCsv = fixture("notion-expenses.csv");

describe("Notion CSV import: preview and mapping", () => {
  it("previews a Notion export (BOM, CRLF, quoted commas) and suggests a mapping from its headers", async () => {
    const { owner } = await importingHousehold(app);
    const res = await upload(owner, notionCsv, { source: "notion", filename: "Expenses 2024.csv" });
    expect(res.status).toBe(201);
    expect(res.data).toMatchObject({
      source: "notion",
      filename: "Expenses 2024.csv",
      headers: ["Name", "Amount", "Category", "Date", "Account", "Type", "Notes", "Tags"],
      rowCount: 14,
      remembered: false,
      suggestedMapping: {
        date: "Date",
        amount: "Amount",
        type: "Type",
        category: "Category",
        account: "Account",
        merchant: "Name",
        notes: "Notes",
        tags: "Tags",
        toAccount: null,
        inflow: null,
        outflow: null,
      },
      suggestedOptions: { dateFormat: "auto", createMissingCategories: false },
    });
    expect(res.data.sampleRows[0]).toEqual([
      "Jollibee lunch",
      "₱245.00",
      "Food & Dining",
      "November 3, 2024",
      "GCash",
      "Expense",
      "",
      "",
    ]);
    expect(res.data.sampleRows[3][6]).toBe("Rice, eggs, and cooking oil");
    const batch = await owner.get(`/api/imports/${res.data.batchId}`);
    expect(batch.data).toMatchObject({ status: "previewed", totalRows: 14, processedRows: 0 });
  });

  it("remembers the mapping chosen for the same headers and offers it next time", async () => {
    const { owner, partner, accounts } = await importingHousehold(app);
    const first = await upload(owner, notionCsv, { source: "notion" });
    // the person chose Name as notes and left merchant out: unusual, but theirs to choose
    const mapping = { ...first.data.suggestedMapping, merchant: null, notes: "Name" };
    const commit = await owner.post(`/api/imports/${first.data.batchId}/commit`, {
      mapping,
      defaults: { accountId: accounts.gcash, type: "expense" },
      dateFormat: "MDY",
      createMissingCategories: true,
      values: { accounts: [{ value: "Coins Wallet", accountId: accounts.gcash }] },
    });
    expect(commit.status).toBe(202);
    await waitForImport(owner, first.data.batchId);

    const again = await upload(owner, notionCsv, { source: "notion" });
    expect(again.data.remembered).toBe(true);
    expect(again.data.suggestedMapping).toMatchObject({ merchant: null, notes: "Name", date: "Date" });
    expect(again.data.suggestedOptions).toEqual({
      dateFormat: "MDY",
      createMissingCategories: true,
      defaults: { accountId: accounts.gcash, type: "expense" },
    });
    // remembered per household: the partner is offered it too
    expect((await upload(partner, notionCsv, { source: "notion" })).data.remembered).toBe(true);
    // other headers, other mapping
    const other = await upload(owner, fixture("bank-statement.csv"));
    expect(other.data.remembered).toBe(false);
  });

  it("does not offer the other member's private account as the remembered default", async () => {
    const { owner, partner, accounts } = await importingHousehold(app);
    await importFile(partner, fixture("bank-statement.csv"), {
      defaults: { accountId: accounts.benUnionBank },
    });
    const mine = await upload(owner, fixture("bank-statement.csv"));
    expect(mine.data.remembered).toBe(true);
    expect(mine.data.suggestedOptions.defaults).toEqual({ accountId: null, type: "expense" });
    const his = await upload(partner, fixture("bank-statement.csv"));
    expect(his.data.suggestedOptions.defaults.accountId).toBe(accounts.benUnionBank);
  });

  it("refuses a commit whose mapping names a column the file does not have", async () => {
    const { owner, accounts } = await importingHousehold(app);
    const preview = await upload(owner, notionCsv, { source: "notion" });
    const res = await owner.post(`/api/imports/${preview.data.batchId}/commit`, {
      mapping: { ...preview.data.suggestedMapping, category: "Kategorie" },
      defaults: { accountId: accounts.gcash },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.data.errors).toEqual([
      { path: "mapping.category", message: 'No column "Kategorie" in this file' },
    ]);
    expect((await owner.get(`/api/imports/${preview.data.batchId}`)).data.status).toBe("previewed");
  });

  it("refuses a default account the member cannot see, and another member's import", async () => {
    const { owner, partner, accounts } = await importingHousehold(app);
    const preview = await upload(owner, notionCsv, { source: "notion" });
    const res = await owner.post(`/api/imports/${preview.data.batchId}/commit`, {
      mapping: preview.data.suggestedMapping,
      defaults: { accountId: accounts.benUnionBank },
    });
    expect(res.status).toBe(400);
    expect(res.data.errors).toEqual([{ path: "defaults.accountId", message: "No such account" }]);
    expect((await partner.get(`/api/imports/${preview.data.batchId}`)).status).toBe(404);
    expect(
      (
        await partner.post(`/api/imports/${preview.data.batchId}/commit`, {
          mapping: preview.data.suggestedMapping,
          defaults: { accountId: accounts.gcash },
        })
      ).status,
    ).toBe(404);
  });

  it("requires a signed-in member on every route", async () => {
    const anonymous = app.client();
    expect((await anonymous.get("/api/imports")).status).toBe(401);
    expect((await upload(anonymous, notionCsv)).status).toBe(401);
    expect((await anonymous.get("/api/imports/export.csv")).status).toBe(401);
    expect((await anonymous.get("/api/imports/health")).status).toBe(200);
  });
});

describe("Notion CSV import: what gets recorded", () => {
  it("imports amounts exactly, reads Notion dates, matches categories and accounts, reports what it could not read", async () => {
    const { owner, householdId, accounts } = await importingHousehold(app);
    const batch = await importFile(
      owner,
      notionCsv,
      { defaults: { accountId: accounts.gcash, type: "expense" } },
      "notion",
    );
    expect(batch).toMatchObject({
      status: "completed",
      totalRows: 14,
      processedRows: 14,
      importedRows: 12,
      skippedRows: 2,
      error: null,
      errors: [
        { row: 9, message: "Amount is blank" },
        { row: 13, message: 'Date "sometime in November" is not a date' },
      ],
      report: {
        duplicateRows: 0,
        errorRows: 2,
        createdCategories: [],
        unknownCategories: ["Streaming"],
        // never silently: the member answered "Coins Wallet" with the default account (importFile)
        unknownAccounts: [],
        mappedAccounts: [{ value: "Coins Wallet", accountId: accounts.gcash, name: "GCash" }],
      },
    });
    expect(batch.completedAt).not.toBeNull();

    const expense = await categoryIds(app, householdId, "expense");
    const income = await categoryIds(app, householdId, "income");
    const txs = await liveTransactions(app, householdId);
    const seen = txs.map((t) => ({
      merchant: t.merchant,
      date: t.date,
      type: t.type,
      amount: t.amountCentavos,
      account: t.accountId,
      category: t.categoryId,
    }));
    const row = (
      merchant: string,
      date: string,
      amount: bigint,
      account: string,
      category: string | null,
      type = "expense",
    ) => ({ merchant, date, type, amount, account, category });
    expect(seen).toEqual(
      expect.arrayContaining([
        row("Jollibee lunch", "2024-11-03", 24_500n, accounts.gcash, expense["Food & Dining"]!),
        row("SM Supermarket", "2024-11-05", 345_675n, accounts.bpi, expense.Groceries!),
        row("Meralco", "2024-11-08", 289_010n, accounts.bpi, expense.Utilities!),
        row("Grab to Makati", "2024-11-09", 31_200n, accounts.gcash, expense.Transportation!),
        row("Netflix", "2024-11-10", 54_900n, accounts.bpi, null),
        row("Sari-sari store", "2024-11-12", 8_550n, accounts.gcash, expense.Groceries!),
        row("Shopee", "2024-11-14", 125_000n, accounts.bpi, expense.Shopping!),
        row("Salary", "2024-11-15", 4_500_000n, accounts.bpi, income.Salary!, "income"),
        row("Mang Inasal", "2024-11-18", 19_900n, accounts.gcash, expense["Food & Dining"]!),
        row("Angkas", "2024-11-20", 15_000n, accounts.gcash, expense.Transportation!),
      ]),
    );
    expect(txs).toHaveLength(12);
    // two identical coffees on the same day are two coffees
    expect(txs.filter((t) => t.merchant === "Starbucks")).toHaveLength(2);
    const groceries = txs.find((t) => t.merchant === "SM Supermarket")!;
    expect(groceries.notes).toBe("Rice, eggs, and cooking oil");
    expect(groceries.tags).toEqual(["groceries", "weekly"]);
    expect(txs.find((t) => t.merchant === "Mang Inasal")!.notes).toBe("Chicken inasal\nwith extra rice");
    expect(txs.every((t) => t.importBatchId === batch.id && t.importFingerprint)).toBe(true);

    // ₱5,000 − ₱1,351.50 in GCash; ₱100,000 − ₱8,145.85 + ₱45,000 in BPI
    expect(await balanceOf(app, accounts.gcash)).toBe(364_850n);
    expect(await balanceOf(app, accounts.bpi)).toBe(13_685_415n);
    await expectRollupsMatchLedger(app);
  });

  it("creates the categories the household does not have when asked to", async () => {
    const { owner, householdId, accounts } = await importingHousehold(app);
    const batch = await importFile(
      owner,
      notionCsv,
      { defaults: { accountId: accounts.gcash }, createMissingCategories: true },
      "notion",
    );
    expect(batch.report).toMatchObject({ createdCategories: ["Streaming"], unknownCategories: [] });
    const expense = await categoryIds(app, householdId, "expense");
    const netflix = (await liveTransactions(app, householdId)).find((t) => t.merchant === "Netflix")!;
    expect(netflix.categoryId).toBe(expense.Streaming);
  });

  it("skips rows already imported: the same file again imports nothing", async () => {
    const { owner, householdId, accounts } = await importingHousehold(app);
    const defaults = { defaults: { accountId: accounts.gcash } };
    await importFile(owner, notionCsv, defaults, "notion");
    const before = await balanceOf(app, accounts.gcash);

    const again = await importFile(owner, notionCsv, defaults, "notion");
    expect(again).toMatchObject({
      status: "completed",
      importedRows: 0,
      skippedRows: 14,
      report: { duplicateRows: 12, errorRows: 2 },
    });
    expect(await liveTransactions(app, householdId)).toHaveLength(12);
    expect(await balanceOf(app, accounts.gcash)).toBe(before);

    // a third coffee that day is new; the two known ones are not
    const text = new TextDecoder().decode(notionCsv);
    const extraCoffee = `${text}Starbucks,₱180.00,Food & Dining,"November 3, 2024",GCash,Expense,Venti latte,coffee\r\n`;
    const third = await importFile(owner, extraCoffee, defaults, "notion");
    expect(third).toMatchObject({ importedRows: 1, report: { duplicateRows: 12 } });
    await expectRollupsMatchLedger(app);
  });

  it("undoes a batch in one click: its transactions disappear and balances are restored", async () => {
    const { owner, partner, householdId, accounts } = await importingHousehold(app);
    const gcashBefore = await balanceOf(app, accounts.gcash);
    const bpiBefore = await balanceOf(app, accounts.bpi);
    const batch = await importFile(owner, notionCsv, { defaults: { accountId: accounts.gcash } }, "notion");
    expect(await balanceOf(app, accounts.gcash)).not.toBe(gcashBefore);

    expect((await partner.post(`/api/imports/${batch.id}/undo`)).status).toBe(404);
    const undone = await owner.post(`/api/imports/${batch.id}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.data).toMatchObject({ id: batch.id, status: "undone", importedRows: 12 });
    expect(await liveTransactions(app, householdId)).toHaveLength(0);
    expect(await balanceOf(app, accounts.gcash)).toBe(gcashBefore);
    expect(await balanceOf(app, accounts.bpi)).toBe(bpiBefore);
    await expectRollupsMatchLedger(app);
    const deleted = await app.db
      .select({ deletedAt: schema.transactions.deletedAt })
      .from(schema.transactions)
      .where(eq(schema.transactions.importBatchId, batch.id));
    expect(deleted).toHaveLength(12);
    expect(deleted.every((t) => t.deletedAt !== null)).toBe(true);

    expect((await owner.post(`/api/imports/${batch.id}/undo`)).status).toBe(409);
    // after an undo the same file imports again
    const again = await importFile(owner, notionCsv, { defaults: { accountId: accounts.gcash } }, "notion");
    expect(again.importedRows).toBe(12);
    await expectRollupsMatchLedger(app);
  });

  it("undo removes what a member changed since, as it is now", async () => {
    const { owner, householdId, accounts } = await importingHousehold(app);
    const gcashBefore = await balanceOf(app, accounts.gcash);
    const batch = await importFile(owner, notionCsv, { defaults: { accountId: accounts.gcash } }, "notion");
    // someone moved the Jollibee lunch to BPI and fixed its amount (as the transactions API would, rollups included)
    const [lunch] = await app.db
      .select()
      .from(schema.transactions)
      .where(eq(schema.transactions.merchant, "Jollibee lunch"));
    const { applyFlows, flowsOf } = await import("../lib/ledger-rollups");
    await app.db.transaction(async (tx) => {
      await applyFlows(tx, flowsOf(lunch!), -1);
      const [moved] = await tx
        .update(schema.transactions)
        .set({ accountId: accounts.bpi, amountCentavos: 26_000n })
        .where(eq(schema.transactions.id, lunch!.id))
        .returning();
      await applyFlows(tx, flowsOf(moved!), 1);
    });
    await owner.post(`/api/imports/${batch.id}/undo`);
    expect(await liveTransactions(app, householdId)).toHaveLength(0);
    expect(await balanceOf(app, accounts.gcash)).toBe(gcashBefore);
    await expectRollupsMatchLedger(app);
  });

  it("notifies the member who imported when the import is done", async () => {
    const { owner, partner, accounts } = await importingHousehold(app);
    await app.runtime.settle();
    const before = (await owner.get("/api/notifications")).data.items.length;
    await importFile(owner, notionCsv, { defaults: { accountId: accounts.gcash } }, "notion");
    await app.runtime.settle();
    const list = await owner.get("/api/notifications");
    expect(list.data.items).toHaveLength(before + 1);
    expect(list.data.items[0]).toMatchObject({
      type: "import.completed",
      title: "Import finished: 12 transactions",
      body: "2 rows skipped (already imported or unreadable).",
      readAt: null,
    });
    const theirs = (await partner.get("/api/notifications")).data.items;
    expect(theirs.some((n: { type: string }) => n.type === "import.completed")).toBe(false);
  });

  it("lists the member's imports, newest first", async () => {
    const { owner, partner, accounts } = await importingHousehold(app);
    const first = await importFile(owner, notionCsv, { defaults: { accountId: accounts.gcash } }, "notion");
    const second = await upload(owner, fixture("bank-statement.csv"));
    const list = await owner.get("/api/imports");
    expect(list.status).toBe(200);
    expect(list.data.items.map((b: { id: string; status: string }) => [b.id, b.status])).toEqual([
      [second.data.batchId, "previewed"],
      [first.id, "completed"],
    ]);
    expect((await partner.get("/api/imports")).data.items).toEqual([]);
  });
});
