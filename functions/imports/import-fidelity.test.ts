import { schema } from "@fintrack/db";
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type TestApp, type TestClient, useTestApp } from "../testing";
import {
  balanceOf,
  categoryIds,
  expectRollupsMatchLedger,
  fixture,
  importingHousehold,
  liveTransactions,
  upload,
  waitForImport,
} from "./test-helpers";

const app = useTestApp();

const transfersCsv = fixture("notion-transfers.csv");
const historyCsv = fixture("notion-history.csv");

async function addAccount(
  app: TestApp,
  householdId: string,
  ownerId: string,
  name: string,
  kind: "bank" | "ewallet" | "cash" | "credit_card",
  openingBalanceCentavos = 0n,
) {
  const [row] = await app.db
    .insert(schema.accounts)
    .values({ householdId, ownerId, name, kind, openingBalanceCentavos, openingDate: "2024-01-01" })
    .returning({ id: schema.accounts.id });
  return row!.id;
}

async function previewValues(client: TestClient, batchId: string, mapping: unknown, values: unknown = {}) {
  return client.post(`/api/imports/${batchId}/values`, { mapping, values });
}

const totals = (txs: { type: string; amountCentavos: bigint }[]) =>
  Object.fromEntries(
    ["expense", "income", "transfer"].map((type) => [
      type,
      txs.filter((t) => t.type === type).reduce((s, t) => s + t.amountCentavos, 0n),
    ]),
  );

