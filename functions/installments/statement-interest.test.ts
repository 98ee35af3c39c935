import { schema } from "@fintrack/db";
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { householdOfTwo, useTestApp } from "../testing";
import { addAccount, balanceOf } from "../transactions/testing";
import { installmentSource } from "./source";

const app = useTestApp("per test", {
  only: ["auth", "accounts", "transactions", "installments", "extraction"],
});

const statement = (statementDate: string, lines: string) => `\`\`\`json
{
  "kind": "statement",
  "statement": { "issuer": "BPI", "cardLast4": "4321", "statementDate": "${statementDate}", "totalDue": "3,000.00" },
  "lines": [${lines}]
}
\`\`\``;

/** "ABENSON n/6" billed at `amount`, with the plan total the statement prints (or none). */
const abenson = (n: number, amount: string, planTotal: string | null) =>
  `{"date": "2026-0${n - 1}-12", "description": "ABENSON ${n}/6", "merchant": "Abenson", "amount": "${amount}", "direction": "debit", "kind": "installment", "installment": {"number": ${n}, "of": 6${planTotal ? `, "planTotal": "${planTotal}"` : ""}}}`;

async function cardOf(owner: Awaited<ReturnType<typeof householdOfTwo>>["owner"]) {
  return addAccount(owner, {
    name: "BPI Gold",
    kind: "credit_card",
    openingDate: "2025-01-01",
    card: { last4: "4321", creditLimit: "100000", statementDay: 20, dueDay: 9 },
  });
}

const charges = async (card: string) =>
  (
    await app.db
      .select({ amount: schema.transactions.amountCentavos })
      .from(schema.transactions)
      .where(and(eq(schema.transactions.accountId, card), isNull(schema.transactions.deletedAt)))
  ).map((t) => t.amount);

describe("a plan started from a statement line with its plan total carries the line's add-on interest", () => {
  it("₱12,000 over 6 billed at ₱2,096: principal ₱12,000 at ₱96 interest a month, and the next statement's line attaches", async () => {
    const { owner } = await householdOfTwo(app);
    const card = await cardOf(owner);
    const pasted = await owner.post("/api/extraction/paste", {
      text: statement("2026-01-20", abenson(2, "2,096.00", "12,000.00")),
    });
    expect(pasted.status).toBe(201);
    expect(pasted.data.drafts[0].attachesToPlan).toEqual({
      planId: null,
      label: "New plan from this statement",
      newPlan: { principalCentavos: "1200000", months: 6, interestCentavos: "9600" },
    });
    expect((await owner.post(`/api/extraction/batches/${pasted.data.batch.id}/confirm`)).status).toBe(200);

    const [plan] = (await owner.get("/api/installments")).data.items;
    expect(plan).toMatchObject({
      source: "statement",
      principalCentavos: "1200000",
      monthlyCentavos: "200000",
      addOnRateBps: 80,
      firstStatementDate: "2025-12-20",
      purchaseTransactionId: null,
    });
    // every statement bills ₱2,000 of principal and ₱96 of interest: the ₱2,096 the issuer bills
    expect(plan.schedule.map((i: any) => [i.amountCentavos, i.interestCentavos])).toEqual(
      Array.from({ length: 6 }, () => ["200000", "9600"]),
    );
    const { data: me } = await owner.get("/api/auth/me");
    const billed = await installmentSource(app.db, me.user.householdId).billedIn(
      card,
      "2025-12-21",
      "2026-01-20",
    );
    expect(billed).toEqual([
      { planId: plan.id, label: "Abenson", number: 2, of: 6, amountCentavos: 209_600n },
    ]);
    // the purchase predates the ledger, so the statement's ₱2,096 is what the card was charged
    expect(await charges(card)).toEqual([209_600n]);

    // February bills 3/6 at ₱2,096 again, without a total: it is that plan's instalment with its
    // interest, not a new plan
    const feb = await owner.post("/api/extraction/paste", {
      text: statement("2026-02-20", abenson(3, "2,096.00", null)),
    });
    expect(feb.data.drafts[0].attachesToPlan).toEqual({ planId: plan.id, label: "Abenson" });
    expect((await owner.post(`/api/extraction/batches/${feb.data.batch.id}/confirm`)).status).toBe(200);
    expect((await owner.get("/api/installments")).data.items).toHaveLength(1);
    expect(await balanceOf(owner, card)).toBe(String(-2 * 209_600));
    const billings = await app.db
      .select({
        number: schema.installmentBillings.number,
        amount: schema.installmentBillings.amountCentavos,
      })
      .from(schema.installmentBillings)
      .where(eq(schema.installmentBillings.planId, plan.id));
    expect(billings.sort((a, b) => a.number - b.number)).toEqual([
      { number: 2, amount: 209_600n },
      { number: 3, amount: 209_600n },
    ]);
  });

  it("₱2,000 × 6 with a ₱12,000 total stays a 0% plan", async () => {
    const { owner } = await householdOfTwo(app);
    await cardOf(owner);
    const pasted = await owner.post("/api/extraction/paste", {
      text: statement("2026-01-20", abenson(2, "2,000.00", "12,000.00")),
    });
    expect(pasted.data.drafts[0].attachesToPlan.newPlan).toEqual({
      principalCentavos: "1200000",
      months: 6,
      interestCentavos: "0",
    });
    expect((await owner.post(`/api/extraction/batches/${pasted.data.batch.id}/confirm`)).status).toBe(200);
    const [plan] = (await owner.get("/api/installments")).data.items;
    expect(plan).toMatchObject({ principalCentavos: "1200000", addOnRateBps: 0 });
    expect(plan.schedule[1]).toMatchObject({ amountCentavos: "200000", interestCentavos: "0" });
  });

  it("a total larger than the line's six instalments: an answer is refused; a stored one is set aside for amount × months at 0%", async () => {
    const { owner } = await householdOfTwo(app);
    const card = await cardOf(owner);
    const refused = await owner.post("/api/extraction/paste", {
      text: statement("2026-01-20", abenson(2, "2,000.00", "15,000.00")),
    });
    expect(refused.status).toBe(422);
    expect(refused.data.errors).toMatchObject([
      {
        path: "lines.0.installment.planTotal",
        message: "The plan total is more than 6 instalments of this line's amount",
      },
    ]);

    // the offline PDF parser stores what it read; a total its line contradicts is not the plan's
    const pasted = await owner.post("/api/extraction/paste", {
      text: statement("2026-01-20", abenson(2, "2,000.00", null)),
    });
    const draft = pasted.data.drafts[0];
    await app.db
      .update(schema.extractionDrafts)
      .set({ installment: { number: 2, of: 6, planTotalCentavos: "1500000" } })
      .where(eq(schema.extractionDrafts.id, draft.id));
    const review = await owner.get(`/api/extraction/batches/${pasted.data.batch.id}`);
    expect(review.status).toBe(200);
    expect(review.data.drafts[0].attachesToPlan).toEqual({
      planId: null,
      label: "New plan from this statement",
    });
    expect((await owner.post(`/api/extraction/batches/${pasted.data.batch.id}/confirm`)).status).toBe(200);
    const [plan] = (await owner.get("/api/installments")).data.items;
    expect(plan).toMatchObject({ principalCentavos: "1200000", addOnRateBps: 0 });
    expect(await charges(card)).toEqual([200_000n]);
  });
});
