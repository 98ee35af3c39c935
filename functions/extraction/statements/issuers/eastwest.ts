import type { IssuerProfile } from "../engine";

/**
 * EastWest statement: "Total Statement Balance" (the total due) and "Minimum Payment Due"; lines
 * with MM/DD dates and credits printed with a trailing minus ("1,500.00-").
 */
export const eastwest: IssuerProfile = {
  id: "eastwest",
  name: "EastWest",
  detect: /East ?West/i,
  labels: { totalDue: [/Total Statement Balance/i], minimumDue: [/Minimum Payment Due/i] },
};
