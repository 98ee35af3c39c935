import type { DraftLine, ExtractionResult, StatementSummary } from "../result";
import { DATE_SRC, findFullDate, findFullDates, parseDateToken, resolveYear } from "./dates";
import { type Cell, overlaps, type Row } from "./layout";
import { findMoney, formatCentavos, MONEY_SRC, parseMoney } from "./money";

export type SummaryField =
  | "statementDate"
  | "dueDate"
  | "totalDue"
  | "minimumDue"
  | "previousBalance"
  | "paymentsCredits"
  | "creditLimit"
  | "period"
  | "card"
  // Printed next to the fields above and not kept; known so that a row of labels over a row of
  // values is matched position by position ("Previous Balance | Purchases/Debits | …").
  | "purchases"
  | "charges"
  | "available";

/**
 * What differs between issuers: how to recognise their statement, extra label wordings, and the
 * order of the two dates that start each line. Everything else (labels found by position, lines
 * found as "date [date] description amount" rows) is shared, so a layout is mostly data.
 */
export interface IssuerProfile {
  id: string;
  name: string;
  /** Matched against the first page's text. */
  detect: RegExp;
  /** Label wordings tried before the shared ones. */
  labels?: Partial<Record<SummaryField, RegExp[]>>;
  /** Metrobank prints the posting date first. */
  dateOrder?: "transaction-posting" | "posting-transaction";
}

/** Label wordings seen on Philippine (and most other) card statements. */
export const SHARED_LABELS: Record<SummaryField, RegExp[]> = {
  statementDate: [/Statement (?:Cut-?off )?Date/i, /Cut-?off Date/i, /Closing Date/i, /Billing Date/i],
  dueDate: [/Payment Due Date/i, /(?<!Payment )Due Date/i, /Pay on or before/i],
  totalDue: [
    /Total Amount Due/i,
    /Total Statement Balance/i,
    /Total Balance Due/i,
    /(?<!Previous )New Balance/i,
    /(?<!Minimum |Total |Past |Min\. )Amount Due/i,
    /Total Outstanding Balance/i,
  ],
  minimumDue: [
    /Minimum (?:Amount|Payment) Due/i,
    /Minimum Payment/i,
    /Min(?:imum|\.)? (?:Amt\.?|Amount) Due/i,
    /Minimum Due/i,
  ],
  previousBalance: [/Previous (?:Statement )?Balance/i, /Balance (?:from Last Statement|Brought Forward)/i],
  paymentsCredits: [/Payments?\s*(?:\/|&|and)\s*(?:Other\s+)?Credits?/i],
  creditLimit: [/(?<!Available |Cash Advance |Cash )Credit Limit/i, /Credit Line/i],
  period: [/Statement Period/i, /Billing Period/i, /Period Covered/i, /Billing Cycle/i],
  card: [/Card (?:Number|No\.?)/i, /Account Number/i],
  purchases: [/(?:Plus )?(?:Purchases?|Cash Advances?)\s*(?:\/|&|and)\s*(?:Other\s+)?(?:Debits?|Advances?)/i],
  charges: [
    /Finance Charges?(?: \(\+\))?(?=\s|$)/i,
    /Service Charges?/i,
    /Late (?:Payment )?Charges?/i,
    /Fees? and Charges/i,
  ],
  available: [
    /Available (?:Credit|Cash)(?: Advance)?(?: Limit)?/i,
    /Cash Advance Limit/i,
    /Past Due(?: Amount)?/i,
    /Over ?limit(?: Amount)?/i,
  ],
};

const FIELDS = Object.keys(SHARED_LABELS) as SummaryField[];

/** Rows that are never line items even if they carry a date and an amount. */
const NOT_A_LINE =
  /^(?:sub-?total|total\b|previous (?:statement )?balance|balance (?:forward|brought)|ending balance|beginning balance|page \d|continued|\*+\s*end)/i;
const NOISE = /continued|page \d+ of \d+|end of statement|\*{3}/i;

