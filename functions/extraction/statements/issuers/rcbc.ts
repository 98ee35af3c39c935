import type { IssuerProfile } from "../engine";

/**
 * RCBC (Bankard) statement: "Statement Period", "Statement Date", "Payment Due Date", "Total Amount
 * Due", "Minimum Amount Due" with "P" amounts; lines with MM/DD/YYYY dates and "CR" credits.
 */
export const rcbc: IssuerProfile = {
  id: "rcbc",
  name: "RCBC",
  detect: /\bRCBC\b|Bankard/i,
};
