import type { ExtractionResult } from "../../result";

/** A provider's good answer for a Jollibee receipt: the chain tests' scripted providers return it. */
export const jollibeeReceipt: ExtractionResult = {
  kind: "receipt",
  receipt: {
    merchant: "Jollibee",
    merchantConfidence: 0.9,
    date: "2026-11-20",
    dateConfidence: 0.9,
    totalCentavos: "45600",
    totalConfidence: 0.9,
    tin: null,
  },
  lines: [
    {
      date: "2026-11-20",
      postingDate: null,
      description: "Jollibee",
      merchant: "Jollibee",
      amountCentavos: "45600",
      direction: "debit",
      kind: "purchase",
      foreignCurrency: null,
      foreignAmount: null,
      installment: null,
      categoryHint: "Dining",
      confidence: 0.9,
    },
  ],
  warnings: [],
};
