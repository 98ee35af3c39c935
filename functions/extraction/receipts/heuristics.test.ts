import { describe, expect, it } from "vitest";
import { RECEIPT_SPECS } from "../fixtures/receipts/specs";
import { classifyLabel, datesIn, lastAmount, parseAmount, readReceiptText, sameMerchant } from "./heuristics";

describe("parseAmount", () => {
  it.each([
    ["413.00", 41300n],
    ["1,942.50", 194250n],
    ["P413.00", 41300n],
    ["PHP1,234.56", 123456n],
    ["₱99.95", 9995n],
    ["413,00", 41300n], // OCR read the decimal point as a comma
    ["1.942,50", 194250n], // and the thousands separator as a point
    ["4l3.O0", 41300n], // l → 1, O → 0
    ["S00.00", 50000n], // S → 5
    ["12,345,678.90", 1234567890n],
    ["0.01", 1n],
  ])("%s → %s centavos", (raw, want) => {
    expect(parseAmount(raw)).toBe(want);
  });

  it.each(["413", "000-388-474", "01/15/2026", "CASH", "12:34", "1.5", "", "12345678901.00", "SALES"])(
    "%s is not money",
    (raw) => {
      expect(parseAmount(raw)).toBeNull();
    },
  );

  it("never goes through a float (amounts beyond 2^53 centavos stay exact)", () => {
    expect(parseAmount("999,999,999.99")).toBe(99999999999n);
  });
});

describe("lastAmount", () => {
  it("reads the rightmost amount and the label before it", () => {
    expect(lastAmount("TOTAL                 413.00")).toEqual({
      centavos: 41300n,
      label: "TOTAL",
      negative: false,
    });
    expect(lastAmount("TOTAL SALES    PHP 352.50")?.centavos).toBe(35250n);
    // a quantity before a price is not a thousands group
    expect(lastAmount("2 90.00")?.centavos).toBe(9000n);
    expect(lastAmount("AMOUNT DUE   413. 00")?.centavos).toBe(41300n);
  });
  it("ignores the paper edge OCR prints after the amount", () => {
    expect(lastAmount("GRAND TOTAL   768.75  |")?.centavos).toBe(76875n);
    expect(lastAmount("TOTAL  1,942.50 \\")?.centavos).toBe(194250n);
  });
  it("marks a discount printed as negative", () => {
    expect(lastAmount("LESS: SC DISCOUNT   -20.20")).toMatchObject({ centavos: 2020n, negative: true });
  });
  it("finds nothing on a line without money", () => {
    expect(lastAmount("VAT REG TIN: 000-388-474-00123")).toBeNull();
    expect(lastAmount("Date: 01/15/2026 12:34 PM")).toBeNull();
  });
});

describe("classifyLabel", () => {
  it.each([
    ["TOTAL", "total"],
    ["T0TAL", "total"],
    ["TOTA1", "total"],
    ["TOTAL AMOUNT DUE", "total"],
    ["AMOUNT DUE", "total"],
    ["GRAND TOTAL", "total"],
    ["TOTAL SALES", "total"],
    ["TOTAL AMOUNT PAID", "total"],
    ["SUBTOTAL", "subtotal"],
    ["SUB-TOTAL", "subtotal"],
    ["5UBTOTAL", "subtotal"],
    ["VATable Sales", "vatable"],
    ["VAT Amount (12%)", "vat"],
    ["VAT-Exempt Sales", "exempt"],
    ["Zero-Rated Sales", "zero"],
    ["CASH", "cash"],
    ["CHANGE", "change"],
    ["LESS: SC DISCOUNT", "discount"],
    ["TOTAL QTY", "other"],
    ["TOTAL ITEMS", "other"],
  ])("%s is %s", (label, kind) => {
    expect(classifyLabel(label).kind).toBe(kind);
  });
});

describe("datesIn", () => {
  it.each([
    ["Date: 01/15/2026 12:34 PM", "2026-01-15"],
    ["02/03/26 18:02", "2026-02-03"],
    ["11-APR-2026", "2026-04-11"],
    ["18-Oct-2026", "2026-10-18"],
    ["Feb 20, 2026", "2026-02-20"],
    ["November 3, 2026", "2026-11-03"],
    ["2026-04-27", "2026-04-27"],
    ["07-25-2026", "2026-07-25"],
    ["25/07/2026", "2026-07-25"], // a first number over 12 is a day
    ["Date: O1/l5/2026", "2026-01-15"], // OCR letters inside the date
    ["Date: 18-0CT-2026", "2026-10-18"], // and a zero inside the month
  ])("%s → %s", (line, want) => {
    expect(datesIn(line)).toContain(want);
  });
  it.each(["13/13/2026", "02/30/2026", "000-388-474-00123", "12:34:56"])("%s has no date", (line) => {
    expect(datesIn(line)).toEqual([]);
  });
});

