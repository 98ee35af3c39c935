import { schema } from "@fintrack/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { householdOfTwo, useTestApp } from "../testing";
import { addAccount, categoryId, patch, record } from "../transactions/testing";
import { parseAnswer } from "./paste/parse";

const app = useTestApp("per test", { only: ["auth", "accounts", "transactions", "extraction"] });

const statementAnswer = `Sure! Here is the JSON for your statement:

\`\`\`json
{
  "kind": "statement",
  "statement": {
    "issuer": "BPI",
    "cardLast4": "4321",
    "statementDate": "Jan 20, 2026",
    "dueDate": "02/09/2026",
    "totalDue": "₱4,620.50",
    "minimumDue": "PHP 850.00",
    "previousBalance": "P3,000.00",
    "paymentsCredits": "3,000.00",
    "creditLimit": 50000,
  },
  "lines": [
    {"date": "2026-01-03", "description": "JOLLIBEE #123 MAKATI", "merchant": "Jollibee", "amount": "₱520.50", "direction": "debit", "kind": "purchase"},
    {"date": "01/05/2026", "description": "NETFLIX.COM", "amount": "549.00", "direction": "debit", "foreignCurrency": "usd", "foreignAmount": "9.99", "category": "Subscriptions"},
    {"date": "2026-01-08", "description": "PAYMENT - THANK YOU", "amount": "-3,000.00", "kind": "payment"},
    {"date": "2026-01-10", "description": "SM STORE REFUND", "merchant": "SM Store", "amount": "₱450.00", "direction": "credit", "kind": "refund"},
    {"date": "2026-01-12", "description": "LAZADA 3/12", "amount": "1,001.00", "direction": "debit", "kind": "installment", "installment": {"number": 3, "of": 12}},
  ],
}
\`\`\`
Let me know if you need anything else.`;

