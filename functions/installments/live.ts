import { type Queryable, schema } from "@fintrack/db";
import { asc, eq } from "drizzle-orm";
import { monthlyOf } from "./schedule";

const { installmentPlans, transactions } = schema;
export type PlanRow = typeof installmentPlans.$inferSelect;

/**
 * The household's plans as the ledger now has their purchases: a plan follows its purchase
 * (an edited amount is the new principal, an edited date its purchase date, a purchase moved to
 * another card moves its plan), and
 * a deleted purchase, or one that is no longer an expense, takes its plan out of sight. Plans read
 * off a statement have no purchase and stay as stored. `cardIds` keeps the plans on those cards.
 */
export async function livePlans(db: Queryable, householdId: string, cardIds?: string[]): Promise<PlanRow[]> {
  const rows = await db
    .select({
      plan: installmentPlans,
      amount: transactions.amountCentavos,
      date: transactions.date,
      accountId: transactions.accountId,
      type: transactions.type,
      deletedAt: transactions.deletedAt,
    })
    .from(installmentPlans)
    .leftJoin(transactions, eq(transactions.id, installmentPlans.purchaseTransactionId))
    .where(eq(installmentPlans.householdId, householdId))
    .orderBy(asc(installmentPlans.firstStatementDate), asc(installmentPlans.id));
  const wanted = cardIds ? new Set(cardIds) : null;
  const out: PlanRow[] = [];
  for (const r of rows) {
    let plan = r.plan;
    if (plan.purchaseTransactionId !== null) {
      if (
        r.amount === null ||
        r.accountId === null ||
        r.date === null ||
        r.deletedAt !== null ||
        r.type !== "expense"
      )
        continue;
      plan = {
        ...plan,
        principalCentavos: r.amount,
        monthlyCentavos: monthlyOf(r.amount, plan.months),
        cardAccountId: r.accountId,
        purchaseDate: r.date,
      };
    }
    if (!wanted || wanted.has(plan.cardAccountId)) out.push(plan);
  }
  return out;
}
