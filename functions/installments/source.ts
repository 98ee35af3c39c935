import { type Queryable, schema } from "@fintrack/db";
import { and, eq } from "drizzle-orm";
import { livePlans } from "./live";
import { schedule } from "./schedule";

const { accounts } = schema;

/**
 * What a card's statements need from installment plans (functions/statements consumes it). Same
 * shape as the interface declared there; the integrator wires one to the other. Server side: the
 * caller has already checked that the member may see `cardId`.
 */
export interface InstallmentSource {
  /**
   * Principal in the ledger's balance at the end of `asOf` (purchases on or before it) that is not
   * yet billed on a statement dated on or before `asOf`.
   */
  unbilledPrincipal(cardId: string, asOf: string): Promise<bigint>;
  /**
   * Instalments billed on the card's statements dated within [periodStart, periodEnd]; the amount
   * is what the statement bills: the principal part plus the add-on interest.
   */
  billedIn(
    cardId: string,
    periodStart: string,
    periodEnd: string,
  ): Promise<{ planId: string; label: string; number: number; of: number; amountCentavos: bigint }[]>;
}

/**
 * One household's plans as of its creation: each card's plans and schedules are read once and
 * kept, so a statement page asking about a dozen cycles reads them once. Make one per request.
 */
export function installmentSource(db: Queryable, householdId: string): InstallmentSource {
  const read = new Map<string, ReturnType<typeof readPlans>>();
  const plansOf = (cardId: string) => {
    const plans = read.get(cardId) ?? readPlans(cardId);
    read.set(cardId, plans);
    return plans;
  };
  const readPlans = async (cardId: string) => {
    const [card] = await db
      .select({ statementDay: accounts.statementDay })
      .from(accounts)
      .where(and(eq(accounts.id, cardId), eq(accounts.householdId, householdId)));
    if (!card?.statementDay) return [];
    const statementDay = card.statementDay;
    const plans = await livePlans(db, householdId, [cardId]);
    return plans.map((plan) => ({ plan, list: schedule(plan, statementDay) }));
  };
  return {
    async unbilledPrincipal(cardId, asOf) {
      let total = 0n;
      // only principal the ledger already holds: a purchase made after `asOf` is not in that
      // balance, and a plan read off a statement has no purchase in the ledger at all
      for (const { plan, list } of await plansOf(cardId)) {
        if (!plan.purchaseTransactionId || plan.purchaseDate > asOf) continue;
        for (const i of list) if (i.statementDate > asOf) total += i.amountCentavos;
      }
      return total;
    },
    async billedIn(cardId, periodStart, periodEnd) {
      const out = [];
      for (const { plan, list } of await plansOf(cardId))
        for (const i of list)
          if (i.statementDate >= periodStart && i.statementDate <= periodEnd)
            out.push({
              planId: plan.id,
              label: plan.label,
              number: i.number,
              of: i.of,
              amountCentavos: i.amountCentavos + i.interestCentavos,
            });
      return out.sort((a, b) => a.label.localeCompare(b.label) || a.number - b.number);
    },
  };
}
