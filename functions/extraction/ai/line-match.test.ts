import { describe, expect, it } from "vitest";
import type { DraftLine, ExtractionResult } from "../result";
import { compareResults } from "./compare";
import { matchLines, similarity } from "./line-match";

const line = (
  description: string,
  amountCentavos: string,
  date: string,
  more: Partial<DraftLine> = {},
): DraftLine => ({
  date,
  postingDate: null,
  description,
  merchant: null,
  amountCentavos,
  direction: "debit",
  kind: "purchase",
  foreignCurrency: null,
  foreignAmount: null,
  installment: null,
  categoryHint: null,
  confidence: 0.9,
  ...more,
});

const statement = (lines: DraftLine[]): ExtractionResult => ({
  kind: "statement",
  statement: {
    issuer: "bpi",
    cardLast4: "4321",
    periodStart: null,
    periodEnd: null,
    statementDate: "2026-01-20",
    dueDate: "2026-02-09",
    totalDueCentavos: "1000000",
    minimumDueCentavos: null,
    previousBalanceCentavos: null,
    paymentsCreditsCentavos: null,
    creditLimitCentavos: null,
  },
  lines,
  warnings: [],
});

const jollibee = line("JOLLIBEE #123 MAKATI", "52050", "2026-01-03", { merchant: "Jollibee" });
const grab = line("GRAB *TRIP MANILA", "25000", "2026-01-04");
const netflix = line("NETFLIX.COM", "54900", "2026-01-05");
const mercury = line("MERCURY DRUG 0412", "99900", "2026-01-07");
const shell = line("SHELL C5 LIBIS", "200000", "2026-01-09");
const payment = line("PAYMENT - THANK YOU", "300000", "2026-01-08", { direction: "credit", kind: "payment" });
const offline = [jollibee, grab, netflix, mercury, shell, payment];