describe("Import fidelity: transfers and names FinTrack does not have", () => {
  it("lists every account and category name with its rows, pairs two-row transfers, flags the lone half", async () => {
    const { partner } = await importingHousehold(app);
    const preview = await upload(partner, transfersCsv, { source: "notion" });
    expect(preview.status).toBe(201);
    expect(preview.data.suggestedMapping).toMatchObject({ account: "Account", toAccount: "To account" });
    const res = await previewValues(partner, preview.data.batchId, preview.data.suggestedMapping);
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    const byName = Object.fromEntries(res.data.accounts.map((a: { value: string }) => [a.value, a]));
    expect(Object.keys(byName).sort()).toEqual(["BPI Card", "BPI Savings", "GCash", "Maya"]);
    expect(byName["BPI Savings"]).toMatchObject({ rows: 6, match: { name: "BPI Savings" } });
    // "gcash" is GCash: one name, counted together
    expect(byName.GCash).toMatchObject({ rows: 4, match: { name: "GCash" } });
    // Ana's Maya is private: for Ben it does not exist
    expect(byName.Maya).toMatchObject({ rows: 3, match: null, suggestion: null });
    expect(byName["BPI Card"]).toMatchObject({ rows: 1, match: null });
    expect(res.data.unanswered.sort()).toEqual(["BPI Card", "Maya"]);
    expect(res.data.categories).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ value: "Load", kind: "expense", rows: 1, match: null }),
        expect.objectContaining({ value: "Food & Dining", kind: "expense", rows: 1 }),
        expect.objectContaining({ value: "Salary", kind: "income", rows: 1 }),
      ]),
    );
    expect(res.data.transfers.pairs).toBe(1);
    expect(res.data.transfers.unpaired).toEqual([
      { row: 11, date: "2025-11-19", amountCentavos: "7700", account: "BPI Savings", direction: "out" },
    ]);
  });

  it("refuses a commit that leaves an unknown account unanswered, and a private account of the other member", async () => {
    const { partner, owner, accounts } = await importingHousehold(app);
    const preview = await upload(partner, transfersCsv, { source: "notion" });
    const commit = (values: unknown) =>
      partner.post(`/api/imports/${preview.data.batchId}/commit`, {
        mapping: preview.data.suggestedMapping,
        defaults: { accountId: accounts.gcash },
        values,
      });
    const unanswered = await commit({});
    expect(unanswered.status).toBe(400);
    expect(unanswered.data.errors).toEqual(
      expect.arrayContaining([
        { path: "values.accounts", message: '"Maya" (3 rows): map it to an account or create it' },
      ]),
    );
    const privateOne = await commit({
      accounts: [
        { value: "Maya", accountId: accounts.anaMaya },
        { value: "BPI Card", create: { kind: "ewallet" } },
      ],
    });
    expect(privateOne.status).toBe(400);
    expect(privateOne.data.errors).toEqual([
      { path: "values.accounts.0.accountId", message: "No such account" },
    ]);
    const card = await commit({ accounts: [{ value: "BPI Card", create: { kind: "credit_card" } }] });
    expect(card.status).toBe(400);
    expect((await partner.get(`/api/imports/${preview.data.batchId}`)).data.status).toBe("previewed");
    // nothing was booked, and Ana's Maya holds nothing of Ben's
    expect(await balanceOf(app, accounts.anaMaya)).toBe(0n);
    expect((await owner.get(`/api/imports/${preview.data.batchId}`)).status).toBe(404);
  });

  it("imports transfers from a To account column, From → To and two rows; a card payment is a transfer; new e-wallet keeps today's balance", async () => {
    const { partner, partnerUser, householdId, accounts } = await importingHousehold(app);
    const card = await addAccount(app, householdId, partnerUser.id, "BPI Rewards Card", "credit_card");
    const wallet = await addAccount(app, householdId, partnerUser.id, "Wallet", "cash");
    const preview = await upload(partner, transfersCsv, { source: "notion" });
    const values = {
      accounts: [
        { value: "maya", create: { kind: "ewallet", balance: "₱2,000.00" } },
        { value: "BPI Card", accountId: card },
      ],
      categories: [{ value: "Load", kind: "expense", create: true }],
    };
    const check = await previewValues(partner, preview.data.batchId, preview.data.suggestedMapping, values);
    expect(check.status).toBe(200);
    expect(check.data.unanswered).toEqual([]);
    expect(check.data.openingBalances).toEqual([
      expect.objectContaining({
        name: "maya",
        rowsBefore: 3,
        earliestDate: "2025-11-06",
        netCentavos: "163450",
      }),
    ]);
    const commit = await partner.post(`/api/imports/${preview.data.batchId}/commit`, {
      mapping: preview.data.suggestedMapping,
      defaults: { accountId: wallet },
      values,
    });
    expect(commit.status, JSON.stringify(commit.data)).toBe(202);
    const batch = await waitForImport(partner, preview.data.batchId);
    expect(batch).toMatchObject({
      status: "completed",
      processedRows: 10,
      importedRows: 8,
      errors: [{ row: 11, message: expect.stringContaining("A transfer needs the account it goes to") }],
      report: {
        createdAccounts: [expect.objectContaining({ name: "maya", kind: "ewallet", value: "maya" })],
        mappedAccounts: [{ value: "BPI Card", accountId: card, name: "BPI Rewards Card" }],
        createdCategories: ["Load"],
        transferPairs: 1,
      },
    });
    const maya = batch.report.createdAccounts[0].id;

    const txs = await liveTransactions(app, householdId);
    expect(txs).toHaveLength(8);
    expect(totals(txs)).toEqual({ expense: 34_550n, income: 4_500_000n, transfer: 953_450n });
    const payment = txs.find((t) => t.merchant === "Credit card payment")!;
    expect(payment).toMatchObject({
      type: "transfer",
      accountId: accounts.bpi,
      toAccountId: card,
      categoryId: null,
    });
    expect(payment.notes).toBe("Statement\nOctober 2025");
    expect(txs.find((t) => t.merchant === "Send to GCash")).toMatchObject({
      type: "transfer",
      accountId: accounts.bpi,
      toAccountId: accounts.gcash,
      amountCentavos: 30_000n,
    });
    expect(txs.find((t) => t.merchant === "Top up Maya")).toMatchObject({
      accountId: accounts.gcash,
      toAccountId: maya,
    });
    const load = (await categoryIds(app, householdId, "expense")).Load;
    expect(txs.find((t) => t.merchant === "Load")).toMatchObject({ accountId: maya, categoryId: load });

    expect(await balanceOf(app, accounts.bpi)).toBe(13_596_550n);
    expect(await balanceOf(app, accounts.gcash)).toBe(655_450n);
    expect(await balanceOf(app, card)).toBe(550_000n);
    // what Ben entered as Maya's balance today is its balance today
    expect(await balanceOf(app, maya)).toBe(200_000n);
    const [created] = await app.db.select().from(schema.accounts).where(eq(schema.accounts.id, maya));
    expect(created).toMatchObject({
      openingDate: "2025-11-06",
      openingBalanceCentavos: 36_550n,
      visibility: "shared",
    });
    // nothing in the default account unasked
    expect(txs.filter((t) => t.accountId === wallet || t.toAccountId === wallet)).toEqual([]);
    expect(await balanceOf(app, accounts.anaMaya)).toBe(0n);
    await expectRollupsMatchLedger(app);

    const undone = await partner.post(`/api/imports/${preview.data.batchId}/undo`, {});
    expect(undone.status).toBe(200);
    expect(await balanceOf(app, accounts.bpi)).toBe(10_000_000n);
    const [archived] = await app.db.select().from(schema.accounts).where(eq(schema.accounts.id, maya));
    expect(archived!.archivedAt).not.toBeNull();
  });

  it("sends lone transfer halves to the default destination chosen in the preview", async () => {
    const { partner, partnerUser, householdId } = await importingHousehold(app);
    const card = await addAccount(app, householdId, partnerUser.id, "BPI Card", "credit_card");
    const wallet = await addAccount(app, householdId, partnerUser.id, "Wallet", "cash");
    const preview = await upload(partner, transfersCsv, { source: "notion" });
    const batch = await partner.post(`/api/imports/${preview.data.batchId}/commit`, {
      mapping: preview.data.suggestedMapping,
      defaults: { accountId: wallet },
      values: {
        accounts: [{ value: "Maya", create: { kind: "ewallet" } }],
        transfers: { defaultToAccountId: wallet },
      },
    });
    expect(batch.status, JSON.stringify(batch.data)).toBe(202);
    const done = await waitForImport(partner, preview.data.batchId);
    expect(done).toMatchObject({ status: "completed", importedRows: 9, errors: [] });
    expect(await balanceOf(app, wallet)).toBe(7_700n);
    expect(await balanceOf(app, card)).toBe(550_000n);
  });
  it("offers last time's answers for a file with the same columns, never an account the member cannot see", async () => {
    const { partner, owner, householdId, accounts } = await importingHousehold(app);
    const utilities = (await categoryIds(app, householdId, "expense")).Utilities!;
    const first = await upload(partner, transfersCsv, { source: "notion" });
    const commit = await partner.post(`/api/imports/${first.data.batchId}/commit`, {
      mapping: first.data.suggestedMapping,
      defaults: { accountId: accounts.gcash },
      values: {
        accounts: [
          { value: "Maya", accountId: accounts.gcash },
          { value: "BPI Card", accountId: accounts.benUnionBank },
        ],
        categories: [
          { value: "Load", kind: "expense", categoryId: utilities },
          { value: "Salary", kind: "income", none: true },
        ],
        transfers: { defaultToAccountId: accounts.bpi },
      },
    });
    expect(commit.status, JSON.stringify(commit.data)).toBe(202);
    await waitForImport(partner, first.data.batchId);

    const again = await upload(partner, transfersCsv, { source: "notion" });
    const values = await previewValues(partner, again.data.batchId, again.data.suggestedMapping);
    const byName = Object.fromEntries(values.data.accounts.map((a: { value: string }) => [a.value, a]));
    expect(byName.Maya).toMatchObject({ match: null, suggestion: { id: accounts.gcash }, remembered: true });
    expect(byName["BPI Card"]).toMatchObject({ suggestion: { id: accounts.benUnionBank }, remembered: true });
    expect(byName.GCash).toMatchObject({ match: { id: accounts.gcash }, remembered: false });
    const categories = Object.fromEntries(values.data.categories.map((c: { value: string }) => [c.value, c]));
    expect(categories.Load.remembered).toEqual({ categoryId: utilities, name: "Utilities" });
    expect(categories.Salary.remembered).toBeNull(); // "Salary" is a category: it matches by itself
    expect(values.data.transfers.rememberedDefaultToAccountId).toBe(accounts.bpi);

    // the owner sees the household's answers, minus the partner's private account
    const theirs = await upload(owner, transfersCsv, { source: "notion" });
    const ownerValues = await previewValues(owner, theirs.data.batchId, theirs.data.suggestedMapping);
    const ownerByName = Object.fromEntries(
      ownerValues.data.accounts.map((a: { value: string }) => [a.value, a]),
    );
    expect(ownerByName.Maya).toMatchObject({ match: { id: accounts.anaMaya }, remembered: false });
    expect(ownerByName["BPI Card"].remembered).toBe(false);
    expect(ownerByName["BPI Card"].suggestion?.id).not.toBe(accounts.benUnionBank);

    // another file's columns get no answers
    const other = await upload(partner, `Date,Amount,Account\n2025-11-20,-100,Maya\n`, { source: "csv" });
    const otherValues = await previewValues(partner, other.data.batchId, other.data.suggestedMapping);
    expect(otherValues.data.accounts[0]).toMatchObject({
      value: "Maya",
      suggestion: null,
      remembered: false,
    });
  });

  it("books a lone half of money in as coming from the chosen account, not going to it", async () => {
    const { owner, accounts } = await importingHousehold(app);
    const csv = [
      "Name,Amount,Date,Account,Type",
      'Money in,₱88.00,"November 20, 2025",GCash,Transfer',
      'Money out,-₱12.00,"November 21, 2025",GCash,Transfer',
    ].join("\n");
    const preview = await upload(owner, csv, { source: "notion" });
    expect(preview.status, JSON.stringify(preview.data)).toBe(201);
    const values = await previewValues(owner, preview.data.batchId, preview.data.suggestedMapping);
    expect(values.data.transfers.unpaired.map((h: { direction: string }) => h.direction)).toEqual([
      "in",
      "out",
    ]);
    const commit = await owner.post(`/api/imports/${preview.data.batchId}/commit`, {
      mapping: preview.data.suggestedMapping,
      defaults: { accountId: accounts.bpi },
      values: { transfers: { defaultToAccountId: accounts.bpi } },
    });
    expect(commit.status, JSON.stringify(commit.data)).toBe(202);
    expect(await waitForImport(owner, preview.data.batchId)).toMatchObject({
      status: "completed",
      importedRows: 2,
    });
    // GCash got ₱88 from BPI and sent ₱12 to it
    expect(await balanceOf(app, accounts.gcash)).toBe(500_000n + 8_800n - 1_200n);
    expect(await balanceOf(app, accounts.bpi)).toBe(10_000_000n - 8_800n + 1_200n);
    await expectRollupsMatchLedger(app);
  });
});