const LEAD_DATE = new RegExp(`^(${DATE_SRC})(?=\\s|$)\\s*`, "i");
const MID_DATES = new RegExp(`\\s((?:${DATE_SRC})\\s(?:${DATE_SRC}))(?=\\s)`, "i");
const TRAIL_AMOUNT = new RegExp(`(?:^|\\s)(${MONEY_SRC})$`);
const CURRENCIES = "USD|JPY|EUR|GBP|SGD|HKD|AUD|CAD|NZD|CHF|CNY|KRW|THB|TWD|MYR|IDR|VND|AED|SAR|QAR|INR|MOP";
const FOREIGN_NUMBER = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;
/** "USD 12.99", "USD12.99" or "12.99 USD" inside a description. */
const FOREIGN = new RegExp(
  `(?:^|\\s)(?:(${CURRENCIES})\\s?(${FOREIGN_NUMBER})|(${FOREIGN_NUMBER})\\s?(${CURRENCIES}))(?=\\s|$)`,
);
const FOREIGN_ONLY = new RegExp(
  `^(?:(?:${CURRENCIES})\\s?${FOREIGN_NUMBER}|${FOREIGN_NUMBER}\\s?(?:${CURRENCIES}))$`,
);

/** The foreign currency and original amount in a text, and the text without them. */
function foreignOf(text: string): { currency: string; amount: string; rest: string } | null {
  const f = FOREIGN.exec(text);
  if (!f) return null;
  return {
    currency: (f[1] ?? f[4])!,
    amount: (f[2] ?? f[3])!.replaceAll(",", ""),
    rest: `${text.slice(0, f.index)} ${text.slice(f.index + f[0].length)}`.replace(/\s+/g, " ").trim(),
  };
}
const INSTALLMENT = /(?:^|\s|\()(?:INST(?:ALL?MENT)?\.?\s*)?(\d{1,2})\s?(?:\/|OF)\s?(\d{1,2})(?=\s|\)|$)/i;
const PLAN_TOTAL =
  /(?:PLAN|PRINCIPAL|TOTAL|AMT)\s*:?\s*((?:(?:PHP|₱|P)\s?)?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2})/i;

interface Found {
  field: SummaryField;
  start: number;
  end: number;
}

/**
 * `positional` is false for pasted text, whose columns are only runs of spaces: then a line's
 * wrapped second row is told by what it lacks (dates, amount), not by where it starts.
 */
export function parseWithProfile(rows: Row[], profile: IssuerProfile, positional = true): ExtractionResult {
  const labels = Object.fromEntries(
    FIELDS.map((f) => [f, [...(profile.labels?.[f] ?? []), ...SHARED_LABELS[f]]]),
  ) as Record<SummaryField, RegExp[]>;
  const ctx: Ctx = { rows, labels, positional };

  const period = findValue(ctx, "period", readPeriod);
  const date = (f: SummaryField) => findValue(ctx, f, findFullDate);
  const money = (f: SummaryField) =>
    findValue(ctx, f, (t) => {
      const m = findMoney(t);
      return m ? m.centavos.toString() : null;
    });
  const statementDate = date("statementDate");
  const summary: StatementSummary = {
    issuer: profile.id,
    cardLast4: findCard(ctx),
    periodStart: period?.[0] ?? null,
    periodEnd: period?.[1] ?? null,
    statementDate,
    dueDate: date("dueDate"),
    totalDueCentavos: money("totalDue"),
    minimumDueCentavos: money("minimumDue"),
    previousBalanceCentavos: money("previousBalance"),
    paymentsCreditsCentavos: money("paymentsCredits"),
    creditLimitCentavos: money("creditLimit"),
  };
  const closing = summary.periodEnd ?? statementDate;
  const lines = findLines(ctx, profile, closing);
  return { kind: "statement", statement: summary, lines, warnings: reconcile(summary, lines) };
}

/** "12/16/2025 - 01/15/2026", "December 16, 2025 to January 15, 2026", or "Dec 16 - Jan 15, 2026". */
function readPeriod(text: string): readonly [string, string] | null {
  const full = findFullDates(text);
  if (full.length >= 2) return [full[0]!, full[1]!];
  const m = new RegExp(`(${DATE_SRC})\\s*(?:-|–|to)\\s*(${DATE_SRC})`, "i").exec(text);
  const start = m && parseDateToken(m[1]!);
  const end = m && findFullDate(m[2]!);
  const resolved = start && end ? resolveYear(start, end) : null;
  return resolved && end ? [resolved, end] : null;
}

type Ctx = { rows: Row[]; labels: Record<SummaryField, RegExp[]>; positional: boolean };

/** Every label of any field in a text, earliest and longest first, not overlapping. */
function labelsIn(ctx: Ctx, text: string): Found[] {
  const all: Found[] = [];
  for (const field of FIELDS)
    for (const re of ctx.labels[field]) {
      // Label regexes carry no g flag, so exec keeps no state between calls.
      const m = re.exec(text);
      if (m) all.push({ field, start: m.index, end: m.index + m[0].length });
    }
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Found[] = [];
  for (const f of all) if (!out.some((o) => f.start < o.end && o.start < f.end)) out.push(f);
  return out;
}

