import { schema } from "@fintrack/db";
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { householdOfTwo, useTestApp } from "../testing";
import { addAccount, balanceOf } from "../transactions/testing";

const app = useTestApp("per test", {
  only: ["auth", "accounts", "transactions", "installments", "extraction"],
});

const statement = (statementDate: string, lines: string) => `\`\`\`json
{
  "kind": "statement",
  "statement": { "issuer": "BPI", "cardLast4": "4321", "statementDate": "${statementDate}", "dueDate": "2026-02-09", "totalDue": "3,000.00" },
  "lines": [${lines}]
}
\`\`\``;

const jollibee = `{"date": "2026-01-03", "description": "JOLLIBEE #123 MAKATI", "amount": "520.50", "direction": "debit", "kind": "purchase"}`;
const lazada = (n: number, amount = "1,001.00") =>
  `{"date": "2026-01-12", "description": "LAZADA INSTALLMENT 0${n}/12", "merchant": "Lazada", "amount": "${amount}", "direction": "debit", "kind": "installment", "installment": {"number": ${n}, "of": 12}}`;
const abenson = `{"date": "2026-01-12", "description": "ABENSON 2/6", "merchant": "Abenson", "amount": "2,500.00", "direction": "debit", "kind": "installment", "installment": {"number": 2, "of": 6}}`;

describe("statement lines from smart input attach to their installment plan", () => {
  it("INSTALLMENT 03/12 attaches to the plan and is not recorded as spending again; an unknown plan starts one", async () => {
    const { owner } = await householdOfTwo(app);
    const card = await addAccount(owner, {
      name: "BPI Gold",
      kind: "credit_card",
      openingDate: "2025-01-01",
      card: { last4: "4321", creditLimit: "100000", statementDay: 20, dueDay: 9 },
    });
    // bought 25 October: instalment 1 on the 20 November statement, 3 on 20 January
    const plan = await owner.post("/api/installments", {
      cardAccountId: card,
      amount: "12012",
      date: "2025-10-25",
      label: "Lazada phone",
      months: 12,
    });
    expect(plan.status).toBe(201);
    expect(plan.data.schedule[2]).toMatchObject({
      number: 3,
      statementDate: "2026-01-20",
      amountCentavos: "100100",
    });

    const pasted = await owner.post("/api/extraction/paste", {
      text: statement("2026-01-20", [jollibee, lazada(3), abenson].join(",")),
    });
    expect(pasted.status).toBe(201);
    const [, lazadaDraft, abensonDraft] = pasted.data.drafts;
    expect(lazadaDraft.attachesToPlan).toEqual({ planId: plan.data.id, label: "Lazada phone" });
    expect(abensonDraft.attachesToPlan).toEqual({ planId: null, label: "New plan from this statement" });
    expect(pasted.data.drafts[0].attachesToPlan).toBeNull();

    const confirmed = await owner.post(`/api/extraction/batches/${pasted.data.batch.id}/confirm`);
    expect(confirmed.status).toBe(200);
    // Jollibee and the Abenson instalment (its purchase is not in the ledger); not the Lazada line
    expect(confirmed.data.transactionCount).toBe(2);
    expect(await balanceOf(owner, card)).toBe(String(-(1_201_200 + 52_050 + 250_000)));
    const live = await app.db
      .select({ amount: schema.transactions.amountCentavos })
      .from(schema.transactions)
      .where(and(eq(schema.transactions.accountId, card), isNull(schema.transactions.deletedAt)));
    expect(live.map((t) => t.amount).sort()).toEqual([1_201_200n, 250_000n, 52_050n].sort());

    const billings = await app.db.select().from(schema.installmentBillings);
    expect(billings).toHaveLength(2);
    expect(billings.find((b) => b.planId === plan.data.id)).toMatchObject({
      number: 3,
      statementDate: "2026-01-20",
      transactionId: null,
      draftId: lazadaDraft.id,
    });
    const plans = (await owner.get("/api/installments")).data.items;
    const fromStatement = plans.find((p: any) => p.source === "statement");
    expect(fromStatement).toMatchObject({
      label: "Abenson",
      months: 6,
      principalCentavos: "1500000",
      firstStatementDate: "2025-12-20",
      purchaseTransactionId: null,
    });

    // the February statement: 04/12 attaches again; a line ₱5 off the plan does not
    const feb = await owner.post("/api/extraction/paste", {
      text: statement("2026-02-20", [lazada(4), lazada(5, "1,006.00")].join(",")),
    });
    expect(feb.data.drafts[0].attachesToPlan?.planId).toBe(plan.data.id);
    expect(feb.data.drafts[1].attachesToPlan?.planId).toBeNull();
  });

  it("a pasted line's plan total is the principal of the plan it starts; an answer without one still guesses months × amount", async () => {
    const { owner } = await householdOfTwo(app);
    await addAccount(owner, {
      name: "BPI Gold",
      kind: "credit_card",
      openingDate: "2025-01-01",
      card: { last4: "4321", creditLimit: "100000", statementDay: 20, dueDay: 9 },
    });
    // ₱12,000 over 6 months at 0.8% add-on: the statement bills ₱2,000 + ₱96 interest
    const withTotal = `{"date": "2026-01-12", "description": "ABENSON 2/6 TOTAL 12,000.00", "merchant": "Abenson", "amount": "2,096.00", "direction": "debit", "kind": "installment", "installment": {"number": 2, "of": 6, "planTotal": "₱12,000.00"}}`;
    // the answer as it was written before planTotal existed
    const oldFormat = `{"date": "2026-01-14", "description": "SM APPLIANCE 3/12", "merchant": "SM Appliance", "amount": "1,250.00", "direction": "debit", "kind": "installment", "installment": {"number": 3, "of": 12}}`;

    const misread = await owner.post("/api/extraction/paste", {
      text: statement("2026-01-20", withTotal.replace('"₱12,000.00"', '"2,000.00"')),
    });
    expect(misread.status).toBe(422);
    expect(misread.data.errors.map((e: { path: string }) => e.path)).toEqual([
      "lines.0.installment.planTotal",
    ]);

    const pasted = await owner.post("/api/extraction/paste", {
      text: statement("2026-01-20", [withTotal, oldFormat].join(",")),
    });
    expect(pasted.status).toBe(201);
    const [abensonDraft, smDraft] = pasted.data.drafts;
    expect(abensonDraft.installment).toEqual({ number: 2, of: 6, planTotalCentavos: "1200000" });
    expect(smDraft.installment).toEqual({ number: 3, of: 12, planTotalCentavos: null });
    expect(abensonDraft.attachesToPlan).toEqual({
      planId: null,
      label: "New plan from this statement",
      newPlan: { principalCentavos: "1200000", months: 6, interestCentavos: "9600" },
    });

    const confirmed = await owner.post(`/api/extraction/batches/${pasted.data.batch.id}/confirm`);
    expect(confirmed.status).toBe(200);
    const plans = (await owner.get("/api/installments")).data.items;
    expect(plans.find((p: any) => p.label === "Abenson")).toMatchObject({
      source: "statement",
      months: 6,
      principalCentavos: "1200000",
      monthlyCentavos: "200000",
      addOnRateBps: 80,
      firstStatementDate: "2025-12-20",
    });
    expect(plans.find((p: any) => p.label === "SM Appliance")).toMatchObject({
      months: 12,
      principalCentavos: "1500000",
      firstStatementDate: "2025-11-20",
    });
  });
});
