import type { IssuerProfile } from "../engine";

/**
 * Metrobank Card Statement of Account: a row of labels over a row of values ("Statement Date  Payment
 * Due Date" / "21 December 2025  11 January 2026"), a summary strip "Previous Balance | Plus
 * Purchase/Debits | Less Payments/Credits | Total Amount Due"; lines "Post Date | Tran Date |
 * Description | Amount" — the posting date comes first.
 */
export const metrobank: IssuerProfile = {
  id: "metrobank",
  name: "Metrobank",
  detect: /Metrobank|Metropolitan Bank/i,
  dateOrder: "posting-transaction",
  labels: { paymentsCredits: [/Less Payments?\s*\/\s*Credits?/i] },
};