/**
 * A summary value is found next to its label: after it in the same cell ("Statement Date: 01/15/26"),
 * in the cell to its right, in the cell below it (a row of labels over a row of values), or — for
 * pasted text that lost its columns — the value at the same position in the next row.
 */
function findValue<T>(ctx: Ctx, field: SummaryField, read: (text: string) => T | null): T | null {
  const { rows } = ctx;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let ci = 0; ci < row.cells.length; ci++) {
      const cell = row.cells[ci]!;
      const found = labelsIn(ctx, cell.text);
      const idx = found.findIndex((f) => f.field === field);
      if (idx < 0) continue;
      const me = found[idx]!;
      const next = found[idx + 1];
      const inline = cell.text.slice(me.end, next ? next.start : undefined);
      const v = read(inline);
      if (v !== null) return v;
      if (found.length > 1) {
        // Another label follows in the same cell: values are on the next row, in label order.
        const byOrder = valueByOrder(ctx, r, row, field, read);
        if (byOrder !== null) return byOrder;
        continue;
      }
      const right = row.cells[ci + 1];
      if (right && labelsIn(ctx, right.text).length === 0) {
        const rv = read(right.text);
        if (rv !== null) return rv;
      }
      const below = valueBelow(ctx, r, cell, read);
      if (below !== null) return below;
      const byOrder = valueByOrder(ctx, r, row, field, read);
      if (byOrder !== null) return byOrder;
    }
  }
  return null;
}

function valueBelow<T>(ctx: Ctx, r: number, cell: Cell, read: (text: string) => T | null): T | null {
  const row = ctx.rows[r]!;
  const column = row.cells.indexOf(cell);
  const allLabels = row.cells.every((c) => labelsIn(ctx, c.text).length === 1);
  for (let k = r + 1; k < ctx.rows.length && k <= r + 3; k++) {
    const below = ctx.rows[k]!;
    if (below.page !== row.page || below.y - row.y > row.height * 5) break;
    // A row of labels over a row of as many values: the value in the same column.
    if (allLabels && below.cells.length === row.cells.length) {
      const c = below.cells[column]!;
      return labelsIn(ctx, c.text).length > 0 ? null : read(c.text);
    }
    // Otherwise the value printed under the label (the one overlapping it most).
    const under = below.cells
      .filter((c) => overlaps(c, cell))
      .sort((a, b) => overlapOf(b, cell) - overlapOf(a, cell));
    for (const c of under) {
      if (labelsIn(ctx, c.text).length > 0) return null;
      const v = read(c.text);
      if (v !== null) return v;
    }
  }
  return null;
}

const overlapOf = (a: Cell, b: Cell) => Math.min(a.right, b.right) - Math.max(a.x, b.x);

const VALUE_TOKEN = new RegExp(`(${MONEY_SRC})|(${DATE_SRC})`, "gi");

function valueByOrder<T>(
  ctx: Ctx,
  r: number,
  row: Row,
  field: SummaryField,
  read: (text: string) => T | null,
): T | null {
  const found = labelsIn(ctx, row.text);
  const index = found.findIndex((f) => f.field === field);
  const next = ctx.rows[r + 1];
  if (index < 0 || !next || next.page !== row.page || labelsIn(ctx, next.text).length > 0) return null;
  const tokens: string[] = [];
  const text = next.text.replace(/\s+/g, " ");
  for (const m of text.matchAll(VALUE_TOKEN)) {
    const t = m[0].trim();
    if (m[2] && !findFullDate(t)) continue;
    tokens.push(t);
  }
  // Full dates span several words ("21 December 2025"): re-join them from the row text.
  const values = splitValues(text);
  // Only a row with exactly one value per label maps by position; anything else is ambiguous.
  const list = values.length === found.length ? values : tokens;
  if (list.length !== found.length) return null;
  const token = list[index];
  return token === undefined ? null : read(token);
}

