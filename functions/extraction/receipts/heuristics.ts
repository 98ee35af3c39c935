import { DateTime } from "luxon";

/**
 * Reading merchant, date, total and TIN out of a Philippine receipt's OCR text. Pure functions over
 * text so they are tested cheaply on OCR-like strings; money stays integer centavos (bigint) from
 * the printed digits to the result — never a float.
 */

export interface ReceiptFields {
  merchant: string | null;
  merchantConfidence: number;
  date: string | null;
  dateConfidence: number;
  totalCentavos: bigint | null;
  totalConfidence: number;
  tin: string | null;
  warnings: string[];
}

/** Characters OCR prints for a digit inside a number ("4l3.O0" is 413.00). */
const DIGIT_LOOKALIKES: Record<string, string> = {
  O: "0",
  o: "0",
  D: "0",
  Q: "0",
  l: "1",
  I: "1",
  i: "1",
  "|": "1",
  "!": "1",
  S: "5",
  s: "5",
  B: "8",
  Z: "2",
  z: "2",
  g: "9",
};

function mapDigits(token: string): string {
  let out = "";
  for (const ch of token) out += DIGIT_LOOKALIKES[ch] ?? ch;
  return out;
}

const CURRENCY_PREFIX = /^(?:PHP|Php|php|PhP|P|₱|#)/;

/**
 * One printed amount → centavos. Requires two decimals, as every POS prints them, so quantities,
 * TINs and dates are never read as money. The last separator before two digits is the decimal
 * point whether OCR saw "." or ","; other separators are thousands separators.
 */
export function parseAmount(raw: string): bigint | null {
  let token = raw.trim();
  let negative = false;
  if (token.startsWith("-") || token.startsWith("(")) {
    negative = true;
    token = token.replace(/^[-(]+/, "").replace(/\)$/, "");
  }
  token = token.replace(CURRENCY_PREFIX, "").replace(/^[-\s]+/, "");
  if (token.length === 0 || token.length > 16) return null;
  const mapped = mapDigits(token);
  // No space as a thousands separator: "2 90.00" is a quantity and a price, not 290.00.
  const m = /^(\d{1,3}(?:[,.]\d{3})*|\d+)[.,]\s?(\d{2})$/.exec(mapped);
  if (!m) return null;
  const whole = m[1]!.replace(/[,.]/g, "");
  if (whole.length > 9) return null;
  if (negative) return null;
  return BigInt(whole) * 100n + BigInt(m[2]!);
}

interface AmountOnLine {
  centavos: bigint;
  /** The text before the amount, where the label is. */
  label: string;
  negative: boolean;
}

/** The rightmost amount printed on a line and the label before it. */
export function lastAmount(line: string): AmountOnLine | null {
  const tokens = line.trim().split(/\s+/).filter(Boolean);
  // OCR prints the paper's edge or a fold as "|", "\\", "/", "!" or a stray letter after the amount.
  while (tokens.length > 1 && /^(?:[^A-Za-z0-9]+|[A-Za-z])$/.test(tokens.at(-1)!)) tokens.pop();
  // Try the last token, then the last two joined ("413. 00", "PHP 413.00", "1 436.00").
  for (let take = 1; take <= Math.min(3, tokens.length); take++) {
    const candidate = tokens
      .slice(tokens.length - take)
      .join(take === 2 && /^\d{2}$/.test(tokens.at(-1)!) ? "" : " ");
    const negative = /^-|^\(.*\)$/.test(candidate);
    const value = parseAmount(negative ? candidate.replace(/^[-(]+/, "").replace(/\)$/, "") : candidate);
    if (value !== null) {
      return { centavos: value, label: tokens.slice(0, tokens.length - take).join(" "), negative };
    }
  }
  return null;
}

/** Letters OCR prints for look-alike digits in a label ("T0TAL", "5UBTOTAL", "TOTA1"). */
function labelKey(label: string): string {
  return label
    .toUpperCase()
    .replace(/0/g, "O")
    .replace(/[1|!]/g, "L")
    .replace(/5/g, "S")
    .replace(/4/g, "A")
    .replace(/8/g, "B")
    .replace(/[^A-Z%&]+/g, " ")
    .trim();
}

const TOTAL = "T[O0Q]T[AR][LI1]";
type Role =
  | { kind: "total"; weight: number }
  | { kind: "subtotal" }
  | { kind: "cash" }
  | { kind: "change" }
  | { kind: "discount" }
  | { kind: "vatable" }
  | { kind: "vat" }
  | { kind: "exempt" }
  | { kind: "zero" }
  | { kind: "other" };

/** What a labelled amount is. Order matters: SUBTOTAL and VAT lines also contain "TOTAL"/"SALES". */
export function classifyLabel(label: string): Role {
  const k = labelKey(label);
  if (new RegExp(`SUB\\s*-?\\s*${TOTAL}`).test(k)) return { kind: "subtotal" };
  if (/VAT\s*-?\s*EXEMPT|EXEMPT/.test(k)) return { kind: "exempt" };
  if (/ZERO\s*-?\s*RATED/.test(k)) return { kind: "zero" };
  if (/VATA?BLE|VAT\s*SALES|NET\s*OF\s*VAT/.test(k)) return { kind: "vatable" };
  if (/\bVAT\b|VAT\s*AMOUNT|\bV\s*A\s*T\b|12\s*%/.test(k)) return { kind: "vat" };
  if (/CHANGE|SUKLI/.test(k)) return { kind: "change" };
  if (/DISCOUNT|\bLESS\b|\bSC\b|\bPWD\b|PROMO/.test(k)) return { kind: "discount" };
  if (
    new RegExp(`${TOTAL}\\s*(QTY|QUANTITY|ITEMS?|UNITS?|PCS|POINTS?|SAVINGS?)`).test(k) ||
    /NO\s*OF\s*ITEMS/.test(k)
  )
    return { kind: "other" };
  if (new RegExp(`GRAND\\s*${TOTAL}|${TOTAL}\\s*AMOUNT\\s*DUE|AMOUNT\\s*DUE|${TOTAL}\\s*DUE`).test(k))
    return { kind: "total", weight: 3 };
  if (
    new RegExp(
      `${TOTAL}\\s*AMOUNT\\s*PAID|AMOUNT\\s*PAID|${TOTAL}\\s*PAID|NET\\s*${TOTAL}|${TOTAL}\\s*AMOUNT`,
    ).test(k)
  )
    return { kind: "total", weight: 3 };
  if (new RegExp(`${TOTAL}\\s*SALES?`).test(k)) return { kind: "total", weight: 2 };
  if (new RegExp(`(^|\\s)${TOTAL}(\\s|$)`).test(k) || new RegExp(`^${TOTAL}`).test(k))
    return { kind: "total", weight: 2.5 };
  if (/\bCASH\b|TENDER|AMOUNT\s*RECEIVED|PAYMENT/.test(k)) return { kind: "cash" };
  return { kind: "other" };
}

/** Sums of candidate totals, voted by independent evidence on the receipt. */
function readTotal(lines: string[]): { total: bigint | null; confidence: number; warnings: string[] } {
  const votes = new Map<bigint, number>();
  const vote = (v: bigint | null, w: number) => {
    if (v === null || v <= 0n) return;
    votes.set(v, (votes.get(v) ?? 0) + w);
  };
  let cash: bigint | null = null;
  let change: bigint | null = null;
  let subtotal: bigint | null = null;
  let discount: bigint | null = null;
  const vatParts: bigint[] = [];
  let labelled = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let found = lastAmount(line);
    let role: Role;
    if (found) {
      role = classifyLabel(found.label);
    } else {
      // "TOTAL" with its amount on the next line, as narrow printers do.
      role = classifyLabel(line);
      const next = lines[i + 1];
      if (role.kind !== "total" || !next) continue;
      found = lastAmount(next);
      if (!found || found.label.replace(/[^A-Za-z]/g, "").length > 2) continue;
    }
    switch (role.kind) {
      case "total":
        labelled++;
        vote(found.centavos, role.weight);
        break;
      case "subtotal":
        subtotal ??= found.centavos;
        break;
      case "cash":
        cash ??= found.centavos;
        break;
      case "change":
        change ??= found.centavos;
        break;
      case "discount":
        discount = (discount ?? 0n) + found.centavos;
        break;
      case "vatable":
      case "vat":
      case "exempt":
      case "zero":
        vatParts.push(found.centavos);
        break;
      default:
        break;
    }
  }
  if (cash !== null && change !== null && cash >= change) vote(cash - change, 2);
  if (vatParts.length >= 2)
    vote(
      vatParts.reduce((a, b) => a + b, 0n),
      1.5,
    );
  if (subtotal !== null) vote(discount !== null && subtotal > discount ? subtotal - discount : subtotal, 1);
  if (cash !== null && change === null) vote(cash, 0.5); // card and e-wallet lines pay the exact total

  let best: bigint | null = null;
  let bestWeight = 0;
  for (const [value, weight] of votes) {
    if (weight > bestWeight || (weight === bestWeight && best !== null && value > best)) {
      best = value;
      bestWeight = weight;
    }
  }
  const warnings: string[] = [];
  // A lone subtotal or cash line is not a total: a receipt whose total line did not read fails.
  if (best === null || (labelled === 0 && bestWeight < 2)) return { total: null, confidence: 0, warnings };
  if (labelled === 0)
    warnings.push("No TOTAL line was readable; the total was worked out from the cash and change.");
  // 2.5 for a plain TOTAL alone; every agreeing cross-check raises it.
  const confidence = Math.min(0.99, 0.35 + bestWeight * 0.12);
  return { total: best, confidence: Math.round(confidence * 100) / 100, warnings };
}

