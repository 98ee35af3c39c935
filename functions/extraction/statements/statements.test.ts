import PDFDocument from "pdfkit";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildSpecs,
  comparableLine,
  type StatementFixture,
  statementFixtures,
  statementSpecs,
  writeStatementFixtures,
} from "../fixtures/statements";
import { PdfPasswordRequired, readTextLayer, type TextLayer } from "../pdf/text-layer";
import { ExtractionFailure, ExtractionResult } from "../result";
import { parseStatement, parseStatementText } from ".";
import { resolveYear } from "./dates";
import { toRows } from "./layout";

let fixtures: StatementFixture[];
const layers = new Map<string, TextLayer>();

beforeAll(async () => {
  fixtures = await statementFixtures();
  for (const f of fixtures) layers.set(f.name, await readTextLayer(f.pdf, { password: f.password }));
}, 60_000);

function layerOf(name: string): TextLayer {
  const l = layers.get(name);
  if (!l) throw new Error(`no fixture ${name}`);
  return l;
}

function expectTruth(result: ExtractionResult, f: StatementFixture) {
  expect(ExtractionResult.safeParse(result).success).toBe(true);
  if (result.kind !== "statement") throw new Error("not a statement result");
  expect(result.statement).toEqual(f.truth.statement);
  expect(result.lines.map(comparableLine)).toEqual(f.truth.lines.map(comparableLine));
  expect(result.warnings).toEqual([]);
}

/** What copying a page from a PDF viewer gives: one line per printed row. */
function asPastedText(layer: TextLayer, sep: string): string {
  const rows = toRows(layer);
  const pages: string[][] = [];
  for (const r of rows) {
    pages[r.page] ??= [];
    pages[r.page]!.push(r.cells.map((c) => c.text).join(sep));
  }
  return pages.map((p) => p.join("\n")).join("\f");
}

function pdfOf(lines: string[]): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A4", info: { CreationDate: new Date(Date.UTC(2026, 0, 1)) } });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
    lines.forEach((line, i) => {
      doc.fontSize(9).text(line, 40, 60 + i * 20, { lineBreak: false });
    });
    doc.end();
  });
}