describe("manual paste", () => {
  it("reads code fences, prose, trailing commas, peso strings and PH dates into reviewable drafts", async () => {
    const { owner } = await householdOfTwo(app);
    const card = await addAccount(owner, {
      name: "BPI Gold",
      kind: "credit_card",
      card: { last4: "4321", creditLimit: "50000", statementDay: 20, dueDay: 9 },
    });
    const bank = await addAccount(owner, { name: "BPI Savings", kind: "bank", openingBalance: "20000" });
    const food = await categoryId(owner, "Food & Dining");
    // history: Jollibee is usually Food & Dining
    await record(owner, {
      type: "expense",
      date: "2025-12-01",
      amount: "199",
      accountId: bank,
      categoryId: food,
      merchant: "JOLLIBEE Ayala",
    });

    const res = await owner.post("/api/extraction/paste", { text: statementAnswer });
    expect(res.status).toBe(201);
    const { batch, drafts } = res.data;
    expect(batch).toMatchObject({ kind: "statement", extractor: "paste", accountId: card, status: "review" });
    expect(batch.summary).toMatchObject({
      issuer: "bpi",
      statementDate: "2026-01-20",
      dueDate: "2026-02-09",
      totalDueCentavos: "462050",
      minimumDueCentavos: "85000",
      creditLimitCentavos: "5000000",
    });
    expect(drafts).toHaveLength(5);
    const [jollibee, netflix, payment, refund, lazada] = drafts;
    expect(jollibee).toMatchObject({
      amountCentavos: "52050",
      categoryId: food,
      accountId: card,
      include: true,
    });
    expect(netflix).toMatchObject({
      date: "2026-01-05",
      foreignCurrency: "USD",
      categoryId: await categoryId(owner, "Subscriptions"),
    });
    // a payment with no source account starts excluded; a refund is income in Refunds
    expect(payment).toMatchObject({
      direction: "credit",
      kind: "payment",
      include: false,
      amountCentavos: "300000",
    });
    expect(refund).toMatchObject({ categoryId: await categoryId(owner, "Refunds", "income"), include: true });
    expect(lazada.installment).toMatchObject({ number: 3, of: 12 });

    // including the payment without a source account is refused with the line's path
    expect((await patch(owner, `/api/extraction/drafts/${payment.id}`, { include: true })).status).toBe(200);
    const refused = await owner.post(`/api/extraction/batches/${batch.id}/confirm`);
    expect(refused.status).toBe(400);
    expect(refused.data.errors[0].path).toBe(`drafts.${payment.id}.fromAccountId`);
    const edited = await patch(owner, `/api/extraction/drafts/${payment.id}`, { fromAccountId: bank });
    expect(edited.status).toBe(200);
    // split the Lazada line, change the Jollibee amount
    const shopping = await categoryId(owner, "Shopping");
    expect(
      (
        await patch(owner, `/api/extraction/drafts/${lazada.id}`, {
          splits: [
            { categoryId: shopping, amount: "1000" },
            { categoryId: food, amount: "1.00" },
          ],
        })
      ).status,
    ).toBe(200);
    const badSplit = await patch(owner, `/api/extraction/drafts/${lazada.id}`, {
      splits: [{ categoryId: shopping, amount: "5" }],
    });
    expect(badSplit.status).toBe(400);

    const confirmed = await owner.post(`/api/extraction/batches/${batch.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.data.transactionCount).toBe(5);
    expect(confirmed.data.statementCycleId).toEqual(expect.any(String));
    // pressing confirm again records nothing more and answers the same
    const again = await owner.post(`/api/extraction/batches/${batch.id}/confirm`);
    expect(again.data).toEqual(confirmed.data);

    const txs = await app.db
      .select()
      .from(schema.transactions)
      .where(eq(schema.transactions.householdId, (await owner.get("/api/auth/me")).data.user.householdId));
    const byId = new Map(txs.map((t) => [t.id, t]));
    const [tJolli, tNetflix, tPayment, tRefund] = confirmed.data.transactionIds.map(
      (id: string) => byId.get(id)!,
    );
    expect(tJolli).toMatchObject({
      type: "expense",
      accountId: card,
      amountCentavos: 52050n,
      categoryId: food,
    });
    expect(tNetflix).toMatchObject({ originalCurrency: "USD", originalAmountMinor: 999n });
    expect(tPayment).toMatchObject({
      type: "transfer",
      accountId: bank,
      toAccountId: card,
      categoryId: null,
    });
    expect(tRefund).toMatchObject({ type: "income", accountId: card });

    const [cycle] = await app.db.select().from(schema.statementCycles);
    expect(cycle).toMatchObject({
      accountId: card,
      statementDate: "2026-01-20",
      dueDate: "2026-02-09",
      totalDueCentavos: 462050n,
      minimumDueCentavos: 85000n,
    });
    expect(await app.db.select().from(schema.statementCycleLines)).toHaveLength(5);

    // the same answer pasted again: every line is flagged as already confirmed and excluded
    const dup = await owner.post("/api/extraction/paste", { text: statementAnswer });
    expect(dup.status).toBe(201);
    for (const d of dup.data.drafts) {
      expect(d.include).toBe(false);
      expect(d.duplicate?.reason).toMatch(/earlier upload|already recorded/);
    }
    const none = await owner.post(`/api/extraction/batches/${dup.data.batch.id}/confirm`);
    expect(none.data.transactionCount).toBe(0);
    // the batch cannot be edited after confirm
    const late = await patch(owner, `/api/extraction/drafts/${dup.data.drafts[0].id}`, { include: true });
    expect(late.status).toBe(409);
  });

  it("a statement for an unknown card takes the card chosen once for the whole batch", async () => {
    const { owner } = await householdOfTwo(app);
    const card = await addAccount(owner, {
      name: "RCBC Flex",
      kind: "credit_card",
      card: { last4: "5555", creditLimit: "40000", statementDay: 10, dueDay: 1 },
    });
    const res = await owner.post("/api/extraction/paste", { text: statementAnswer });
    expect(res.data.batch.accountId).toBeNull();
    expect(res.data.drafts.every((d: { accountId: string | null }) => d.accountId === null)).toBe(true);
    const chosen = await patch(owner, `/api/extraction/batches/${res.data.batch.id}`, { accountId: card });
    expect(chosen.status).toBe(200);
    expect(chosen.data.batch.accountId).toBe(card);
    expect(chosen.data.drafts.every((d: { accountId: string }) => d.accountId === card)).toBe(true);
    const bad = await patch(owner, `/api/extraction/batches/${res.data.batch.id}`, {
      accountId: "0190b7a4-0000-7000-8000-000000000000",
    });
    expect(bad.status).toBe(400);
    const confirmed = await owner.post(`/api/extraction/batches/${res.data.batch.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.data).toMatchObject({ transactionCount: 4, accountId: card });
  });

  it("flags a draft like a transaction already recorded: same amount, within 3 days, similar merchant", async () => {
    const { owner } = await householdOfTwo(app);
    const cash = await addAccount(owner, { name: "Wallet", kind: "cash", openingBalance: "5000" });
    const recorded = await record(owner, {
      type: "expense",
      date: "2026-01-03",
      amount: "1234.50",
      accountId: cash,
      merchant: "Mercury Drug",
    });
    const answer = (date: string, amount: string, merchant: string) =>
      JSON.stringify({
        kind: "receipt",
        lines: [{ date, description: merchant, merchant, amount, direction: "debit" }],
      });
    const same = await owner.post("/api/extraction/paste", {
      text: answer("2026-01-05", "1234.50", "MERCURY DRUG CORP - QC"),
    });
    expect(same.data.drafts[0]).toMatchObject({
      include: false,
      duplicate: { transactionId: recorded.id, reason: expect.stringContaining("2026-01-03") },
    });
    for (const [date, amount, merchant] of [
      ["2026-01-07", "1234.50", "Mercury Drug"], // 4 days later
      ["2026-01-04", "1234.00", "Mercury Drug"], // another amount
      ["2026-01-04", "1234.50", "Watsons"], // another merchant
    ] as const) {
      const other = await owner.post("/api/extraction/paste", { text: answer(date, amount, merchant) });
      expect(other.data.drafts[0]).toMatchObject({ include: true, duplicate: null });
    }
  });

  it("answers a malformed paste with field-level errors and stores nothing", async () => {
    const { owner } = await householdOfTwo(app);
    const bad = await owner.post("/api/extraction/paste", {
      text: '{"kind": "receipt", "lines": [{"date": "sometime", "description": "X", "amount": "abc", "direction": "debit"}]}',
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const paths = bad.data.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["lines.0.date", "lines.0.amount"]));
    const noJson = await owner.post("/api/extraction/paste", { text: "I could not read the photo, sorry." });
    expect(noJson.status).toBe(422);
    expect((await owner.post("/api/extraction/paste", { text: "" })).status).toBe(400);
    expect(await app.db.select().from(schema.extractionBatches)).toHaveLength(0);
  });

  it("gives a prompt with the answer schema, the household's categories and visible accounts", async () => {
    const { owner, partner } = await householdOfTwo(app);
    await addAccount(owner, { name: "Ana's secret stash", kind: "cash", visibility: "private" });
    await addAccount(partner, {
      name: "Metrobank Card",
      kind: "credit_card",
      card: { last4: "9876", creditLimit: "30000", statementDay: 5, dueDay: 25 },
    });
    const res = await partner.get("/api/extraction/prompt?kind=statement");
    expect(res.status).toBe(200);
    expect(res.data.prompt).toContain('"$schema"');
    expect(res.data.prompt).toContain("Groceries");
    expect(res.data.prompt).toContain("card ending 9876");
    expect(res.data.prompt).not.toContain("secret stash");
    expect(res.data.prompt).toContain('"1234.50"');
    // an installment line's plan total: asked for in the rules and present in the schema
    expect(res.data.prompt).toContain("installment.planTotal");
    expect(res.data.prompt).toContain('"planTotal"');
    expect((await partner.get("/api/extraction/prompt?kind=pdf")).status).toBe(400);
  });

  it("a receipt answer becomes one draft that needs an account before confirming", async () => {
    const { owner } = await householdOfTwo(app);
    const cash = await addAccount(owner, { name: "Wallet", kind: "cash", openingBalance: "2000" });
    const res = await owner.post("/api/extraction/paste", {
      text: "{'kind': 'receipt', 'receipt': {'merchant': 'Mercury Drug', 'date': '5 Jan 2026', 'total': 'PHP 1,234.50'}, 'lines': [],}",
    });
    expect(res.status).toBe(201);
    expect(res.data.drafts).toHaveLength(1);
    const [draft] = res.data.drafts;
    expect(draft).toMatchObject({ date: "2026-01-05", amountCentavos: "123450", merchant: "Mercury Drug" });
    const noAccount = await owner.post(`/api/extraction/batches/${res.data.batch.id}/confirm`);
    expect(noAccount.status).toBe(400);
    expect(noAccount.data.errors[0].path).toBe(`drafts.${draft.id}.accountId`);
    await patch(owner, `/api/extraction/drafts/${draft.id}`, { accountId: cash, amount: "1,200" });
    const ok = await owner.post(`/api/extraction/batches/${res.data.batch.id}/confirm`);
    expect(ok.status).toBe(200);
    expect(ok.data.transactionCount).toBe(1);
  });
});

describe("paste parsing", () => {
  it("reads DD/MM only when the answer itself shows it", () => {
    const answer = (dates: string[]) =>
      JSON.stringify({
        kind: "receipt",
        lines: dates.map((date) => ({ date, description: "x", amount: "1", direction: "debit" })),
      });
    const mdy = parseAnswer(answer(["01/05/2026"]));
    expect(mdy.ok && mdy.result.lines[0]!.date).toBe("2026-01-05");
    const dmy = parseAnswer(answer(["01/05/2026", "25/05/2026"]));
    expect(dmy.ok && dmy.result.lines.map((l) => l.date)).toEqual(["2026-05-01", "2026-05-25"]);
  });
});