const MONTHS: Record<string, number> = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
};

/** Lines whose dates are not the purchase date (BIR permits, accreditation, validity). */
const NOT_PURCHASE_DATE = /PERMIT|PTU|ACCRED|VALID|ISSUED|EXPIR|BIRTH|SINCE|PRINTER|ATP/i;

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 100) year += 2000;
  if (year < 2000 || year > 2099) return null;
  const dt = DateTime.fromObject({ year, month, day }, { zone: "Asia/Manila" });
  return dt.isValid ? dt.toISODate() : null;
}

/** Digits read as letters inside date-like tokens ("O1/l5/2026"). */
function digitizeDateTokens(line: string): string {
  return line.replace(/[0-9OolI|SB]{1,4}(?:[/\-.][0-9OolI|SB]{1,4}){2}/g, (t) => mapDigits(t));
}

/** Every date a line prints, in the usual Philippine formats. */
export function datesIn(line: string): string[] {
  const out: string[] = [];
  const text = digitizeDateTokens(line);
  for (const m of text.matchAll(/\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g)) {
    const d = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (d) out.push(d);
  }
  for (const m of text.matchAll(/(?<![\d/.-])(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?![\d/.-])/g)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    // Philippine receipts print month first; a first number over 12 can only be a day.
    const d = a > 12 && b <= 12 ? isoDate(Number(m[3]), b, a) : isoDate(Number(m[3]), a, b);
    if (d) out.push(d);
  }
  // A zero touching letters is the letter O ("18-0CT-2026").
  const worded = text.toUpperCase().replace(/(?<=[A-Z])0|0(?=[A-Z])/g, "O");
  const mon = "(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\\.?";
  for (const m of worded.matchAll(
    new RegExp(`\\b(\\d{1,2})[\\s\\-./]*${mon}[\\s\\-./,]*(\\d{4}|\\d{2})\\b`, "g"),
  )) {
    const d = isoDate(Number(m[3]), MONTHS[m[2]!]!, Number(m[1]));
    if (d) out.push(d);
  }
  for (const m of worded.matchAll(new RegExp(`\\b${mon}\\s*(\\d{1,2}),?\\s*(\\d{4})\\b`, "g"))) {
    const d = isoDate(Number(m[3]), MONTHS[m[1]!]!, Number(m[2]));
    if (d) out.push(d);
  }
  return out;
}

