import { describe, expect, it } from "vitest";
import { formatCentavos, PositiveAmount, parsePesos } from "./money";

describe("peso amounts", () => {
  it("parses what people and spreadsheets write, exactly", () => {
    expect(parsePesos("1,234.50")).toBe(123450n);
    expect(parsePesos("₱1,234.5")).toBe(123450n);
    expect(parsePesos("PHP 99")).toBe(9900n);
    expect(parsePesos(0.1)).toBe(10n);
    expect(parsePesos("(500.00)")).toBe(-50000n);
    expect(parsePesos("-12.01")).toBe(-1201n);
    // Notion and spreadsheets put the minus before the peso sign
    expect(parsePesos("-₱300.00")).toBe(-30000n);
    expect(parsePesos("- PHP 1,234.50")).toBe(-123450n);
    expect(parsePesos("-₱-3")).toBeNull();
    expect(parsePesos("19999999.99")).toBe(1999999999n);
  });

  it("refuses floats with more than two decimals and garbage", () => {
    expect(parsePesos(0.1 + 0.2)).toBeNull();
    expect(parsePesos("12.345")).toBeNull();
    expect(parsePesos("twelve")).toBeNull();
    expect(parsePesos("")).toBeNull();
    expect(parsePesos(Number.NaN)).toBeNull();
    expect(parsePesos("1e5")).toBeNull();
  });

  it("accepts only positive amounts up to ₱1,000,000,000", () => {
    expect(PositiveAmount.parse("1000000000")).toBe(100000000000n);
    expect(PositiveAmount.safeParse("1000000000.01").success).toBe(false);
    expect(PositiveAmount.safeParse(0).success).toBe(false);
    expect(PositiveAmount.safeParse(-5).success).toBe(false);
  });

  it("formats centavos back to a plain decimal", () => {
    expect(formatCentavos(123450n)).toBe("1234.50");
    expect(formatCentavos(-5n)).toBe("-0.05");
  });
});
