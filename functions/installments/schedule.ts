import { cardDueAfter, clampedDay, monthStart } from "../reminders/dates";

/**
 * The billing rules of an installment plan, on calendar dates (YYYY-MM-DD, Manila). Pure: the
 * same plan gives the same schedule everywhere (API, statements, future obligations).
 */
export interface PlanTerms {
  principalCentavos: bigint;
  months: number;
  /** Monthly add-on rate in basis points of the principal (0 for a 0% plan). */
  addOnRateBps: number;
  /** The statement that bills instalment 1 (one of the card's statement dates). */
  firstStatementDate: string;
  /** Pre-termination: this statement bills the whole remaining principal; none after it. */
  cancelledStatementDate?: string | null;
}

export interface Installment {
  number: number;
  of: number;
  statementDate: string;
  amountCentavos: bigint;
  interestCentavos: bigint;
  /** The remaining principal billed at once on pre-termination. */
  preTermination: boolean;
}

/** The card's `k`-th statement date from the one on or after `from` (k = 0 is that one). */
export function statementOnOrAfter(from: string, statementDay: number, k = 0): string {
  const same = clampedDay(from, statementDay);
  const first = same >= from ? monthStart(from) : monthStart(from, 1);
  return clampedDay(monthStart(first, k), statementDay);
}

/** The regular instalment: principal ÷ months rounded down to the centavo. */
export const monthlyOf = (principal: bigint, months: number): bigint => principal / BigInt(months);

/** Monthly add-on interest: principal × rate in basis points, rounded half up. */
export const addOnInterest = (principal: bigint, rateBps: number): bigint =>
  (principal * BigInt(rateBps) + 5_000n) / 10_000n;

/**
 * Instalment k of n is billed on the k-th statement from the first: the card's statement day of
 * each following month, clamped to short months (31 → 30 April, 28/29 February) without drifting.
 * The remainder of principal ÷ months is billed with the first instalment, so the amounts add up to
 * the principal exactly. Add-on interest is principal × rate on every instalment (rounded half up).
 */
export function schedule(plan: PlanTerms, statementDay: number): Installment[] {
  const n = plan.months;
  const monthly = monthlyOf(plan.principalCentavos, n);
  const remainder = plan.principalCentavos - monthly * BigInt(n);
  const interest = addOnInterest(plan.principalCentavos, plan.addOnRateBps);
  const out: Installment[] = [];
  let billed = 0n;
  for (let k = 1; k <= n; k++) {
    const statementDate = statementOnOrAfter(plan.firstStatementDate, statementDay, k - 1);
    const cancel = plan.cancelledStatementDate;
    if (cancel && statementDate >= cancel) {
      out.push({
        number: k,
        of: n,
        statementDate: cancel,
        amountCentavos: plan.principalCentavos - billed,
        interestCentavos: 0n,
        preTermination: true,
      });
      break;
    }
    const amount = k === 1 ? monthly + remainder : monthly;
    billed += amount;
    out.push({
      number: k,
      of: n,
      statementDate,
      amountCentavos: amount,
      interestCentavos: interest,
      preTermination: false,
    });
  }
  return out;
}

/** Instalments with their payment due date (the card's due day after their statement). */
export const withDueDates = (list: Installment[], dueDay: number) =>
  list.map((i) => ({ ...i, dueDate: cardDueAfter(i.statementDate, dueDay) }));