function readDate(lines: string[]): { date: string | null; confidence: number } {
  let fallback: string | null = null;
  for (const line of lines) {
    if (NOT_PURCHASE_DATE.test(line)) continue;
    const found = datesIn(line);
    if (found.length === 0) continue;
    if (/DATE|TIME|TXN|TRANS/i.test(line)) return { date: found[0]!, confidence: 0.9 };
    fallback ??= found[0]!;
  }
  return fallback ? { date: fallback, confidence: 0.7 } : { date: null, confidence: 0 };
}

/** Lines at the top that are never the merchant's name. */
const NOT_MERCHANT =
  /\bTIN\b|\bT1N\b|VAT\s*REG|NON-?VAT|\bBIR\b|PERMIT|\bMIN\b|\bS\/?N\b|SERIAL|ACCRED|\bPTU\b|OFFICIAL\s*RECEIPT|SALES\s*INVOICE|\bRECEIPT\b|\bINVOICE\b|OPERATED\s*BY|OWNED\s*BY|WELCOME|\bTEL\b|PHONE|\bNO\.|STREET|\bST\.|\bAVE\b|AVENUE|\bROAD\b|\bRD\.|\bBLDG\b|BUILDING|\bBRGY\b|BARANGAY|\bCITY\b|FLOOR|\bBRANCH\b|\bSTORE\s*#?\d|\bCASHIER|\bPOS\b|\bTERMINAL|\bDATE\b/i;