describe("statement fixtures", () => {
  it("the committed ground-truth specs are what the seeded builder makes", () => {
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(statementSpecs().sort(byName)).toEqual(buildSpecs().sort(byName));
  });

  it("can be written to a temp dir as PDFs with their truth, for upload tests", async () => {
    const { readFile, rm } = await import("node:fs/promises");
    const written = await writeStatementFixtures();
    expect(written).toHaveLength(fixtures.length);
    const first = written[0]!;
    expect(
      Buffer.from(await readFile(first.path))
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const truth = JSON.parse(await readFile(first.path.replace(/\.pdf$/, ".truth.json"), "utf8"));
    expect(truth).toEqual(first.truth);
    await rm(first.path.slice(0, first.path.lastIndexOf("/")), { recursive: true });
  });

  it("cover every issuer, an unknown issuer, encrypted, multi-page, foreign currency, installments, reversal, refund and payment", () => {
    const issuers = new Set(fixtures.map((f) => f.issuer));
    for (const id of ["bpi", "bdo", "metrobank", "securitybank", "unionbank", "rcbc", "eastwest", "generic"])
      expect(issuers).toContain(id);
    expect(fixtures.some((f) => f.password)).toBe(true);
    expect(Math.max(...[...layers.values()].map((l) => l.pages.length))).toBeGreaterThan(1);
    const lines = fixtures.flatMap((f) => f.truth.lines);
    expect(fixtures.some((f) => f.truth.lines.length >= 40)).toBe(true);
    for (const kind of ["payment", "refund", "reversal", "fee", "interest", "installment", "cash_advance"])
      expect(lines.some((l) => l.kind === kind)).toBe(true);
    expect(new Set(lines.map((l) => l.foreignCurrency))).toEqual(new Set([null, "USD", "JPY"]));
  });
});

describe("parseStatement", () => {
  it("reads every issuer's fixture exactly: every summary field and every line", () => {
    for (const f of fixtures) {
      const result = parseStatement(layerOf(f.name));
      expect(result.kind === "statement" && result.statement.issuer, f.name).toBe(f.issuer);
      expectTruth(result, f);
    }
  });

  it("opens an encrypted statement only with its password (card last 4 + birth date)", async () => {
    const f = fixtures.find((x) => x.password)!;
    await expect(readTextLayer(f.pdf)).rejects.toBeInstanceOf(PdfPasswordRequired);
    expect(f.password).toMatch(/^\d{4}-\d{4}$/);
    expect(f.password?.slice(0, 4)).toBe(f.truth.statement.cardLast4);
  });

  it("gives December lines of a January statement the year before, across pages, without subtotals", () => {
    const layer = layerOf("bpi-dec-jan-encrypted");
    expect(layer.pages.length).toBe(2);
    const text = layer.pages.flatMap((p) => p.items.map((i) => i.str)).join(" ");
    expect(text).toContain("SUBTOTAL");
    expect(text).toContain("continued on next page");
    const result = parseStatement(layer);
    const years = new Set(result.lines.map((l) => l.date.slice(0, 7)));
    expect(years).toEqual(new Set(["2025-12", "2026-01"]));
    expect(result.lines.some((l) => /SUBTOTAL|TOTAL AMOUNT/.test(l.description))).toBe(false);
    expect(resolveYear({ month: 12, day: 20, year: null }, "2026-01-15")).toBe("2025-12-20");
    expect(resolveYear({ month: 1, day: 3, year: null }, "2026-01-15")).toBe("2026-01-03");
  });

  it("reads installments with their plan, and foreign charges with the original amount", () => {
    const result = parseStatement(layerOf("metrobank-nov-dec-encrypted"));
    const inst = result.lines.filter((l) => l.kind === "installment");
    expect(inst.map((l) => l.installment)).toEqual([
      expect.objectContaining({ number: expect.any(Number), of: 12 }),
      expect.objectContaining({ number: expect.any(Number), of: 12 }),
    ]);
    expect(inst.some((l) => l.installment?.planTotalCentavos === "2400000")).toBe(true);
    const usd = parseStatement(layerOf("bdo-usd")).lines.find((l) => l.foreignCurrency === "USD");
    expect(usd).toMatchObject({ description: "NETFLIX.COM", direction: "debit" });
    expect(usd?.foreignAmount).toMatch(/^\d+\.\d{2}$/);
  });

  it('joins a wrapped description to its line, even when the wrapped part starts like a date ("2/6 PLAN")', () => {
    const layer = layerOf("rcbc-wrapped-descriptions");
    const rows = toRows(layer).map((r) => r.text);
    expect(rows.some((t) => /^2\/6 PLAN 15,000\.00$/.test(t))).toBe(true);
    const result = parseStatement(layer);
    const inst = result.lines.find((l) => l.kind === "installment");
    expect(inst?.description).toBe("UNLI 0% ROBINSONS APPLIANCES 2/6 PLAN 15,000.00");
    expect(inst?.installment).toEqual({ number: 2, of: 6, planTotalCentavos: "1500000" });
    expect(
      result.lines.some((l) => l.description === "SHOPEE PHILIPPINES ONLINE MARKETPLACE MANDALUYONG"),
    ).toBe(true);
  });

  it("reads a statement written word by word with uneven baselines, over three pages", () => {
    const layer = layerOf("bpi-split-words-3-pages");
    expect(layer.pages.length).toBe(3);
    const ys = layer.pages[0]!.items.map((i) => i.y % 1);
    expect(new Set(ys).size).toBeGreaterThan(5); // baselines are not on a grid
    expect(parseStatement(layer).lines).toHaveLength(78);
  });

  it("tells credits by CR, parentheses, a minus before or after, and a credit column", () => {
    for (const name of [
      "bdo-usd",
      "securitybank-jpy",
      "bpi-dec-jan-encrypted",
      "eastwest-trailing-minus",
      "unionbank-columns",
    ]) {
      const result = parseStatement(layerOf(name));
      const credits = result.lines.filter((l) => l.direction === "credit").map((l) => l.kind);
      expect(credits.sort(), name).toEqual(["payment", "refund", "reversal"]);
    }
  });

  it("can be told which parser to use: the generic one reads a Metrobank layout from its table header", () => {
    const f = fixtures.find((x) => x.issuer === "metrobank")!;
    const result = parseStatement(layerOf(f.name), { issuer: "generic" });
    expect(result.kind === "statement" && result.statement.issuer).toBe("generic");
    expect(result.lines.map(comparableLine)).toEqual(f.truth.lines.map(comparableLine));
    expect(() => parseStatement(layerOf(f.name), { issuer: "nope" })).toThrow(/no statement parser/);
  });

  it("refuses a PDF that is not a card statement, and one with no text", async () => {
    const letter = await readTextLayer(
      await pdfOf(["Dear customer,", "Your new debit card is on its way.", "Thank you for banking with us."]),
    );
    expect(() => parseStatement(letter)).toThrow(ExtractionFailure);
    try {
      parseStatement(letter);
    } catch (e) {
      expect((e as ExtractionFailure).code).toBe("not_a_statement");
    }
    expect(() => parseStatement({ pages: [{ width: 595, height: 842, items: [] }] })).toThrow(
      /no text to read/,
    );
  });
});

describe("parseStatementText", () => {
  it("reads the raw text of every fixture copied from a PDF viewer (columns kept as runs of spaces)", () => {
    for (const f of fixtures) expectTruth(parseStatementText(asPastedText(layerOf(f.name), "   ")), f);
  });

  it("reads text whose columns collapsed to single spaces", () => {
    for (const f of fixtures) expectTruth(parseStatementText(asPastedText(layerOf(f.name), " ")), f);
  });

  it("reads an unknown issuer's pasted statement with the generic parser", () => {
    const text = [
      "PHILTRUST CARD SERVICES",
      "Card Number: 4111-XXXX-XXXX-9876",
      "Statement Period: 11/25/2025 - 12/24/2025",
      "Statement Date: December 24, 2025",
      "Payment Due Date: January 13, 2026",
      "Total Amount Due: ₱12,480.50",
      "Minimum Amount Due: ₱850.00",
      "Previous Balance: ₱5,000.00",
      "Payments/Credits: ₱5,250.00",
      "Credit Limit: ₱100,000.00",
      "",
      "Date\tPost\tDescription\tAmount",
      "11/28\t11/29\tPAYMENT RECEIVED - THANK YOU\t(5,000.00)",
      "12/01\t12/02\tSM SUPERMARKET\t2,345.67",
      "12/05\t12/06\tSTEAM GAMES USD 19.99\t1,160.00",
      "12/10\t12/10\tSM APPLIANCE INSTALLMENT 03/12\t1,250.00",
      "12/12\t12/13\tREFUND SM SUPERMARKET\t250.00 CR",
      "12/20\t12/21\tANNUAL FEE\t3,000.00",
      "01/02\t01/03\tJOLLIBEE (NEXT CYCLE)\t4,974.83",
      "Sub-total\t\t\t7,480.50",
    ].join("\n");
    const result = parseStatementText(text);
    if (result.kind !== "statement") throw new Error("not a statement");
    expect(result.statement).toEqual({
      issuer: "generic",
      cardLast4: "9876",
      periodStart: "2025-11-25",
      periodEnd: "2025-12-24",
      statementDate: "2025-12-24",
      dueDate: "2026-01-13",
      totalDueCentavos: "1248050",
      minimumDueCentavos: "85000",
      previousBalanceCentavos: "500000",
      paymentsCreditsCentavos: "525000",
      creditLimitCentavos: "10000000",
    });
    expect(result.lines.map((l) => [l.date, l.kind, l.direction, l.amountCentavos])).toEqual([
      ["2025-11-28", "payment", "credit", "500000"],
      ["2025-12-01", "purchase", "debit", "234567"],
      ["2025-12-05", "purchase", "debit", "116000"],
      ["2025-12-10", "installment", "debit", "125000"],
      ["2025-12-12", "refund", "credit", "25000"],
      ["2025-12-20", "fee", "debit", "300000"],
      ["2026-01-02", "purchase", "debit", "497483"],
    ]);
    expect(result.lines[2]).toMatchObject({ foreignCurrency: "USD", foreignAmount: "19.99" });
    expect(result.lines[3]?.installment).toEqual({ number: 3, of: 12, planTotalCentavos: null });
    expect(result.warnings).toEqual([]);
  });

  it("reads a statement laid out as 'LABEL : value' with a billing-summary strip, from text and from a PDF of whole lines", async () => {
    const lines = [
      "CARD NUMBER : 5151-0350-0035-4321",
      "JUANA DELA CRUZ TOTAL AMOUNT DUE : P 7,012.80",
      "MINIMUM AMOUNT DUE : P 750.00",
      "STATEMENT DATE : August 09, 2025",
      "PAYMENT DUE DATE : August 30, 2025",
      "BILLING SUMMARY",
      "Previous Balance Payments/ Credit (-) Purchases/ Debit (+) Finance Charge (+) Service Charge (+)",
      "P 7,745.50 P -1,000.00 P 0.00 P 267.30 P 0.00",
      "TRANSACTION DETAILS",
      "Transaction Date Post Date Description Amount",
      "5151-0350-0035-4321 - JUANA DELA CRUZ",
      "Previous Statement Balance P 7,745.50",
      "07/30/25 07/30/25 PAYMENT - THANK YOU -1,000.00",
      "08/09/25 08/09/25 FINANCE CHARGE 267.30",
      "SUB-TOTAL P 267.30",
      "TOTAL AMOUNT DUE P 7,012.80",
      "****END OF STATEMENT****",
    ];
    const fromPdf = parseStatement(await readTextLayer(await pdfOf(lines)));
    const fromText = parseStatementText(lines.join("\n"));
    for (const result of [fromText, fromPdf]) {
      if (result.kind !== "statement") throw new Error("not a statement");
      expect(result.statement).toEqual({
        issuer: "generic",
        cardLast4: "4321",
        periodStart: null,
        periodEnd: null,
        statementDate: "2025-08-09",
        dueDate: "2025-08-30",
        totalDueCentavos: "701280",
        minimumDueCentavos: "75000",
        previousBalanceCentavos: "774550",
        paymentsCreditsCentavos: "100000",
        creditLimitCentavos: null,
      });
      expect(
        result.lines.map((l) => [
          l.date,
          l.postingDate,
          l.description,
          l.kind,
          l.direction,
          l.amountCentavos,
        ]),
      ).toEqual([
        ["2025-07-30", "2025-07-30", "PAYMENT - THANK YOU", "payment", "credit", "100000"],
        ["2025-08-09", "2025-08-09", "FINANCE CHARGE", "interest", "debit", "26730"],
      ]);
      expect(result.warnings).toEqual([]);
    }
  });

  it("finds lines beside a column of reminders, and does not take a row of summary values for a line", () => {
    const text = [
      "SOUTHERN CARD CO. Statement Date Payment Due Date Total Amount Due Minimum Amount Due",
      "01/15/2026 02/04/2026 PHP 6,500.00 PHP 850.00",
      "Previous Balance PHP 1,000.00",
      "REMINDERS Post Date Tran Date Description Amount",
      "Payment Due Date. Pay on time to 12/20 12/19 PUREGOLD CAINTA, PHL 2,500.00",
      "avoid late charges. 01/03 01/02 MERCURY DRUG, MARIKINA, PHL 4,000.00",
      "Call (632) 8-700-700. 01/05 01/05 CASH PAYMENT - THANK YOU 1,000.00",
    ].join("\n");
    const result = parseStatementText(text);
    // The header says "Post Date  Tran Date": the transaction date is the second one.
    expect(
      result.lines.map((l) => [l.date, l.postingDate, l.description, l.direction, l.amountCentavos]),
    ).toEqual([
      ["2025-12-19", "2025-12-20", "PUREGOLD CAINTA, PHL", "debit", "250000"],
      ["2026-01-02", "2026-01-03", "MERCURY DRUG, MARIKINA, PHL", "debit", "400000"],
      ["2026-01-05", "2026-01-05", "CASH PAYMENT - THANK YOU", "credit", "100000"],
    ]);
    expect(result.kind === "statement" && result.statement.totalDueCentavos).toBe("650000");
    expect(result.warnings).toEqual([]);
  });

  it("answers empty text and prose with a reason", () => {
    expect(() => parseStatementText("  \n ")).toThrow(ExtractionFailure);
    expect(() => parseStatementText("Groceries 1,234.56 on Jan 5")).toThrow(/does not look like/);
  });
});
