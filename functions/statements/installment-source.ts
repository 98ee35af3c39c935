/**
 * Where a computed cycle learns about installment plans (a card purchase recorded in full in the
 * ledger on its purchase date, billed monthly): `installmentSource` in functions/installments
 * provides it; tests pass an in-memory one.
 */
export interface InstallmentLine {
  planId: string;
  label: string;
  number: number;
  of: number;
  amountCentavos: bigint;
}

export interface InstallmentSource {
  /** Principal of the card's plans not billed yet as of `asOf`: in the ledger, but not owed on that statement. */
  unbilledPrincipal(cardId: string, asOf: string): Promise<bigint>;
  /** The monthly amounts billed in the cycle from `periodStart` to `periodEnd` (inclusive). */
  billedIn(cardId: string, periodStart: string, periodEnd: string): Promise<InstallmentLine[]>;
}