/** Splits a row of values into full dates and amounts, in printed order. */
export function splitValues(text: string): string[] {
  const re = new RegExp(
    `(${CARD.source})|((?:\\d{4}-\\d{2}-\\d{2})|(?:\\d{1,2}/\\d{1,2}/\\d{2,4})|(?:[A-Za-z]{3,9}\\.?\\s\\d{1,2},?\\s\\d{4})|(?:\\d{1,2}[\\s-][A-Za-z]{3,9}[\\s,-]\\s?\\d{2,4}))|(${MONEY_SRC})`,
    "g",
  );
  const out: string[] = [];
  for (const m of text.matchAll(re)) {
    const t = m[0].trim();
    if (m[1] || findFullDate(t) || parseMoney(t)) out.push(t);
  }
  return out;
}

const CARD = /(?:\d{4}|[X*•x]{4})[\s-]?(?:\d{4}|[X*•x]{4})[\s-]?(?:\d{4}|[X*•x]{2,4})[\s-]?(\d{4})(?!\d)/;

function findCard(ctx: Ctx): string | null {
  let fallback: string | null = null;
  for (const row of ctx.rows) {
    const m = CARD.exec(row.text) ?? /ending(?: in)?:?\s*(\d{4})\b/i.exec(row.text);
    if (!m) continue;
    if (/card/i.test(row.text)) return m[1]!;
    fallback ??= m[1]!;
  }
  return fallback;
}

interface Columns {
  debitRight: number;
  creditRight: number;
}

function findLines(ctx: Ctx, profile: IssuerProfile, closing: string | null): DraftLine[] {
  const lines: DraftLine[] = [];
  let columns: Columns | null = null;
  let columnsPage = -1;
  let last: Last | null = null;
  let order = profile.dateOrder ?? "transaction-posting";
  for (const row of ctx.rows) {
    // The table header says which date comes first ("Post Date | Tran Date" on Metrobank).
    if (/Post(?:ing)?\.?\s*Date.*(?:Tran(?:s|saction)?|Sale|Purchase)\.?\s*Date/i.test(row.text))
      order = "posting-transaction";
    else if (/(?:Tran(?:s|saction)?|Sale|Purchase)\.?\s*Date.*Post(?:ing)?\.?\s*Date/i.test(row.text))
      order = "transaction-posting";
    const debit = row.cells.find((c) => /^debits?\b/i.test(c.text));
    const credit = row.cells.find((c) => /^(?:payments?\/)?credits?\b/i.test(c.text));
    if (debit && credit) {
      const candidate = { debitRight: debit.right, creditRight: credit.right };
      columns = columnsAligned(ctx.rows, row, candidate) ? candidate : null;
      columnsPage = row.page;
      last = null;
      continue;
    }
    const parsed = parseLine(row, order, closing, columns && columnsPage <= row.page ? columns : null);
    if (parsed && last && wrapped(ctx, row, parsed.dateCount, last)) {
      // "2/6 PLAN 15,000.00" under a line is the rest of its description, not a line of 6 February.
      appendContinuation(last.line, row.text);
      last.row = row;
      continue;
    }
    if (parsed) {
      lines.push(parsed.line);
      last = { line: parsed.line, row, descX: parsed.descX, dateCount: parsed.dateCount };
      continue;
    }
    if (last && continuation(ctx, row, last)) {
      appendContinuation(last.line, row.text);
      last.row = row;
      continue;
    }
    last = null;
  }
  return lines;
}

/**
 * Trusts a Debit/Credit header only if the amounts below it sit right under it (a PDF, or text laid
 * out in columns); pasted text that lost its alignment falls back to the words of each line.
 */
function columnsAligned(rows: Row[], header: Row, cols: Columns): boolean {
  let lines = 0;
  let aligned = 0;
  for (const row of rows) {
    if (row.page < header.page || (row.page === header.page && row.y <= header.y)) continue;
    if (row.page > header.page) break;
    const last = row.cells[row.cells.length - 1];
    if (!last || !LEAD_DATE.test(row.text) || !parseMoney(last.text)) continue;
    lines++;
    if (Math.min(Math.abs(last.right - cols.debitRight), Math.abs(last.right - cols.creditRight)) <= 3)
      aligned++;
  }
  return lines > 0 && aligned / lines >= 0.9;
}

type Last = { line: DraftLine; row: Row; descX: number; dateCount: number };

const adjacent = (row: Row, last: Last) =>
  row.page === last.row.page && row.y - last.row.y <= row.height * 2.2;

/** A row that parses as a line but is the wrapped rest of the line above it. */
function wrapped(ctx: Ctx, row: Row, dateCount: number, last: Last): boolean {
  if (!adjacent(row, last)) return false;
  if (ctx.positional) return (row.cells[0]?.x ?? 0) >= last.descX - 3;
  return dateCount < last.dateCount;
}

