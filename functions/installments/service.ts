import { type Database, type Queryable, schema } from "@fintrack/db";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { todayInManila } from "../accounts/card-cycle";
import type { SignedInUser } from "../lib/auth";
import { HttpProblem } from "../lib/problem";
import { addDays, billDueDates, monthStart } from "../reminders/dates";
import { inTransaction } from "../transactions/retry";
import { createTransactionIn } from "../transactions/service";
import { visibleAccounts } from "../transactions/visibility";
import { livePlans, type PlanRow } from "./live";
import { monthlyOf, schedule, statementOnOrAfter, withDueDates } from "./schedule";
import type { CreatePlanInput, FutureObligationsDto, PlanDto, UpdatePlanInput } from "./schemas";

const { installmentPlans, accounts, transactions, bills } = schema;

export interface Card {
  id: string;
  name: string;
  statementDay: number;
  dueDay: number;
}

const notFound = () => new HttpProblem(404, "Plan not found", "There is no such installment plan.");
const invalid = (path: string, message: string) =>
  new HttpProblem(400, "Invalid request", message, { errors: [{ path, message }] });

/** The household's credit cards this member can see, with their cycle days. */
export async function visibleCards(db: Queryable, user: SignedInUser): Promise<Map<string, Card>> {
  const visible = await visibleAccounts(db, user);
  const ids = [...visible.values()].filter((a) => a.kind === "credit_card").map((a) => a.id);
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: accounts.id,
      name: accounts.name,
      statementDay: accounts.statementDay,
      dueDay: accounts.dueDay,
    })
    .from(accounts)
    .where(inArray(accounts.id, ids));
  return new Map(
    rows
      .filter((r) => r.statementDay !== null && r.dueDay !== null)
      .map((r) => [r.id, { ...r, statementDay: r.statementDay!, dueDay: r.dueDay! }]),
  );
}

export const planSchedule = (plan: PlanRow, card: Card) =>
  withDueDates(schedule(plan, card.statementDay), card.dueDay);

export function planDto(plan: PlanRow, card: Card, today: string): PlanDto {
  const list = planSchedule(plan, card).map((i) => ({ ...i, billed: i.statementDate <= today }));
  const billed = list.filter((i) => i.billed);
  const billedPrincipal = billed.reduce((s, i) => s + i.amountCentavos, 0n);
  const next = list.find((i) => !i.billed) ?? null;
  const item = (i: (typeof list)[number]) => ({
    ...i,
    amountCentavos: i.amountCentavos.toString(),
    interestCentavos: i.interestCentavos.toString(),
  });
  return {
    id: plan.id,
    cardAccountId: plan.cardAccountId,
    cardName: card.name,
    purchaseTransactionId: plan.purchaseTransactionId,
    label: plan.label,
    principalCentavos: plan.principalCentavos.toString(),
    months: plan.months,
    monthlyCentavos: plan.monthlyCentavos.toString(),
    addOnRateBps: plan.addOnRateBps,
    purchaseDate: plan.purchaseDate,
    firstStatementDate: plan.firstStatementDate,
    source: plan.source,
    status: plan.cancelledStatementDate ? "cancelled" : next ? "active" : "paid_off",
    cancelledStatementDate: plan.cancelledStatementDate,
    billedCount: billed.length,
    billedPrincipalCentavos: billedPrincipal.toString(),
    remainingPrincipalCentavos: (plan.principalCentavos - billedPrincipal).toString(),
    next: next ? item(next) : null,
    schedule: list.map(item),
  };
}

export async function listPlans(
  db: Queryable,
  user: SignedInUser,
  cardAccountId?: string,
  today = todayInManila(),
) {
  const cards = await visibleCards(db, user);
  const ids = cardAccountId ? (cards.has(cardAccountId) ? [cardAccountId] : []) : [...cards.keys()];
  const plans = await livePlans(db, user.householdId, ids);
  const items = plans.map((p) => planDto(p, cards.get(p.cardAccountId)!, today));
  const unbilled = items.reduce((sum, p) => sum + BigInt(p.remainingPrincipalCentavos), 0n);
  return { today, unbilledPrincipalCentavos: unbilled.toString(), items };
}

async function loadPlan(db: Queryable, user: SignedInUser, id: string) {
  const cards = await visibleCards(db, user);
  const plans = await livePlans(db, user.householdId, [...cards.keys()]);
  const plan = plans.find((p) => p.id === id);
  if (!plan) throw notFound();
  return { plan, card: cards.get(plan.cardAccountId)! };
}

export async function getPlan(db: Queryable, user: SignedInUser, id: string, today = todayInManila()) {
  const { plan, card } = await loadPlan(db, user, id);
  return planDto(plan, card, today);
}

