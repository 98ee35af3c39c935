import { describe, expect, it } from "vitest";
import { findFullDate, findFullDates, parseDateToken, resolveYear } from "./dates";
import { classify, installmentOf, merchantOf } from "./engine";
import { findMoney, parseMoney } from "./money";

describe("parseMoney", () => {
  it("reads pesos to exact centavos in every printed form, credits marked", () => {
    const cases: Array<[string, string, boolean]> = [
      ["1,234.56", "123456", false],
      ["PHP 1,234.56", "123456", false],
      ["Php1,234.56", "123456", false],
      ["₱1,234.56", "123456", false],
      ["P1,234.56", "123456", false],
      ["P 1,234,567.89", "123456789", false],
      ["1,234.56 CR", "123456", true],
      ["1,234.56CR", "123456", true],
      ["(1,234.56)", "123456", true],
      ["-1,234.56", "123456", true],
      ["1,234.56-", "123456", true],
      ["PHP -1,000.00", "100000", true],
      ["0.07", "7", false],
      // Beyond what a float holds exactly: still exact.
      ["90,071,992,547,409.93", "9007199254740993", false],
    ];
    for (const [text, centavos, credit] of cases)
      expect(parseMoney(text), text).toEqual({ centavos: BigInt(centavos), credit });
  });

  it("refuses what is not an amount", () => {
    for (const text of ["1,234", "12.5", "ABC", "1,23.45", "3/12", "", "PHP"])
      expect(parseMoney(text), text).toBeNull();
  });

  it("finds an amount inside a label's text", () => {
    expect(findMoney("Total Amount Due: PHP 12,480.50 as of today")?.centavos).toBe(1248050n);
    expect(findMoney("no amount here")).toBeNull();
  });
});

describe("dates", () => {
  it("reads the date shapes statements print", () => {
    expect(parseDateToken("01/15")).toEqual({ month: 1, day: 15, year: null });
    expect(parseDateToken("01/15/26")).toEqual({ month: 1, day: 15, year: 2026 });
    expect(parseDateToken("01/15/2026")).toEqual({ month: 1, day: 15, year: 2026 });
    expect(parseDateToken("Jan 05")).toEqual({ month: 1, day: 5, year: null });
    expect(parseDateToken("05 JAN 2026")).toEqual({ month: 1, day: 5, year: 2026 });
    expect(parseDateToken("05-Jan-26")).toEqual({ month: 1, day: 5, year: 2026 });
    expect(parseDateToken("2026-01-05")).toEqual({ month: 1, day: 5, year: 2026 });
    expect(parseDateToken("13/45")).toBeNull();
    expect(parseDateToken("02/30/2026")).toBeNull();
    expect(findFullDate("Statement Date: January 5, 2026")).toBe("2026-01-05");
    expect(findFullDate("21 December 2025")).toBe("2025-12-21");
    expect(findFullDates("12/16/2025 - 01/15/2026")).toEqual(["2025-12-16", "2026-01-15"]);
  });

  it("gives a yearless date the year of the statement it sits on, across December→January", () => {
    expect(resolveYear({ month: 12, day: 20, year: null }, "2026-01-15")).toBe("2025-12-20");
    expect(resolveYear({ month: 1, day: 10, year: null }, "2026-01-15")).toBe("2026-01-10");
    // A line posted just after a December cut-off belongs to the next January.
    expect(resolveYear({ month: 1, day: 2, year: null }, "2025-12-24")).toBe("2026-01-02");
    expect(resolveYear({ month: 11, day: 23, year: null }, "2025-12-21")).toBe("2025-11-23");
    // 02/29 takes a leap year within a year of the statement, never a 29 February that does not exist.
    expect(resolveYear({ month: 2, day: 29, year: null }, "2028-03-10")).toBe("2028-02-29");
    expect(resolveYear({ month: 2, day: 29, year: null }, "2025-03-10")).toBe("2024-02-29");
    expect(resolveYear({ month: 2, day: 29, year: null }, "2027-03-10")).toBeNull();
  });
});

describe("line kinds", () => {
  it("tells payments, refunds, reversals, fees, interest, cash advances and installments apart", () => {
    expect(classify("PAYMENT - THANK YOU", true)).toBe("payment");
    expect(classify("LATE PAYMENT FEE", false)).toBe("fee");
    expect(classify("REFUND LAZADA PH", true)).toBe("refund");
    expect(classify("REVERSAL GRAB RIDES", true)).toBe("reversal");
    expect(classify("FINANCE CHARGE", false)).toBe("interest");
    expect(classify("CASH ADVANCE BPI ATM", false)).toBe("cash_advance");
    expect(classify("BILLS PAYMENT MERALCO", false)).toBe("purchase");
    expect(installmentOf("SM APPLIANCE INSTALLMENT 03/12 PLAN 35,988.00")).toEqual({
      number: 3,
      of: 12,
      planTotalCentavos: "3598800",
    });
    expect(installmentOf("POWER MAC CENTER 0% 3/12")).toEqual({ number: 3, of: 12, planTotalCentavos: null });
    expect(installmentOf("ANSON'S INST 9 OF 12")).toEqual({ number: 9, of: 12, planTotalCentavos: null });
    expect(installmentOf("JOLLIBEE 13/12")).toBeNull();
  });

  it("cleans a line's merchant of refund words, installment details, store numbers and place", () => {
    expect(merchantOf("REFUND LAZADA PH")).toBe("LAZADA");
    expect(merchantOf("REVERSAL GRAB RIDES")).toBe("GRAB RIDES");
    expect(merchantOf("ABENSON APPLIANCE INSTALLMENT 03/12 PLAN 35,988.00")).toBe("ABENSON APPLIANCE");
    expect(merchantOf("MERCURY DRUG, MARIKINA, PHL")).toBe("MERCURY DRUG");
    expect(merchantOf("SHELL #4521 C5 LIBIS")).toBe("SHELL C5 LIBIS");
    expect(merchantOf("PAYMENT - THANK YOU")).toBeNull();
    expect(merchantOf("FINANCE CHARGE")).toBeNull();
  });
});

describe("summary and line details from pasted text", () => {
  it("reads a period whose start has no year, and a foreign amount printed before its currency", async () => {
    const { parseStatementText } = await import(".");
    const result = parseStatementText(
      [
        "Statement Period: Dec 16 - Jan 15, 2026",
        "Statement Date: January 15, 2026",
        "Total Amount Due: 1,650.00",
        "01/05 01/06 STEAM GAMES 19.99 USD 1,150.00",
        "01/07 01/08 UNIQLO TOKYO 500.00",
        "JPY 1,300",
      ].join("\n"),
    );
    if (result.kind !== "statement") throw new Error("not a statement");
    expect([result.statement.periodStart, result.statement.periodEnd]).toEqual(["2025-12-16", "2026-01-15"]);
    expect(result.lines.map((l) => [l.description, l.foreignCurrency, l.foreignAmount])).toEqual([
      ["STEAM GAMES", "USD", "19.99"],
      ["UNIQLO TOKYO", "JPY", "1300"],
    ]);
  });
});
