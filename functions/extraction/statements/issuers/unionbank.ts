import type { IssuerProfile } from "../engine";

/**
 * UnionBank credit card statement: "Statement Date", "Payment Due Date", "Total Amount Due",
 * "Minimum Amount Due"; lines with "05 JAN 2026" dates and separate Debit and Credit columns.
 */
export const unionbank: IssuerProfile = {
  id: "unionbank",
  name: "UnionBank",
  detect: /Union ?Bank/i,
};