function firstStatement(card: Card, purchaseDate: string, asked?: string): string {
  const first = statementOnOrAfter(asked ?? purchaseDate, card.statementDay);
  if (first < purchaseDate)
    throw invalid("firstStatementDate", "The first statement cannot be before the purchase");
  return first;
}

export async function createPlan(
  db: Database,
  user: SignedInUser,
  input: CreatePlanInput,
  today = todayInManila(),
): Promise<PlanDto> {
  const id = await inTransaction(db, async (tx) => {
    const cards = await visibleCards(tx, user);
    let card: Card | undefined;
    let purchase: { id: string; date: string; amount: bigint; merchant: string | null };
    if (input.transactionId) {
      const [t] = await tx
        .select()
        .from(transactions)
        .where(
          and(
            eq(transactions.id, input.transactionId),
            eq(transactions.householdId, user.householdId),
            isNull(transactions.deletedAt),
          ),
        )
        .for("update");
      if (!t || !cards.has(t.accountId)) {
        // an entry on the partner's private card does not exist for this member
        if (!t || !(await visibleAccounts(tx, user)).has(t.accountId))
          throw new HttpProblem(404, "Transaction not found", "There is no such transaction.");
        throw invalid("transactionId", "Only a credit card purchase can be an installment plan");
      }
      if (t.type !== "expense")
        throw invalid("transactionId", "Only a credit card purchase can be an installment plan");
      if (t.feeForId) throw invalid("transactionId", "A transfer fee cannot be an installment plan");
      const [taken] = await tx
        .select({ id: installmentPlans.id })
        .from(installmentPlans)
        .where(eq(installmentPlans.purchaseTransactionId, t.id));
      if (taken)
        throw new HttpProblem(409, "Already a plan", "This purchase is already an installment plan.");
      card = cards.get(t.accountId);
      purchase = { id: t.id, date: t.date, amount: t.amountCentavos, merchant: t.merchant };
    } else {
      if (!input.cardAccountId) throw invalid("cardAccountId", "Choose the card, or a purchase to convert");
      if (input.amount === undefined) throw invalid("amount", "Enter the purchase amount");
      card = cards.get(input.cardAccountId);
      if (!card) {
        if ((await visibleAccounts(tx, user)).has(input.cardAccountId))
          throw invalid("cardAccountId", "Choose a credit card with statement and due days");
        throw new HttpProblem(404, "Card not found", "There is no such card.");
      }
      if (!input.label) throw invalid("label", "Enter what was bought");
      const date = input.date ?? today;
      const tid = await createTransactionIn(tx, user, {
        type: "expense",
        date,
        amount: input.amount,
        accountId: card.id,
        categoryId: input.categoryId ?? null,
        merchant: input.label,
        tags: [],
      });
      purchase = { id: tid, date, amount: input.amount, merchant: input.label };
    }
    if (!card) throw invalid("cardAccountId", "Choose a credit card with statement and due days");
    if (purchase.amount < BigInt(input.months)) throw invalid("months", "Too many months for this amount");
    const [row] = await tx
      .insert(installmentPlans)
      .values({
        householdId: user.householdId,
        cardAccountId: card.id,
        purchaseTransactionId: purchase.id,
        label: input.label ?? purchase.merchant ?? "Installment purchase",
        principalCentavos: purchase.amount,
        months: input.months,
        monthlyCentavos: monthlyOf(purchase.amount, input.months),
        addOnRateBps: input.addOnRateBps,
        purchaseDate: purchase.date,
        firstStatementDate: firstStatement(card, purchase.date, input.firstStatementDate),
        createdBy: user.userId,
      })
      .onConflictDoNothing()
      .returning({ id: installmentPlans.id });
    // the same purchase converted twice at once: the unique purchase index lets one through
    if (!row) throw new HttpProblem(409, "Already a plan", "This purchase is already an installment plan.");
    return row.id;
  });
  return getPlan(db, user, id, today);
}

export async function updatePlan(
  db: Database,
  user: SignedInUser,
  id: string,
  input: UpdatePlanInput,
  today = todayInManila(),
) {
  await inTransaction(db, async (tx) => {
    const { plan, card } = await loadPlan(tx, user, id);
    if (plan.cancelledStatementDate)
      throw new HttpProblem(409, "Plan cancelled", "A cancelled plan cannot change.");
    const months = input.months ?? plan.months;
    if (plan.principalCentavos < BigInt(months)) throw invalid("months", "Too many months for this amount");
    await tx
      .update(installmentPlans)
      .set({
        label: input.label ?? plan.label,
        months,
        monthlyCentavos: monthlyOf(plan.principalCentavos, months),
        addOnRateBps: input.addOnRateBps ?? plan.addOnRateBps,
        firstStatementDate: input.firstStatementDate
          ? firstStatement(card, plan.purchaseDate, input.firstStatementDate)
          : plan.firstStatementDate,
        updatedAt: new Date(),
      })
      .where(eq(installmentPlans.id, id));
  });
  return getPlan(db, user, id, today);
}

