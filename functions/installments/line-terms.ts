import { addOnInterest, monthlyOf } from "./schedule";

/** Amounts on a statement and in a plan may differ by the issuer's rounding: up to ₱1. */
export const TOLERANCE = 100n;
/** The highest add-on rate a plan may have (installment_plans_rate): 10% a month. */
const MAX_RATE_BPS = 1000n;

const abs = (v: bigint) => (v < 0n ? -v : v);

/** The principal part of instalment `number`: the first also bills principal ÷ months' remainder. */
export function instalmentPrincipal(total: bigint, months: number, number: number): bigint {
  const monthly = monthlyOf(total, months);
  return number === 1 ? total - monthly * BigInt(months - 1) : monthly;
}

/**
 * A stated plan total larger than its line can be the instalment of: the line bills less than the
 * total's instalment by more than the matcher's ₱1 of rounding (₱15,000 over 6 on a ₱2,000 line).
 * Billing more is add-on interest (₱12,000 over 6 billed at ₱2,096: ₱2,000 + ₱96 interest).
 */
export function totalExceedsLine(total: bigint, months: number, number: number, amount: bigint): boolean {
  return amount - instalmentPrincipal(total, months, number) < -TOLERANCE;
}

export interface LineTerms {
  principalCentavos: bigint;
  addOnRateBps: number;
  /** What the schedule bills as interest each month (0 for a 0% plan). */
  interestCentavos: bigint;
}

/**
 * The plan a statement line describes from its stated total, or null when the total contradicts
 * the line: the line bills less than the total's instalment (the total is too large), or the
 * difference is not an add-on interest the plan can bill each month within ₱1 (a whole number of
 * basis points, at most 10% a month). The caller then falls back to amount × months at 0%, a plan
 * whose later lines still match.
 */
export function termsFromTotal(
  total: bigint,
  months: number,
  number: number,
  amount: bigint,
): LineTerms | null {
  if (total < amount || total < BigInt(months)) return null;
  if (totalExceedsLine(total, months, number, amount)) return null;
  const extra = amount - instalmentPrincipal(total, months, number);
  if (extra <= TOLERANCE) return { principalCentavos: total, addOnRateBps: 0, interestCentavos: 0n };
  // the nearest whole basis point (half up); issuers quote add-on rates such as 0.79% or 0.8%
  const bps = (extra * 20_000n + total) / (2n * total);
  if (bps < 1n || bps > MAX_RATE_BPS) return null;
  const interest = addOnInterest(total, Number(bps));
  if (abs(interest - extra) > TOLERANCE) return null;
  return { principalCentavos: total, addOnRateBps: Number(bps), interestCentavos: interest };
}
