import type { IssuerProfile } from "../engine";

/**
 * BPI credit card Statement of Account: "Statement Date", "Payment Due Date", "Total Amount Due",
 * "Minimum Amount Due", "Credit Limit" beside their values; lines "Transaction Date | Posting Date |
 * Transaction Details | Amount" with month-name dates ("Jan 05") and credits printed with a minus.
 */
export const bpi: IssuerProfile = {
  id: "bpi",
  name: "BPI",
  detect: /\bBPI\b|Bank of the Philippine Islands/i,
  labels: { previousBalance: [/Previous Balance/i, /Last Statement Balance/i] },
};
