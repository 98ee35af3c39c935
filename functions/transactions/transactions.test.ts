import { schema } from "@fintrack/db";
import { asc, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { householdOfTwo, type TestClient, useTestApp } from "../testing";
import { addAccount, balanceOf, categoryId, patch, record, summaryOf } from "./testing";

const app = useTestApp("per file");
let owner: TestClient;
let partner: TestClient;
let partnerUser: { id: string };

beforeAll(async () => {
  ({ owner, partner, partnerUser } = await householdOfTwo(app));
});

const bank = (name: string, openingBalance = "10000") =>
  addAccount(owner, { name, kind: "bank", openingBalance, openingDate: "2024-01-01" });
const card = (name: string) =>
  addAccount(owner, {
    name,
    kind: "credit_card",
    openingDate: "2024-01-01",
    card: { last4: "9876", creditLimit: "80000", statementDay: 15, dueDay: 5 },
  });

describe("recording transactions", () => {
  it("records a card purchase then a card payment: spending counted once and the card at zero", async () => {
    const savings = await bank("Card test savings", "10000");
    const visa = await card("Card test Visa");
    const shopping = await categoryId(owner, "Shopping");
    const purchase = await record(owner, {
      type: "expense",
      date: "2025-01-05",
      amount: "2,500",
      accountId: visa,
      categoryId: shopping,
      merchant: "SM Megamall",
    });
    expect(purchase).toMatchObject({
      type: "expense",
      amountCentavos: "250000",
      account: { id: visa, name: "Card test Visa", kind: "credit_card" },
      toAccount: null,
      category: { id: shopping, name: "Shopping" },
      createdBy: { name: "Ana" },
    });
    expect((await owner.get(`/api/accounts/${visa}`)).data.card).toMatchObject({
      outstandingCentavos: "250000",
      availableCreditCentavos: "7750000",
      utilization: 0.03125,
    });

    // a card payment is a transfer: the expense was recorded at the swipe
    const payment = await record(owner, {
      type: "transfer",
      date: "2025-01-20",
      amount: 2500,
      accountId: savings,
      toAccountId: visa,
    });
    expect(payment).toMatchObject({
      type: "transfer",
      category: null,
      toAccount: { id: visa, kind: "credit_card" },
    });

    const summary = await summaryOf(owner, "2025-01");
    expect(summary.expenseCentavos).toBe("250000");
    expect(summary.incomeCentavos).toBe("0");
    expect(summary.byCategory).toEqual([
      { categoryId: shopping, name: "Shopping", kind: "expense", totalCentavos: "250000", count: 1 },
    ]);
    const visaNow = (await owner.get(`/api/accounts/${visa}`)).data;
    expect(visaNow.balanceCentavos).toBe("0");
    expect(visaNow.card).toMatchObject({
      outstandingCentavos: "0",
      availableCreditCentavos: "8000000",
      utilization: 0,
    });
    expect(await balanceOf(owner, savings)).toBe("750000");

    // a cash advance moves money from the card to cash: owed again, and still no spending
    const wallet = await addAccount(owner, {
      name: "Card test wallet",
      kind: "cash",
      openingDate: "2024-01-01",
    });
    await record(owner, {
      type: "transfer",
      date: "2025-01-25",
      amount: "1000",
      accountId: visa,
      toAccountId: wallet,
    });
    expect((await owner.get(`/api/accounts/${visa}`)).data.card.outstandingCentavos).toBe("100000");
    expect(await balanceOf(owner, wallet)).toBe("100000");
    expect((await summaryOf(owner, "2025-01")).expenseCentavos).toBe("250000");
  });

  it("keeps balances as of a past date", async () => {
    const acct = await bank("As-of account", "1000");
    await record(owner, { type: "income", date: "2025-02-10", amount: "500", accountId: acct });
    await record(owner, { type: "expense", date: "2025-03-15", amount: "200", accountId: acct });
    await record(owner, { type: "expense", date: "2025-03-20", amount: "100.50", accountId: acct });
    expect(await balanceOf(owner, acct, "2025-01-31")).toBe("100000");
    expect(await balanceOf(owner, acct, "2025-02-09")).toBe("100000");
    expect(await balanceOf(owner, acct, "2025-02-10")).toBe("150000");
    expect(await balanceOf(owner, acct, "2025-03-15")).toBe("130000");
    expect(await balanceOf(owner, acct, "2025-03-19")).toBe("130000");
    expect(await balanceOf(owner, acct, "2025-04-01")).toBe("119950");
    expect(await balanceOf(owner, acct)).toBe("119950");
    expect((await owner.get(`/api/accounts/${acct}`)).data.balanceCentavos).toBe("119950");
    expect((await owner.get("/api/accounts/balances?asOf=2025-13-01")).status).toBe(400);
  });

  it("splits one expense across categories; the splits must add up to the amount", async () => {
    const acct = await bank("Split account");
    const groceries = await categoryId(owner, "Groceries");
    const care = await categoryId(owner, "Personal Care");
    const salary = await categoryId(owner, "Salary", "income");
    const split = await record(owner, {
      type: "expense",
      date: "2025-04-02",
      amount: "1,000",
      accountId: acct,
      merchant: "Puregold",
      splits: [
        { categoryId: groceries, amount: "600", note: "food" },
        { categoryId: care, amount: 400 },
      ],
    });
    expect(split.category).toBeNull();
    expect(split.splits).toEqual([
      { categoryId: groceries, categoryName: "Groceries", amountCentavos: "60000", note: "food" },
      { categoryId: care, categoryName: "Personal Care", amountCentavos: "40000", note: null },
    ]);
    const summary = await summaryOf(owner, "2025-04");
    expect(summary.expenseCentavos).toBe("100000");
    expect(summary.byCategory.map((c: any) => [c.name, c.totalCentavos])).toEqual([
      ["Groceries", "60000"],
      ["Personal Care", "40000"],
    ]);

    const wrongSum = await owner.post("/api/transactions", {
      type: "expense",
      date: "2025-04-02",
      amount: "1000",
      accountId: acct,
      splits: [
        { categoryId: groceries, amount: "600" },
        { categoryId: care, amount: "300" },
      ],
    });
    expect(wrongSum.status).toBe(400);
    expect(wrongSum.data.errors).toContainEqual({
      path: "splits",
      message: "The splits must add up to the amount",
    });

    const wrongKind = await owner.post("/api/transactions", {
      type: "expense",
      date: "2025-04-02",
      amount: "1000",
      accountId: acct,
      splits: [{ categoryId: salary, amount: "1000" }],
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.data.errors[0].path).toBe("splits.0.categoryId");

    // changing the amount alone would break the splits
    const edit = await patch(owner, `/api/transactions/${split.id}`, { amount: "1200" });
    expect(edit.status).toBe(400);
    const resplit = await patch(owner, `/api/transactions/${split.id}`, {
      amount: "1200",
      splits: [
        { categoryId: groceries, amount: "700" },
        { categoryId: care, amount: "500" },
      ],
    });
    expect(resplit.status).toBe(200);
    expect((await summaryOf(owner, "2025-04")).byCategory.map((c: any) => c.totalCentavos)).toEqual([
      "70000",
      "50000",
    ]);
  });

  it("keeps a foreign-currency charge's original amount beside the peso amount", async () => {
    const visa = await card("Foreign Visa");
    const t = await record(owner, {
      type: "expense",
      date: "2025-05-01",
      amount: "1,523.40",
      accountId: visa,
      merchant: "Netflix US",
      original: { amount: "25.99", currency: "usd" },
    });
    expect(t.amountCentavos).toBe("152340");
    expect(t.original).toEqual({ amountMinor: "2599", currency: "USD" });
    const yen = await record(owner, {
      type: "expense",
      date: "2025-05-02",
      amount: "500",
      accountId: visa,
      original: { amount: "1,500", currency: "JPY" },
    });
    expect(yen.original).toEqual({ amountMinor: "1500", currency: "JPY" });

    for (const original of [
      { amount: "15.5", currency: "JPY" },
      { amount: "10", currency: "PHP" },
      { amount: "10", currency: "XYZ" },
      { amount: "0", currency: "USD" },
    ]) {
      const res = await owner.post("/api/transactions", {
        type: "expense",
        date: "2025-05-02",
        amount: "500",
        accountId: visa,
        original,
      });
      expect(res.status, JSON.stringify(original)).toBe(400);
      expect(res.data.errors[0].path).toMatch(/^original\./);
    }
    const cleared = await patch(owner, `/api/transactions/${t.id}`, { original: null });
    expect(cleared.data.original).toBeNull();
  });

  it("records a transfer fee as its own expense in Fees, deleted and restored with its transfer", async () => {
    const from = await bank("Fee source", "5000");
    const gcash = await addAccount(owner, { name: "Fee GCash", kind: "ewallet", openingDate: "2024-01-01" });
    const fees = await categoryId(owner, "Fees");
    const cashIn = await record(owner, {
      type: "transfer",
      date: "2025-06-03",
      amount: "1000",
      accountId: from,
      toAccountId: gcash,
      fee: "15",
    });
    expect(cashIn.fee).toMatchObject({ amountCentavos: "1500" });
    const fee = (await owner.get(`/api/transactions/${cashIn.fee.id}`)).data;
    expect(fee).toMatchObject({
      type: "expense",
      amountCentavos: "1500",
      account: { id: from },
      category: { id: fees, name: "Fees" },
      feeForId: cashIn.id,
    });
    expect(await balanceOf(owner, from)).toBe("398500");
    expect(await balanceOf(owner, gcash)).toBe("100000");
    expect((await summaryOf(owner, "2025-06")).byCategory).toEqual([
      { categoryId: fees, name: "Fees", kind: "expense", totalCentavos: "1500", count: 1 },
    ]);

    const changed = await patch(owner, `/api/transactions/${cashIn.id}`, { fee: "20" });
    expect(changed.data.fee).toMatchObject({ id: cashIn.fee.id, amountCentavos: "2000" });
    expect(await balanceOf(owner, from)).toBe("398000");

    expect((await owner.delete(`/api/transactions/${cashIn.id}`)).status).toBe(204);
    expect((await owner.get(`/api/transactions/${cashIn.fee.id}`)).status).toBe(404);
    expect(await balanceOf(owner, from)).toBe("500000");
    expect(await balanceOf(owner, gcash)).toBe("0");

    const restored = await owner.post(`/api/transactions/${cashIn.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.data.fee).toMatchObject({ id: cashIn.fee.id, amountCentavos: "2000" });
    expect(await balanceOf(owner, from)).toBe("398000");

    const noFee = await patch(owner, `/api/transactions/${cashIn.id}`, { fee: null });
    expect(noFee.data.fee).toBeNull();
    expect(await balanceOf(owner, from)).toBe("400000");
    expect((await summaryOf(owner, "2025-06")).expenseCentavos).toBe("0");

    const feeOnExpense = await owner.post("/api/transactions", {
      type: "expense",
      date: "2025-06-03",
      amount: "10",
      accountId: from,
      fee: "1",
    });
    expect(feeOnExpense.status).toBe(400);
    expect(feeOnExpense.data.errors[0].path).toBe("fee");
  });

  it("keeps a fee on its transfer: the fee's own edit may change its amount, not where or when it was paid", async () => {
    const from = await bank("Fee edit source", "5000");
    const other = await bank("Fee edit other", "0");
    const gcash = await addAccount(owner, {
      name: "Fee edit GCash",
      kind: "ewallet",
      openingDate: "2024-01-01",
    });
    const cashIn = await record(owner, {
      type: "transfer",
      date: "2025-06-03",
      amount: "1000",
      accountId: from,
      toAccountId: gcash,
      fee: "15",
    });
    const feeUrl = `/api/transactions/${cashIn.fee.id}`;
    for (const change of [{ accountId: other }, { date: "2025-06-04" }, { type: "income" }]) {
      const moved = await patch(owner, feeUrl, change);
      expect(moved.status, JSON.stringify(change)).toBe(400);
      expect(moved.data.errors[0].path).toBe(Object.keys(change)[0]);
    }
    expect(await balanceOf(owner, other)).toBe("0");
    const cheaper = await patch(owner, feeUrl, { amount: "10", notes: "ATM fee" });
    expect(cheaper.status).toBe(200);
    expect((await owner.get(`/api/transactions/${cashIn.id}`)).data.fee).toMatchObject({
      amountCentavos: "1000",
    });
    expect(await balanceOf(owner, from)).toBe("399000");
    // moving the transfer carries the fee along
    await patch(owner, `/api/transactions/${cashIn.id}`, { accountId: other, date: "2025-06-05" });
    expect((await owner.get(feeUrl)).data).toMatchObject({ account: { id: other }, date: "2025-06-05" });
    expect(await balanceOf(owner, from)).toBe("500000");

    // a fee deleted on its own comes back only while its transfer is live and has no other fee
    expect((await owner.delete(feeUrl)).status).toBe(204);
    await patch(owner, `/api/transactions/${cashIn.id}`, { fee: "5" });
    const twice = await owner.post(`${feeUrl}/restore`);
    expect(twice.status).toBe(409);
    await patch(owner, `/api/transactions/${cashIn.id}`, { fee: null });
    expect((await owner.delete(`/api/transactions/${cashIn.id}`)).status).toBe(204);
    const orphan = await owner.post(`${feeUrl}/restore`);
    expect(orphan.status).toBe(409);
    expect(orphan.data.detail).toMatch(/restore the transfer/);
    expect(await balanceOf(owner, other)).toBe("0");
  });

  it("deletes and restores a transaction, balances and summary included", async () => {
    const acct = await bank("Undo account", "1000");
    const food = await categoryId(owner, "Food & Dining");
    const t = await record(owner, {
      type: "expense",
      date: "2025-07-04",
      amount: "350",
      accountId: acct,
      categoryId: food,
      merchant: "Jollibee",
    });
    expect(await balanceOf(owner, acct)).toBe("65000");
    expect((await owner.delete(`/api/transactions/${t.id}`)).status).toBe(204);
    expect(await balanceOf(owner, acct)).toBe("100000");
    expect((await owner.get(`/api/transactions/${t.id}`)).status).toBe(404);
    expect((await owner.get(`/api/transactions?accountId=${acct}`)).data.items).toEqual([]);
    expect((await summaryOf(owner, "2025-07")).expenseCentavos).toBe("0");
    expect((await owner.delete(`/api/transactions/${t.id}`)).status).toBe(404);

    const back = await partner.post(`/api/transactions/${t.id}/restore`);
    expect(back.status).toBe(200);
    expect(back.data).toMatchObject({ id: t.id, amountCentavos: "35000", merchant: "Jollibee" });
    expect(await balanceOf(owner, acct)).toBe("65000");
    expect((await summaryOf(owner, "2025-07")).expenseCentavos).toBe("35000");
    // undoing twice changes nothing
    expect((await owner.post(`/api/transactions/${t.id}/restore`)).status).toBe(200);
    expect(await balanceOf(owner, acct)).toBe("65000");
  });

  it("edits a transaction: the balance moves by the difference, and type changes reshape it", async () => {
    const acct = await bank("Edit account", "1000");
    const other = await bank("Edit other", "0");
    const t = await record(owner, { type: "expense", date: "2025-08-01", amount: "100", accountId: acct });
    const res = await patch(partner, `/api/transactions/${t.id}`, { amount: "250.75", notes: "corrected" });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({
      amountCentavos: "25075",
      notes: "corrected",
      createdBy: { name: "Ana" },
    });
    expect(await balanceOf(owner, acct)).toBe("74925");
    const moved = await patch(owner, `/api/transactions/${t.id}`, { date: "2025-08-31", accountId: other });
    expect(moved.status).toBe(200);
    expect(await balanceOf(owner, acct)).toBe("100000");
    expect(await balanceOf(owner, other)).toBe("-25075");
    const transfer = await patch(owner, `/api/transactions/${t.id}`, { type: "transfer", toAccountId: acct });
    expect(transfer.status).toBe(200);
    expect(transfer.data).toMatchObject({ type: "transfer", category: null, toAccount: { id: acct } });
    expect(await balanceOf(owner, acct)).toBe("125075");
    expect((await summaryOf(owner, "2025-08")).expenseCentavos).toBe("0");
  });

  it("refuses bad amounts, accounts and shapes with 400 field errors", async () => {
    const acct = await bank("Validation account");
    const salary = await categoryId(owner, "Salary", "income");
    const base = { type: "expense", date: "2025-09-01", amount: "100", accountId: acct };
    const cases: [Record<string, unknown>, string][] = [
      [{ amount: "0" }, "amount"],
      [{ amount: "-5" }, "amount"],
      [{ amount: "1.234" }, "amount"],
      [{ amount: "1000000000.01" }, "amount"],
      [{ amount: "lots" }, "amount"],
      [{ amount: null }, "amount"],
      [{ date: "2025-02-29" }, "date"],
      [{ date: "0000-01-01" }, "date"],
      [{ type: "refund" }, "type"],
      [{ accountId: "00000000-0000-4000-8000-000000000000" }, "accountId"],
      [{ accountId: "nope" }, "accountId"],
      [{ categoryId: salary }, "categoryId"],
      [{ categoryId: "00000000-0000-4000-8000-000000000000" }, "categoryId"],
      [{ type: "transfer" }, "toAccountId"],
      [{ type: "transfer", toAccountId: acct }, "toAccountId"],
      [{ type: "transfer", toAccountId: "00000000-0000-4000-8000-000000000000" }, "toAccountId"],
      [{ toAccountId: acct }, "toAccountId"],
      [{ tags: [""] }, "tags.0"],
      [{ merchant: "Sari-sari\u0000" }, "merchant"],
    ];
    for (const [change, path] of cases) {
      const res = await owner.post("/api/transactions", { ...base, ...change });
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(
        res.data.errors.map((e: any) => e.path),
        JSON.stringify(change),
      ).toContain(path);
    }
    const bogus = "00000000-0000-4000-8000-000000000000";
    expect((await owner.get(`/api/transactions/${bogus}`)).status).toBe(404);
    expect((await patch(owner, `/api/transactions/${bogus}`, { amount: "1" })).status).toBe(404);
    expect((await owner.delete(`/api/transactions/${bogus}`)).status).toBe(404);
    expect((await owner.post(`/api/transactions/${bogus}/restore`)).status).toBe(404);
    expect((await owner.get("/api/transactions?cursor=garbage")).status).toBe(400);
    expect((await owner.get("/api/transactions?limit=500")).status).toBe(400);
    expect((await owner.get("/api/transactions?minAmount=abc")).status).toBe(400);
    expect((await owner.get("/api/transactions/summary?month=2025-13")).status).toBe(400);
    expect((await owner.get("/api/transactions/summary?month=0000-01")).status).toBe(400);
    expect((await owner.get("/api/transactions?from=0000-01-01")).status).toBe(400);
    expect((await owner.get("/api/accounts/balances?asOf=0000-01-01")).status).toBe(400);
    expect((await app.client().get("/api/transactions")).status).toBe(401);
  });
});

describe("month summary", () => {
  it("sums income and spending by category; transfers are neither", async () => {
    const acct = await bank("Summary bank", "0");
    const wallet = await addAccount(partner, {
      name: "Summary wallet",
      kind: "cash",
      openingDate: "2024-01-01",
    });
    const salary = await categoryId(owner, "Salary", "income");
    const food = await categoryId(owner, "Food & Dining");
    const groceries = await categoryId(owner, "Groceries");
    await record(owner, {
      type: "income",
      date: "2025-10-15",
      amount: "50000",
      accountId: acct,
      categoryId: salary,
    });
    await record(owner, {
      type: "expense",
      date: "2025-10-01",
      amount: "1000",
      accountId: acct,
      categoryId: food,
    });
    await record(partner, {
      type: "expense",
      date: "2025-10-31",
      amount: "500.50",
      accountId: wallet,
      categoryId: food,
    });
    await record(partner, {
      type: "expense",
      date: "2025-10-20",
      amount: "2000",
      accountId: acct,
      categoryId: groceries,
    });
    await record(owner, { type: "expense", date: "2025-10-21", amount: "99", accountId: acct });
    await record(owner, {
      type: "transfer",
      date: "2025-10-16",
      amount: "3000",
      accountId: acct,
      toAccountId: wallet,
    });
    await record(owner, {
      type: "expense",
      date: "2025-11-01",
      amount: "777",
      accountId: acct,
      categoryId: food,
    });

    const s = await summaryOf(partner, "2025-10");
    expect(s).toEqual({
      month: "2025-10",
      incomeCentavos: "5000000",
      expenseCentavos: "359950",
      netCentavos: "4640050",
      byCategory: [
        { categoryId: groceries, name: "Groceries", kind: "expense", totalCentavos: "200000", count: 1 },
        { categoryId: food, name: "Food & Dining", kind: "expense", totalCentavos: "150050", count: 2 },
        { categoryId: null, name: "Uncategorized", kind: "expense", totalCentavos: "9900", count: 1 },
        { categoryId: salary, name: "Salary", kind: "income", totalCentavos: "5000000", count: 1 },
      ],
    });
  });
});

describe("listing", () => {
  let acct: string;
  let other: string;
  const all: any[] = [];

  beforeAll(async () => {
    acct = await bank("Listing bank", "100000");
    other = await addAccount(partner, { name: "Listing Maya", kind: "ewallet", institution: "Maya" });
    const food = await categoryId(owner, "Food & Dining");
    const transport = await categoryId(owner, "Transportation");
    const merchants = ["Jollibee", "Grab", "Mercury Drug", "7-Eleven", "Meralco"];
    for (let i = 0; i < 23; i++) {
      const who = i % 3 === 0 ? partner : owner;
      all.push(
        await record(who, {
          type: "expense",
          // several rows share a date: the id breaks ties
          date: `2024-12-${String(1 + Math.floor(i / 4)).padStart(2, "0")}`,
          amount: String(100 + (i % 5) * 10),
          accountId: acct,
          categoryId: i % 2 ? food : transport,
          merchant: merchants[i % 5],
          notes: i === 7 ? "Birthday treat for the BARKADA" : null,
          tags: i % 4 === 0 ? ["work"] : [],
        }),
      );
    }
    all.push(
      await record(owner, {
        type: "transfer",
        date: "2024-12-15",
        amount: "5000",
        accountId: acct,
        toAccountId: other,
      }),
    );
  });

  async function everyPage(query: string, from: string | null = null) {
    const seen: any[] = [];
    let cursor: string | null = from;
    let pages = 0;
    do {
      const res: any = await owner.get(
        `/api/transactions?accountId=${acct}&limit=7&${query}${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.data.items);
      cursor = res.data.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    return seen;
  }

  it("keyset pagination returns every row exactly once, in order, for every sort", async () => {
    for (const sort of ["date_desc", "date_asc", "amount_desc", "amount_asc"]) {
      const seen = await everyPage(`sort=${sort}`);
      const ids = seen.map((t) => t.id);
      expect(new Set(ids).size, sort).toBe(ids.length);
      expect(ids.sort(), sort).toEqual(all.map((t) => t.id).sort());
      const key = (t: any) => (sort.startsWith("date") ? t.date : BigInt(t.amountCentavos));
      for (let i = 1; i < seen.length; i++) {
        const [a, b] = [key(seen[i - 1]), key(seen[i])];
        if (sort.endsWith("desc")) expect(a >= b, sort).toBe(true);
        else expect(a <= b, sort).toBe(true);
      }
    }
  });

  it("does not repeat or skip rows when a transaction is added between pages", async () => {
    const first = await owner.get(`/api/transactions?accountId=${acct}&limit=5`);
    const added = await record(owner, { type: "expense", date: "2024-12-31", amount: "1", accountId: acct });
    const rest = await everyPage("sort=date_desc", first.data.nextCursor);
    const ids = [...first.data.items, ...rest].map((t: any) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(all.length);
    all.push(added);
    // a cursor is tied to its sort
    expect(
      (await owner.get(`/api/transactions?sort=amount_asc&cursor=${first.data.nextCursor}`)).status,
    ).toBe(400);
  });

  it("filters by date, account, category, type, member, text, amount and tag", async () => {
    const ids = async (query: string) =>
      (await owner.get(`/api/transactions?limit=200&${query}`)).data.items.map((t: any) => t.id).sort();
    const expected = (pred: (t: any) => boolean) =>
      all
        .filter(pred)
        .map((t) => t.id)
        .sort();
    const inRange = `from=2024-12-01&to=2024-12-31`;

    expect(await ids(`${inRange}&accountId=${acct}`)).toEqual(expected(() => true));
    expect(await ids(`from=2024-12-02&to=2024-12-03&accountId=${acct}`)).toEqual(
      expected((t) => t.date >= "2024-12-02" && t.date <= "2024-12-03"),
    );
    // the destination of a transfer lists it too
    expect(await ids(`accountId=${other}`)).toEqual(expected((t) => t.type === "transfer"));
    const food = await categoryId(owner, "Food & Dining");
    expect(await ids(`${inRange}&categoryId=${food}`)).toEqual(expected((t) => t.category?.id === food));
    expect(await ids(`${inRange}&type=transfer`)).toEqual(expected((t) => t.type === "transfer"));
    expect(await ids(`${inRange}&accountId=${acct}&memberId=${partnerUser.id}`)).toEqual(
      expected((t) => t.createdBy.name === "Ben"),
    );
    expect(await ids(`${inRange}&q=grab`)).toEqual(expected((t) => t.merchant === "Grab"));
    expect(await ids(`${inRange}&q=barkada`)).toEqual(expected((t) => t.notes?.includes("BARKADA")));
    expect(await ids(`${inRange}&q=100%25`)).toEqual([]);
    expect(await ids(`${inRange}&accountId=${acct}&minAmount=120&maxAmount=130`)).toEqual(
      expected((t) => t.amountCentavos === "12000" || t.amountCentavos === "13000"),
    );
    expect(await ids(`${inRange}&tag=work`)).toEqual(expected((t) => t.tags.includes("work")));
    expect(await ids(`${inRange}&tag=work&q=jollibee&type=expense`)).toEqual(
      expected((t) => t.tags.includes("work") && t.merchant === "Jollibee"),
    );
  });
});

describe("events", () => {
  it("emits transaction created, updated and deleted events with amounts as strings", async () => {
    const acct = await bank("Events account");
    const t = await record(owner, { type: "expense", date: "2025-11-11", amount: "12.34", accountId: acct });
    await patch(owner, `/api/transactions/${t.id}`, { amount: "43.21" });
    await owner.delete(`/api/transactions/${t.id}`);
    await app.runtime.settle();
    const rows = (
      await app.db
        .select()
        .from(schema.outbox)
        .where(like(schema.outbox.type, "ph.fintrack.transaction.%"))
        .orderBy(asc(schema.outbox.createdAt))
    ).filter((e) => (e.data as any).transactionId === t.id);
    expect(rows.map((e) => e.type)).toEqual([
      "ph.fintrack.transaction.created.v1",
      "ph.fintrack.transaction.updated.v1",
      "ph.fintrack.transaction.deleted.v1",
    ]);
    expect(rows[0]!.data).toMatchObject({
      amountCentavos: "1234",
      accountId: acct,
      type: "expense",
      splits: [],
    });
    expect(rows[1]!.data).toMatchObject({ amountCentavos: "4321", previous: { amountCentavos: "1234" } });
    expect(rows[0]!.source).toBe("/fintrack/transactions");
    expect(rows.every((e) => e.publishedAt !== null)).toBe(true);
  });

  it("documents every route in OpenAPI", async () => {
    const doc = await owner.get("/api/transactions/openapi.json");
    expect(Object.keys(doc.data.paths).sort()).toEqual([
      "/api/transactions",
      "/api/transactions/categories",
      "/api/transactions/categories/{id}",
      "/api/transactions/categories/{id}/merge",
      "/api/transactions/summary",
      "/api/transactions/summary/year",
      "/api/transactions/{id}",
      "/api/transactions/{id}/restore",
    ]);
  });
});