describe("Import fidelity: history older than the account", () => {
  async function gcashStartingLate() {
    const household = await importingHousehold(app);
    await app.db
      .update(schema.accounts)
      .set({ openingDate: "2026-11-01" })
      .where(eq(schema.accounts.id, household.accounts.gcash));
    return household;
  }

  it("says per account how many rows are before its start date and by how much today's balance would change", async () => {
    const { owner } = await gcashStartingLate();
    const preview = await upload(owner, historyCsv, { source: "notion" });
    const res = await previewValues(owner, preview.data.batchId, preview.data.suggestedMapping);
    expect(res.status).toBe(200);
    expect(res.data.openingBalances).toEqual([
      expect.objectContaining({
        name: "GCash",
        openingDate: "2026-11-01",
        rowsBefore: 4,
        earliestDate: "2024-11-03",
        netCentavos: "120850",
      }),
    ]);
  });

  it("moves the start date back by default: today's balance stays what was entered, and undo puts it back", async () => {
    const { owner, householdId, accounts } = await gcashStartingLate();
    const preview = await upload(owner, historyCsv, { source: "notion" });
    const commit = await owner.post(`/api/imports/${preview.data.batchId}/commit`, {
      mapping: preview.data.suggestedMapping,
      defaults: { accountId: accounts.bpi },
    });
    expect(commit.status, JSON.stringify(commit.data)).toBe(202);
    const batch = await waitForImport(owner, preview.data.batchId);
    expect(batch.report.openingBalances).toEqual([
      expect.objectContaining({
        name: "GCash",
        rowsBefore: 4,
        mode: "move",
        previousOpeningDate: "2026-11-01",
        openingDate: "2024-11-03",
        previousOpeningCentavos: "500000",
        openingCentavos: "379150",
        todayChangeCentavos: "0",
      }),
    ]);
    expect(totals(await liveTransactions(app, householdId))).toEqual({
      expense: 468_160n,
      income: 300_000n,
      transfer: 0n,
    });
    // ₱5,000 entered; only the Meralco bill after the start date changes it
    expect(await balanceOf(app, accounts.gcash)).toBe(500_000n - 289_010n);
    expect(await balanceOf(app, accounts.bpi)).toBe(10_000_000n);
    await expectRollupsMatchLedger(app);

    expect((await owner.post(`/api/imports/${preview.data.batchId}/undo`, {})).status).toBe(200);
    const [gcash] = await app.db
      .select()
      .from(schema.accounts)
      .where(and(eq(schema.accounts.id, accounts.gcash), isNull(schema.accounts.archivedAt)));
    expect(gcash).toMatchObject({ openingDate: "2026-11-01", openingBalanceCentavos: 500_000n });
    expect(await balanceOf(app, accounts.gcash)).toBe(500_000n);
  });

  it("keeps the opening balance when asked, and reports how much today's balance changed", async () => {
    const { owner, accounts } = await gcashStartingLate();
    const preview = await upload(owner, historyCsv, { source: "notion" });
    const commit = await owner.post(`/api/imports/${preview.data.batchId}/commit`, {
      mapping: preview.data.suggestedMapping,
      defaults: { accountId: accounts.bpi },
      values: { openingBalances: "keep" },
    });
    expect(commit.status).toBe(202);
    const batch = await waitForImport(owner, preview.data.batchId);
    expect(batch.report.openingBalances).toEqual([
      expect.objectContaining({ mode: "keep", openingDate: "2026-11-01", todayChangeCentavos: "120850" }),
    ]);
    expect(await balanceOf(app, accounts.gcash)).toBe(500_000n + 120_850n - 289_010n);
  });
});
