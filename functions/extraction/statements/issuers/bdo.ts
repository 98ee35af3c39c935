import type { IssuerProfile } from "../engine";

/**
 * BDO Monthly Billing Statement: "Statement Date", "Payment Due Date", "Total Amount Due",
 * "Minimum Amount Due" (older statements: "Minimum Payment"); lines "Sale Date | Post Date |
 * Description | Amount" in MM/DD, credits with a "CR" suffix, a foreign charge's original
 * amount on the line below it.
 */
export const bdo: IssuerProfile = {
  id: "bdo",
  name: "BDO",
  detect: /\bBDO\b|BDO Unibank/i,
  labels: { minimumDue: [/Minimum Payment(?: Due)?/i] },
};
