import { describe, expect, it } from "vitest";
import { ExtractionFailure, ExtractionResult } from "../result";
import { parseStatementText } from ".";

/** Pieces of statements, shuffled into lines: whatever comes out must be a valid result or a clear failure. */
const PIECES = [
  "Statement Date",
  "Payment Due Date",
  "Total Amount Due",
  "Minimum Amount Due",
  "Previous Balance",
  "Payments/Credits",
  "Credit Limit",
  "Statement Period",
  "Card Number",
  "01/15",
  "02/29",
  "13/45",
  "12/31/2025",
  "Jan 05",
  "05 JAN 2026",
  "January 5, 2026",
  "1,234.56",
  "(1.00)",
  "2.00 CR",
  "3.00-",
  "-4.00",
  "PHP 5.00",
  "₱7.00",
  "USD 1.99",
  "JPY 300",
  "3/12",
  "INSTALLMENT 03/12",
  "PAYMENT - THANK YOU",
  "REFUND",
  "Debit",
  "Credit",
  "XXXX-XXXX-XXXX-1234",
  "PLAN 1,000.00",
  "Post Date Tran Date",
  "STORE",
  "\t",
];

describe("statement parser on shuffled statement pieces", () => {
  it("always answers an ExtractionResult that passes the contract, or an ExtractionFailure", () => {
    let seed = 20260115;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return (seed >>> 8) % n;
    };
    let parsed = 0;
    for (let i = 0; i < 1500; i++) {
      const lines = i % 2 ? ["Statement Date: January 15, 2026", "Total Amount Due: 1.00"] : [];
      for (let l = 0; l < 1 + rnd(10); l++) {
        const parts: string[] = [];
        for (let k = 0; k < 1 + rnd(6); k++) parts.push(PIECES[rnd(PIECES.length)]!);
        lines.push(parts.join(rnd(2) ? " " : "   "));
      }
      const text = lines.join(rnd(8) ? "\n" : "\f");
      try {
        const result = parseStatementText(text);
        parsed++;
        const check = ExtractionResult.safeParse(result);
        expect(check.success, `${JSON.stringify(text)}: ${check.error?.message}`).toBe(true);
      } catch (e) {
        if (!(e instanceof ExtractionFailure)) throw new Error(`${JSON.stringify(text)}: ${String(e)}`);
        expect(e.reason.length).toBeGreaterThan(10);
      }
    }
    expect(parsed).toBeGreaterThan(500);
  });
});