/**
 * Pre-termination: the remaining principal is billed on the card's next statement on or after
 * `date` and no interest after it. The purchase stays in the ledger: the money was spent.
 */
export async function cancelPlan(
  db: Database,
  user: SignedInUser,
  id: string,
  date?: string,
  today = todayInManila(),
) {
  await inTransaction(db, async (tx) => {
    const { plan, card } = await loadPlan(tx, user, id);
    if (plan.cancelledStatementDate)
      throw new HttpProblem(409, "Plan cancelled", "This plan is already cancelled.");
    const list = schedule(plan, card.statementDay);
    const on = date ?? today;
    if (on < plan.purchaseDate) throw invalid("date", "A plan cannot end before its purchase");
    // ended before its first statement: the whole principal is billed on that first statement
    const next = statementOnOrAfter(on, card.statementDay);
    const at = [next, plan.firstStatementDate].sort()[1]!;
    if (at > list.at(-1)!.statementDate)
      throw new HttpProblem(
        409,
        "Plan paid off",
        "Every instalment is billed by then; nothing is left to cancel.",
      );
    await tx
      .update(installmentPlans)
      .set({ cancelledStatementDate: at, cancelledAt: new Date(), updatedAt: new Date() })
      .where(eq(installmentPlans.id, id));
  });
  return getPlan(db, user, id, today);
}

/**
 * Removes a plan made by mistake: its schedule and the statement lines attached to it go, and the
 * purchase stays in the ledger as one expense (the money was spent). Card charges already recorded
 * from its statement lines stay too: they are on the bank's statements.
 */
export async function deletePlan(db: Database, user: SignedInUser, id: string) {
  await inTransaction(db, async (tx) => {
    const { plan } = await loadPlan(tx, user, id);
    await tx.delete(installmentPlans).where(eq(installmentPlans.id, plan.id));
  });
}

// --- future obligations ---------------------------------------------------------------------

const OBLIGATION_MONTHS = 12;

/**
 * What the next 12 months will cost, month by month (this month first): every instalment by the
 * due date of the statement that bills it (principal + interest), and every active recurring bill
 * by its due date at its expected amount. Bills without an amount are listed but not summed.
 */
export async function futureObligations(
  db: Queryable,
  user: SignedInUser,
  today = todayInManila(),
): Promise<FutureObligationsDto> {
  const from = monthStart(today);
  const to = addDays(monthStart(today, OBLIGATION_MONTHS), -1);
  const months = Array.from({ length: OBLIGATION_MONTHS }, (_, k) => ({
    month: monthStart(today, k).slice(0, 7),
    installments: 0n,
    bills: 0n,
    items: [] as FutureObligationsDto["months"][number]["items"],
  }));
  const slot = (date: string) => months.find((m) => date.startsWith(m.month));

  const cards = await visibleCards(db, user);
  for (const plan of await livePlans(db, user.householdId, [...cards.keys()])) {
    const card = cards.get(plan.cardAccountId)!;
    for (const i of planSchedule(plan, card)) {
      const m = i.dueDate >= from && i.dueDate <= to ? slot(i.dueDate) : undefined;
      if (!m) continue;
      const amount = i.amountCentavos + i.interestCentavos;
      m.installments += amount;
      m.items.push({
        kind: "installment",
        id: plan.id,
        name: plan.label,
        dueDate: i.dueDate,
        amountCentavos: amount.toString(),
        detail: `${card.name} · ${i.preTermination ? "pre-termination" : `${i.number}/${i.of}`}`,
      });
    }
  }

  const visible = await visibleAccounts(db, user);
  const billRows = await db
    .select()
    .from(bills)
    .where(and(eq(bills.householdId, user.householdId), eq(bills.active, true)));
  for (const bill of billRows) {
    // a bill paid from the partner's private account is theirs to see, like the ledger's entries
    if (bill.accountId && !visible.has(bill.accountId)) continue;
    for (const due of billDueDates(bill, from, to)) {
      const m = slot(due)!;
      if (bill.expectedAmountCentavos !== null) m.bills += bill.expectedAmountCentavos;
      m.items.push({
        kind: "bill",
        id: bill.id,
        name: bill.name,
        dueDate: due,
        amountCentavos: bill.expectedAmountCentavos?.toString() ?? null,
        detail: bill.kind,
      });
    }
  }
  return {
    today,
    months: months.map((m) => ({
      month: m.month,
      installmentsCentavos: m.installments.toString(),
      billsCentavos: m.bills.toString(),
      totalCentavos: (m.installments + m.bills).toString(),
      items: m.items.sort((a, b) => a.dueDate.localeCompare(b.dueDate)),
    })),
  };
}