function readMerchant(lines: string[]): { merchant: string | null; confidence: number } {
  const top = lines.slice(0, 10);
  let position = 0;
  for (const raw of top) {
    const line = raw.trim();
    if (!line) continue;
    position++;
    if (NOT_MERCHANT.test(line)) continue;
    if (lastAmount(line)) continue;
    const letters = line.replace(/[^A-Za-z]/g, "").length;
    const visible = line.replace(/\s/g, "").length;
    if (letters < 3 || letters / visible < 0.7 || !/[A-Za-z]{3,}/.test(line)) continue;
    if (/\d{3}/.test(line)) continue;
    const name = line
      .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9'.)]+$/g, "")
      .replace(/\s{2,}/g, " ")
      .slice(0, 200);
    const corporate = /\b(INC|CORP|CORPORATION|COMPANY|CO\.|LTD)\b/i.test(name);
    const confidence = position === 1 ? 0.85 : position <= 3 ? 0.7 : 0.5;
    return { merchant: name, confidence: corporate ? confidence - 0.15 : confidence };
  }
  return { merchant: null, confidence: 0 };
}

function readTin(lines: string[]): string | null {
  for (const line of lines) {
    const m =
      /\bT[I1l]N\b\s*(?:NO\.?)?\s*[:#.]?\s*([0-9OolIS|]{3}[-\s]?[0-9OolIS|]{3}[-\s]?[0-9OolIS|]{3}(?:[-\s]?[0-9OolIS|]{3,5})?)/i.exec(
        line,
      );
    if (!m) continue;
    const digits = mapDigits(m[1]!).replace(/\D/g, "");
    if (digits.length < 9) continue;
    const groups = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6, 9)];
    if (digits.length > 9) groups.push(digits.slice(9));
    return groups.join("-");
  }
  return null;
}

/** Reads the fields of one receipt from its OCR text (lines top to bottom). */
export function readReceiptText(text: string): ReceiptFields {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter((l) => l.length > 0);
  const merchant = readMerchant(lines);
  const date = readDate(lines);
  const total = readTotal(lines);
  return {
    merchant: merchant.merchant,
    merchantConfidence: merchant.confidence,
    date: date.date,
    dateConfidence: date.confidence,
    totalCentavos: total.total,
    totalConfidence: total.confidence,
    tin: readTin(lines),
    warnings: total.warnings,
  };
}

/** Same merchant for accuracy checks: case, punctuation and spacing aside. */
export function sameMerchant(found: string | null, truth: string): boolean {
  if (!found) return false;
  const norm = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const a = norm(found);
  const b = norm(truth);
  return a === b || (a.length >= 4 && (a.includes(b) || b.includes(a)));
}