function continuation(ctx: Ctx, row: Row, last: Last): boolean {
  if (!adjacent(row, last)) return false;
  const text = row.text.replace(/\s+/g, " ").trim();
  if (FOREIGN_ONLY.test(text)) return true;
  if (NOISE.test(text) || NOT_A_LINE.test(text) || TRAIL_AMOUNT.test(text)) return false;
  if (/^(?:INST(?:ALL?MENT)?\.?\s*)?\d{1,2}\s?(?:\/|OF)\s?\d{1,2}\b/i.test(text)) return true;
  if (labelsIn(ctx, text).length > 0) return false;
  const first = row.cells[0];
  if (!ctx.positional) return row.cells.length === 1 && !LEAD_DATE.test(text);
  return !!first && first.x >= last.descX - 3 && row.cells.length === 1;
}

function appendContinuation(line: DraftLine, text: string): void {
  let t = text.replace(/\s+/g, " ").trim();
  const f = foreignOf(t);
  if (f && !line.foreignCurrency) {
    line.foreignCurrency = f.currency;
    line.foreignAmount = f.amount;
    t = f.rest;
  }
  if (t) {
    line.description = `${line.description} ${t}`.slice(0, 500);
    const classified = classify(line.description, line.direction === "credit");
    line.kind = classified;
    if (!line.installment) line.installment = installmentOf(line.description);
    if (line.installment && line.kind === "purchase") line.kind = "installment";
    line.merchant = merchantOf(line.description);
  }
}

function parseLine(
  row: Row,
  order: NonNullable<IssuerProfile["dateOrder"]>,
  closing: string | null,
  columns: Columns | null,
): { line: DraftLine; descX: number; dateCount: number } | null {
  let text = row.text.replace(/\s+/g, " ").trim();
  if (!LEAD_DATE.test(text)) {
    // A two-column page (reminders beside the transactions) puts text before a line's dates:
    // two dates in a row, mid-row, still start a line.
    const mid = MID_DATES.exec(text);
    if (!mid) return null;
    text = text.slice(mid.index + mid[0].length - mid[1]!.length);
  }
  const dates: string[] = [];
  for (let i = 0; i < 2; i++) {
    const m = LEAD_DATE.exec(text);
    if (!m) break;
    const d = parseDateToken(m[1]!);
    const resolved = d && resolveYear(d, closing);
    if (!resolved) break;
    dates.push(resolved);
    text = text.slice(m[0].length);
  }
  if (dates.length === 0) return null;
  const amountMatch = TRAIL_AMOUNT.exec(text);
  if (!amountMatch) return null;
  const money = parseMoney(amountMatch[1]!);
  if (!money) return null;
  let description = text.slice(0, amountMatch.index).trim();
  if (!description || NOT_A_LINE.test(description)) return null;
  // A row of summary values ("01/15/2026 02/04/2026 PHP 45,000.00 PHP 1,350.00") is not a line.
  if (!/\p{L}{2,}/u.test(description.replace(/\b(?:PHP|Php|CR)\b/g, ""))) return null;

  let foreignCurrency: string | null = null;
  let foreignAmount: string | null = null;
  const f = foreignOf(description);
  if (f) {
    foreignCurrency = f.currency;
    foreignAmount = f.amount;
    description = f.rest;
  }
  if (!description) return null;

  let credit = money.credit;
  let confidence = 1;
  // A Debit/Credit pair of columns decides by where the amount sits, when it sits under one of them
  // (pasted text that lost its alignment falls back to the words).
  const amountCell = row.cells[row.cells.length - 1]!;
  const aligned = columns !== null && parseMoney(amountCell.text) !== null;
  if (columns && aligned)
    credit =
      Math.abs(amountCell.right - columns.creditRight) < Math.abs(amountCell.right - columns.debitRight);
  let kind = classify(description, credit);
  const asCredit = classify(description, true);
  const creditWords =
    asCredit === "refund" ||
    asCredit === "reversal" ||
    (asCredit === "payment" && /THANK YOU|RECEIVED|PAYMENT\s*-/i.test(description));
  if (!credit && !aligned && creditWords) {
    // A payment, refund or reversal printed without a credit mark: trust the words, flag it for review.
    credit = true;
    kind = asCredit;
    confidence = 0.7;
  }
  const installment = installmentOf(description);
  if (installment && kind === "purchase") kind = "installment";
  const [first, second] = dates;
  const postingFirst = order === "posting-transaction" && second !== undefined;
  const descCell = row.cells.find((c) => description.startsWith(c.text.slice(0, 6))) ?? row.cells[1];
  return {
    dateCount: dates.length,
    descX: descCell?.x ?? 0,
    line: {
      date: postingFirst ? second! : first!,
      postingDate: second === undefined ? null : postingFirst ? first! : second,
      description: description.slice(0, 500),
      merchant: merchantOf(description),
      amountCentavos: money.centavos.toString(),
      direction: credit ? "credit" : "debit",
      kind,
      foreignCurrency,
      foreignAmount,
      installment,
      categoryHint: null,
      confidence,
    },
  };
}