describe("matching the AI's lines with the offline extractor's by content", () => {
  it("an extra line in the middle no longer shifts the rest: it is only the AI's, every other line agrees", () => {
    const extra = line("LAZADA PH", "130000", "2026-01-05");
    const ai = [jollibee, grab, extra, netflix, mercury, shell, payment];
    const m = matchLines(ai, offline);
    expect(m.pairs).toEqual([
      { ai: 0, offline: 0 },
      { ai: 1, offline: 1 },
      { ai: 3, offline: 2 },
      { ai: 4, offline: 3 },
      { ai: 5, offline: 4 },
      { ai: 6, offline: 5 },
    ]);
    expect(m.aiOnly).toEqual([2]);
    expect(m.offlineOnly).toEqual([]);

    const c = compareResults(statement(ai), statement(offline), "statement:bpi");
    // by position every line from the third on would have disagreed on date, amount and merchant
    expect(c.lines).toEqual([]);
    expect(c.aiOnly).toEqual([
      {
        position: 2,
        date: "2026-01-05",
        description: "LAZADA PH",
        amountCentavos: "130000",
        direction: "debit",
      },
    ]);
    expect(c.offlineOnly).toEqual([]);
    expect(c.lineCounts).toEqual({ ai: 7, offline: 6 });
  });

  it("a line the AI missed is only the offline extractor's", () => {
    const ai = [jollibee, netflix, mercury, shell, payment];
    const c = compareResults(statement(ai), statement(offline), "statement:bpi");
    expect(c.lines).toEqual([]);
    expect(c.aiOnly).toEqual([]);
    expect(c.offlineOnly).toEqual([
      {
        position: 1,
        date: "2026-01-04",
        description: "GRAB *TRIP MANILA",
        amountCentavos: "25000",
        direction: "debit",
      },
    ]);
  });

  it("the same lines in another order still pair", () => {
    const ai = [payment, shell, netflix, jollibee, mercury, grab];
    const m = matchLines(ai, offline);
    expect(m.pairs).toEqual([
      { ai: 0, offline: 5 },
      { ai: 1, offline: 4 },
      { ai: 2, offline: 2 },
      { ai: 3, offline: 0 },
      { ai: 4, offline: 3 },
      { ai: 5, offline: 1 },
    ]);
    expect(m.aiOnly).toEqual([]);
    expect(m.offlineOnly).toEqual([]);
    expect(compareResults(statement(ai), statement(offline), "statement:bpi").lines).toEqual([]);
  });

  it("a field they disagree on is reported on the right pair, with both positions", () => {
    // the AI misread Mercury's amount (date and description still pair it) and Grab's date
    // (amount and description pair it), and names Jollibee differently (amount and date pair it)
    const ai = [
      { ...grab, date: "2026-01-14" },
      { ...jollibee, merchant: "Jollibee Makati" },
      netflix,
      { ...mercury, amountCentavos: "9990" },
      shell,
      payment,
    ];
    const c = compareResults(statement(ai), statement(offline), "statement:bpi");
    expect(c.lines).toEqual([
      {
        position: 0,
        offlinePosition: 1,
        diffs: [{ field: "date", ai: "2026-01-14", offline: "2026-01-04" }],
      },
      {
        position: 1,
        offlinePosition: 0,
        diffs: [{ field: "merchant", ai: "Jollibee Makati", offline: "Jollibee" }],
      },
      {
        position: 3,
        offlinePosition: 3,
        diffs: [{ field: "amountCentavos", ai: "9990", offline: "99900" }],
      },
    ]);
    expect(c.aiOnly).toEqual([]);
    expect(c.offlineOnly).toEqual([]);
  });

  it("lines that share nothing but an amount, or nothing but a date, are not paired: each is reported alone", () => {
    const ai = [line("SPOTIFY", "25000", "2026-01-15"), line("7-ELEVEN", "8000", "2026-01-04")];
    const m = matchLines(ai, offline);
    expect(m.pairs).toEqual([]);
    expect(m.aiOnly).toEqual([0, 1]);
    expect(m.offlineOnly).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("a line misread in two fields pairs by place when it is the only one left between the same neighbours", () => {
    // the AI read Jollibee's amount and name wrong: only the date is left to pair it by
    const misread = { ...jollibee, description: "JLB MKT 0I23", merchant: "JLB", amountCentavos: "5205" };
    const ai = [misread, grab, netflix, mercury];
    const m = matchLines(ai, offline);
    expect(m.pairs).toContainEqual({ ai: 0, offline: 0 });
    expect(m.aiOnly).toEqual([]);
    expect(m.offlineOnly).toEqual([4, 5]);
    const c = compareResults(statement(ai), statement(offline), "statement:bpi");
    expect(c.lines).toEqual([
      {
        position: 0,
        offlinePosition: 0,
        diffs: [
          { field: "merchant", ai: "JLB", offline: "Jollibee" },
          { field: "amountCentavos", ai: "5205", offline: "52050" },
        ],
      },
    ]);
  });

  it("two misread lines in one gap, or a credit against a debit, are not paired by place", () => {
    const misread = (l: DraftLine) => ({ ...l, description: "?????", amountCentavos: "1" });
    const two = matchLines([jollibee, misread(grab), misread(netflix), mercury, shell, payment], offline);
    expect(two.aiOnly).toEqual([1, 2]);
    expect(two.offlineOnly).toEqual([1, 2]);
    const flipped = { ...misread(payment), direction: "debit" as const };
    const last = matchLines([jollibee, grab, netflix, mercury, shell, flipped], offline);
    expect(last.aiOnly).toEqual([5]);
    expect(last.offlineOnly).toEqual([5]);
  });

  it("repeated identical lines pair in order, and the one left over is reported", () => {
    const ride = line("GRAB *TRIP", "18000", "2026-01-06");
    const m = matchLines([ride, ride, ride], [ride, ride]);
    expect(m.pairs).toHaveLength(2);
    expect(m.pairs[0]!.offline).toBe(0);
    expect(m.pairs[1]!.offline).toBe(1);
    expect(m.pairs[0]!.ai).toBeLessThan(m.pairs[1]!.ai);
    expect(m.aiOnly).toHaveLength(1);
    expect(m.offlineOnly).toEqual([]);
  });

  it("a reader giving the posting date as the line's date still pairs (and the date is the disagreement)", () => {
    const posted = { ...grab, postingDate: "2026-01-05" };
    const ai = [{ ...grab, date: "2026-01-05", description: "GRAB TRIP" }];
    const c = compareResults(statement(ai), statement([posted]), "statement:bpi");
    expect(c.lines).toEqual([
      {
        position: 0,
        offlinePosition: 0,
        diffs: [{ field: "date", ai: "2026-01-05", offline: "2026-01-04" }],
      },
    ]);
  });

  it("a receipt's single line is its total on both sides and is compared whatever each read", () => {
    const receipt = (l: DraftLine): ExtractionResult => ({
      kind: "receipt",
      receipt: {
        merchant: l.merchant,
        merchantConfidence: 1,
        date: l.date,
        dateConfidence: 1,
        totalCentavos: l.amountCentavos,
        totalConfidence: 1,
        tin: null,
      },
      lines: [l],
      warnings: [],
    });
    const c = compareResults(
      receipt(line("Mercury Drug", "99900", "2026-01-02", { merchant: "Mercury Drug" })),
      receipt(line("MERCURV DRUG", "45600", "2026-01-03", { merchant: "MERCURV DRUG" })),
      "receipt:tesseract",
    );
    expect(c.lines[0]!.diffs.map((d) => d.field)).toEqual(["merchant", "date", "amountCentavos"]);
    expect(c.aiOnly).toEqual([]);
  });

  it("a thousand-line statement with one line missing is matched quickly", () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      line(
        `MERCHANT ${i} BRANCH`,
        String(10_000 + ((i * 37) % 500) * 100),
        `2026-01-${String(1 + (i % 28)).padStart(2, "0")}`,
      ),
    );
    const started = performance.now();
    const m = matchLines(
      many.filter((_, i) => i !== 500),
      many,
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(m.aiOnly).toEqual([]);
    expect(m.offlineOnly).toEqual([500]);
    expect(m.pairs.every((p) => p.offline === (p.ai < 500 ? p.ai : p.ai + 1))).toBe(true);
  });
});

describe("description similarity", () => {
  it("reads spacing, case, punctuation and store numbers as close; other merchants as far", () => {
    expect(similarity("JOLLIBEE #123 MAKATI", "Jollibee 123 Makati")).toBe(1);
    expect(similarity("GRAB *TRIP MANILA", "GRAB TRIP")).toBeGreaterThan(0.5);
    expect(similarity("GRAB *TRIP", "JOLLIBEE")).toBeLessThan(0.2);
    expect(similarity("", "")).toBe(0);
  });
});
