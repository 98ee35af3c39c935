import { schema } from "@fintrack/db";
import { afterEach, describe, expect, it } from "vitest";
import { applyFlows, flowsOf } from "../lib/ledger-rollups";
import { startTestApp, type TestApp, useTestApp } from "../testing";
import {
  categoryIds,
  expectRollupsMatchLedger,
  fixture,
  importFile,
  importingHousehold,
  liveTransactions,
} from "./test-helpers";

const app = useTestApp();
const others: TestApp[] = [];
afterEach(async () => {
  for (const other of others.splice(0)) await other.close();
});

type Household = Awaited<ReturnType<typeof importingHousehold>>;

/** Records a transaction the way the transactions function does: row, splits and rollups together. */
async function record(
  target: TestApp,
  h: Household,
  t: Omit<typeof schema.transactions.$inferInsert, "householdId" | "createdBy"> & {
    createdBy?: string;
    splits?: { categoryId: string; amountCentavos: bigint; note?: string }[];
  },
) {
  const { splits = [], ...fields } = t;
  await target.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.transactions)
      .values({ householdId: h.householdId, createdBy: h.ownerUser.id, ...fields })
      .returning();
    if (splits.length) {
      await tx.insert(schema.transactionSplits).values(splits.map((s) => ({ ...s, transactionId: row!.id })));
    }
    await applyFlows(tx, flowsOf(row!, splits), 1);
  });
}

/** The export without its ID column (reimport-dedupe.test.ts covers that): ids differ per household. */
const withoutIds = (csv: string) => csv.replace(/,(?:ID|[0-9a-f]{8}-[0-9a-f-]{27})\r\n/g, "\r\n");

async function exportOf(client: Household["owner"]) {
  const res = await client.get("/api/imports/export.csv");
  expect(res.status).toBe(200);
  return withoutIds(res.data as string);
}