/** Kind of a line from its words; the order matters ("LATE PAYMENT FEE" is a fee, not a payment). */
export function classify(description: string, credit: boolean): DraftLine["kind"] {
  const d = description.toUpperCase();
  if (/REVERSAL|REVERSED|\bVOID\b/.test(d)) return "reversal";
  if (/REFUND|\bRETURN(?:ED)?\b|MERCHANDISE CREDIT/.test(d)) return "refund";
  if (/FINANCE CHARGE|INTEREST/.test(d)) return "interest";
  if (/\bFEES?\b|LATE (?:PAYMENT )?CHARGE|SERVICE CHARGE|\bDST\b|STAMP TAX|PENALTY/.test(d)) return "fee";
  if (/CASH ADV|CASH ADVANCE|ATM WITHDRAWAL/.test(d)) return "cash_advance";
  if (/PAYMENT|THANK YOU|\bPYMT\b|\bPAYMT\b/.test(d)) return credit ? "payment" : "purchase";
  return "purchase";
}

export function installmentOf(description: string): DraftLine["installment"] {
  const m = INSTALLMENT.exec(description);
  if (!m) return null;
  const number = Number(m[1]);
  const of = Number(m[2]);
  if (number < 1 || of < 2 || number > of || of > 60) return null;
  const plan = PLAN_TOTAL.exec(description);
  const planMoney = plan ? parseMoney(plan[1]!) : null;
  return { number, of, planTotalCentavos: planMoney ? planMoney.centavos.toString() : null };
}

/** The merchant part of a line: before any installment, plan or reference detail, without store numbers. */
export function merchantOf(description: string): string | null {
  let d = description
    .replace(INSTALLMENT, " ")
    .replace(/\b(?:PLAN|PRINCIPAL|TOTAL|AMT)\b.*$/i, " ")
    .replace(/#\s?\d+|\b\d{3,}\b/g, " ")
    .replace(/\s+-\s+.*$/, (tail) => (/THANK YOU/i.test(tail) ? "" : tail))
    .replace(/,.*$/, "")
    .replace(/^(?:REFUND|REVERSAL|REVERSED|RETURN|VOID)\b[\s:-]*/i, "")
    .replace(/\s+(?:PH|PHL|PHI|MNL|MANILA)$/i, "")
    .replace(/\s+/g, " ")
    .trim();
  if (/^(?:PAYMENT|FINANCE CHARGE|LATE|ANNUAL|INTEREST|CASH ADVANCE)\b/i.test(d)) d = "";
  return d ? d.slice(0, 200) : null;
}

/** Checks the lines against the summary, so a missed line shows up as a warning on review. */
function reconcile(s: StatementSummary, lines: DraftLine[]): string[] {
  const warnings: string[] = [];
  if (lines.length === 0) warnings.push("No transaction lines were found on this statement.");
  const credits = lines
    .filter((l) => l.direction === "credit")
    .reduce((a, l) => a + BigInt(l.amountCentavos), 0n);
  const debits = lines
    .filter((l) => l.direction === "debit")
    .reduce((a, l) => a + BigInt(l.amountCentavos), 0n);
  if (s.previousBalanceCentavos !== null && s.totalDueCentavos !== null) {
    const expected = BigInt(s.previousBalanceCentavos) + debits - credits;
    if (expected !== BigInt(s.totalDueCentavos))
      warnings.push(
        `The lines add up to ${formatCentavos(expected)} but the statement's total amount due is ${formatCentavos(BigInt(s.totalDueCentavos))}: check for a missing or misread line.`,
      );
  }
  if (s.paymentsCreditsCentavos !== null && BigInt(s.paymentsCreditsCentavos) !== credits)
    warnings.push(
      `Payments and credits on the lines add up to ${formatCentavos(credits)}, the statement says ${formatCentavos(BigInt(s.paymentsCreditsCentavos))}.`,
    );
  return warnings;
}
