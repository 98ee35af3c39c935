import type { IssuerProfile } from "./engine";

/**
 * Any other issuer: the summary fields are found by the shared label wordings (Statement Date,
 * Payment Due Date, Total Amount Due / New Balance, Minimum Amount Due / Minimum Payment, Previous
 * Balance, Payments/Credits, Credit Limit, Statement Period) next to or under their labels, and a
 * line item is any row that starts with one or two dates and ends with an amount.
 */
export const generic: IssuerProfile = {
  id: "generic",
  name: "Other issuer",
  detect: /$^/,
};