describe("readReceiptText", () => {
  it("reads every fixture receipt's printed text exactly", () => {
    for (const spec of RECEIPT_SPECS) {
      const r = readReceiptText(spec.lines.join("\n"));
      expect(sameMerchant(r.merchant, spec.truth.merchant), `${spec.name}: ${r.merchant}`).toBe(true);
      expect(r.date, spec.name).toBe(spec.truth.date);
      expect(r.totalCentavos?.toString(), spec.name).toBe(spec.truth.totalCentavos);
      expect(r.tin, spec.name).toBe(spec.truth.tin);
    }
  });

  it("skips TIN, permit, address and receipt-title lines for the merchant", () => {
    const r = readReceiptText(
      [
        "VAT REG TIN 000-123-456-00000",
        "OFFICIAL RECEIPT",
        "123 Rizal Ave., Manila",
        "Permit No. FP012020-123",
        "ALING NENA'S CARINDERIA",
        "Date: 03/04/2026",
        "TOTAL 150.00",
      ].join("\n"),
    );
    expect(r.merchant).toBe("ALING NENA'S CARINDERIA");
    expect(r.merchantConfidence).toBeLessThan(0.85); // not the first line: less sure
    expect(r.tin).toBe("000-123-456-00000");
  });

  it("takes TOTAL, not SUBTOTAL, VATable sales, VAT, CASH or CHANGE", () => {
    const r = readReceiptText(
      [
        "STORE",
        "SUBTOTAL 500.00",
        "LESS: SC DISCOUNT -100.00",
        "TOTAL 400.00",
        "CASH 1,000.00",
        "CHANGE 600.00",
        "VATable Sales 357.14",
        "VAT Amount 42.86",
      ].join("\n"),
    );
    expect(r.totalCentavos).toBe(40000n);
    // TOTAL, cash − change, VAT parts and subtotal − discount all agree.
    expect(r.totalConfidence).toBeGreaterThan(0.9);
  });

  it("prefers the value the cross-checks agree on when OCR misread the TOTAL line", () => {
    const r = readReceiptText(
      [
        "STORE",
        "TOTAL 418.00",
        "CASH 500.00",
        "CHANGE 87.00",
        "VATable Sales 368.75",
        "VAT Amount 44.25",
      ].join("\n"),
    );
    expect(r.totalCentavos).toBe(41300n);
  });

  it("reads a total printed on the line below its label", () => {
    const r = readReceiptText(["STORE", "AMOUNT DUE", "P 1,250.75", "THANK YOU"].join("\n"));
    expect(r.totalCentavos).toBe(125075n);
  });

  it("works the total out from cash and change when the TOTAL line did not read, with a warning", () => {
    const r = readReceiptText(["STORE", "T#%@L ...", "CASH 500.00", "CHANGE 87.00"].join("\n"));
    expect(r.totalCentavos).toBe(41300n);
    expect(r.totalConfidence).toBeLessThan(0.7);
    expect(r.warnings.join(" ")).toMatch(/cash and change/);
  });

  it("finds no total on a receipt that prints none", () => {
    const r = readReceiptText(["STORE", "SUBTOTAL 500.00", "Thank you"].join("\n"));
    expect(r.totalCentavos).toBeNull();
    expect(r.totalConfidence).toBe(0);
  });

  it("reads the purchase date, not a BIR permit or accreditation date", () => {
    const r = readReceiptText(
      [
        "STORE",
        "Accred No. 123 Date Issued: 01/01/2020",
        "PTU No. FP-1 Valid until 12/31/2030",
        "05/06/2026 10:00",
        "TOTAL 10.00",
      ].join("\n"),
    );
    expect(r.date).toBe("2026-05-06");
  });

  it("reads OCR-damaged text: letters for digits, stray marks, lower case", () => {
    const r = readReceiptText(
      [
        "ee ee. ce de.",
        "[   MERCURY DRUG",
        "Mercury Drug Corporation   |",
        "TlN: OOO-155-279-00452",
        "Date: O3/07/2026",
        "5UBTOTAL      210.00 |",
        "T0TAL         189.80",
        "CASH          200.00",
        "CHANGE         10.20 \\",
      ].join("\n"),
    );
    expect(r.merchant).toBe("MERCURY DRUG");
    expect(r.date).toBe("2026-03-07");
    expect(r.totalCentavos).toBe(18980n);
    expect(r.tin).toBe("000-155-279-00452");
  });
});

describe("sameMerchant", () => {
  it("ignores case and punctuation", () => {
    expect(sameMerchant("McDONALD'S", "mcdonalds")).toBe(true);
    expect(sameMerchant("7-ELEVEN", "7 Eleven")).toBe(true);
    expect(sameMerchant("JOLLIBEE", "Chowking")).toBe(false);
    expect(sameMerchant(null, "Chowking")).toBe(false);
  });
});
