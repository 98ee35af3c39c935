import type { IssuerProfile } from "../engine";

/**
 * Security Bank Statement of Account: "Card Number and Statement Date", "Payment Due Date", "Credit
 * Limit", "Total Amount Due", "Minimum Amount Due", an Account Summary and Transaction Details;
 * lines with MM/DD/YY dates, credits in parentheses and foreign amounts in their own column.
 */
export const securitybank: IssuerProfile = {
  id: "securitybank",
  name: "Security Bank",
  detect: /Security ?Bank/i,
};