describe("CSV export", () => {
  it("exports every visible transaction, and an import of it into another household round-trips exactly", async () => {
    const h = await importingHousehold(app);
    const { owner, accounts } = h;
    await importFile(
      owner,
      fixture("notion-expenses.csv"),
      { defaults: { accountId: accounts.gcash }, createMissingCategories: true },
      "notion",
    );
    const expense = await categoryIds(app, h.householdId, "expense");
    const income = await categoryIds(app, h.householdId, "income");
    await record(app, h, {
      type: "transfer",
      date: "2024-11-16",
      amountCentavos: 500_000n,
      accountId: accounts.bpi,
      toAccountId: accounts.gcash,
      notes: "Cash-in for the week",
    });
    await record(app, h, {
      type: "expense",
      date: "2024-11-17",
      amountCentavos: 180_025n,
      accountId: accounts.bpi,
      merchant: "SM Supermarket",
      tags: ["split, shared", "weekly"],
      splits: [
        { categoryId: expense.Groceries!, amountCentavos: 150_000n, note: "food" },
        { categoryId: expense.Health!, amountCentavos: 30_025n },
      ],
    });
    await record(app, h, {
      type: "expense",
      date: "2024-11-18",
      amountCentavos: 61_234n,
      accountId: accounts.anaMaya,
      categoryId: expense.Shopping!,
      merchant: "Steam",
      notes: 'Game "Stardew Valley", on sale',
      originalAmountMinor: 1_099n,
      originalCurrency: "USD",
    });
    await record(app, h, {
      type: "income",
      date: "2024-11-30",
      amountCentavos: 1_500_000n,
      accountId: accounts.bpi,
      categoryId: income.Freelance!,
      merchant: "Upwork",
      tags: ["client-a"],
    });

    const csv = await exportOf(owner);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "Date,Type,Amount,Account,To Account,Category,Merchant,Notes,Tags,Splits,Original Amount (minor units),Original Currency",
    );
    expect(lines).toHaveLength(1 + 12 + 4);
    expect(lines).toContain("2024-11-16,Transfer,5000.00,BPI Savings,GCash,,,Cash-in for the week,,,,");
    expect(lines).toContain(
      '2024-11-17,Expense,1800.25,BPI Savings,,,SM Supermarket,,"[""split, shared"",""weekly""]","[{""category"":""Groceries"",""amount"":""1500.00"",""note"":""food""},{""category"":""Health"",""amount"":""300.25"",""note"":null}]",,',
    );
    expect(lines).toContain(
      '2024-11-18,Expense,612.34,Maya,,Shopping,Steam,"Game ""Stardew Valley"", on sale",,,1099,USD',
    );
    expect(lines).toContain("2024-11-15,Income,45000.00,BPI Savings,,Salary,Salary,November 1-15,,,,");

    // another household with accounts of the same names imports it
    const other = await startTestApp();
    others.push(other);
    const h2 = await importingHousehold(other);
    const batch = await importFile(
      h2.owner,
      csv,
      { defaults: { accountId: h2.accounts.gcash }, createMissingCategories: true },
      "fintrack",
    );
    expect(batch).toMatchObject({ status: "completed", importedRows: 16, skippedRows: 0, errors: [] });
    expect(batch.report).toMatchObject({ unknownAccounts: [], unknownCategories: [] });
    expect(await exportOf(h2.owner)).toBe(csv);
    await expectRollupsMatchLedger(other);

    // importing it again there changes nothing
    const again = await importFile(h2.owner, csv, { defaults: { accountId: h2.accounts.gcash } }, "fintrack");
    expect(again).toMatchObject({ importedRows: 0, skippedRows: 16 });
  });

  it("suggests the whole mapping for a FinTrack export", async () => {
    const { owner } = await importingHousehold(app);
    const csv =
      "Date,Type,Amount,Account,To Account,Category,Merchant,Notes,Tags,Splits,Original Amount (minor units),Original Currency\r\n2024-11-03,Expense,245.00,GCash,,Food & Dining,Jollibee,,,,,\r\n";
    const form = new FormData();
    form.set("file", new File([csv], "fintrack.csv"));
    form.set("source", "fintrack");
    const preview = await owner.request("/api/imports/preview", { method: "POST", body: form });
    expect(preview.data.suggestedMapping).toEqual({
      date: "Date",
      type: "Type",
      amount: "Amount",
      account: "Account",
      toAccount: "To Account",
      category: "Category",
      merchant: "Merchant",
      notes: "Notes",
      tags: "Tags",
      splits: "Splits",
      originalAmountMinor: "Original Amount (minor units)",
      originalCurrency: "Original Currency",
      inflow: null,
      outflow: null,
    });
  });

  it("leaves out the other member's private account; a transfer from it shows as Private account", async () => {
    const h = await importingHousehold(app);
    const { owner, partner, accounts, partnerUser } = h;
    const expense = await categoryIds(app, h.householdId, "expense");
    await record(app, h, {
      type: "expense",
      date: "2024-11-05",
      amountCentavos: 99_900n,
      accountId: accounts.anaMaya,
      categoryId: expense.Shopping!,
      merchant: "Zalora",
    });
    await record(app, h, {
      type: "expense",
      date: "2024-11-06",
      amountCentavos: 45_000n,
      accountId: accounts.benUnionBank,
      categoryId: expense.Gifts!,
      merchant: "Surprise for Ana",
      createdBy: partnerUser.id,
    });
    await record(app, h, {
      type: "transfer",
      date: "2024-11-07",
      amountCentavos: 300_000n,
      accountId: accounts.benUnionBank,
      toAccountId: accounts.gcash,
      notes: "Share for groceries",
      createdBy: partnerUser.id,
    });
    await record(app, h, {
      type: "expense",
      date: "2024-11-08",
      amountCentavos: 250_000n,
      accountId: accounts.gcash,
      categoryId: expense.Groceries!,
      merchant: "Landers",
    });

    const anas = (await exportOf(owner)).trimEnd().split("\r\n").slice(1);
    expect(anas).toEqual([
      "2024-11-05,Expense,999.00,Maya,,Shopping,Zalora,,,,,",
      "2024-11-07,Transfer,3000.00,Private account,GCash,,,Share for groceries,,,,",
      "2024-11-08,Expense,2500.00,GCash,,Groceries,Landers,,,,,",
    ]);
    // the masked side cannot be imported back: that row is reported, the others import
    const other = await startTestApp();
    others.push(other);
    const h2 = await importingHousehold(other);
    const back = await importFile(
      h2.owner,
      await exportOf(owner),
      { defaults: { accountId: h2.accounts.gcash } },
      "fintrack",
    );
    expect(back).toMatchObject({
      importedRows: 2,
      errors: [
        { row: 3, message: "One side is the other member's private account (exported as Private account)" },
      ],
      report: { unknownAccounts: [] },
    });

    const bens = (await exportOf(partner)).trimEnd().split("\r\n").slice(1);
    expect(bens).toEqual([
      "2024-11-06,Expense,450.00,UnionBank,,Gifts,Surprise for Ana,,,,,",
      "2024-11-07,Transfer,3000.00,UnionBank,GCash,,,Share for groceries,,,,",
      "2024-11-08,Expense,2500.00,GCash,,Groceries,Landers,,,,,",
    ]);
  });

  it("answers with a downloadable UTF-8 CSV that Excel reads (BOM)", async () => {
    const { owner, accounts } = await importingHousehold(app);
    await importFile(
      owner,
      fixture("notion-expenses.csv"),
      { defaults: { accountId: accounts.gcash } },
      "notion",
    );
    const res = await app.fetch(
      new Request("http://localhost/api/imports/export.csv", {
        headers: { cookie: [...owner.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="fintrack-transactions-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(await liveTransactions(app, (await owner.get("/api/auth/me")).data.user.householdId)).toHaveLength(
      12,
    );
  });
});
