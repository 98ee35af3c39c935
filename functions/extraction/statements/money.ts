/**
 * Peso amounts as printed on card statements, parsed to integer centavos without ever going
 * through a float: "1,234.56", "PHP 1,234.56", "₱1,234.56", "P1,234.56", "1,234.56 CR",
 * "(1,234.56)", "-1,234.56", "1,234.56-".
 */
export interface Money {
  centavos: bigint;
  /** Printed as a credit: CR suffix, parentheses, a leading or trailing minus. */
  credit: boolean;
}

/** One amount, unanchored (for searching inside a line); always two decimals. */
export const MONEY_SRC = String.raw`(?:\(\s*)?(?:-\s*)?(?:(?:PHP|Php|php|₱|P)\s?)?-?\s?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}(?:\s*\))?(?:\s?CR\b|-(?=\s|$))?`;
const MONEY_EXACT = new RegExp(`^${MONEY_SRC}$`);

export function parseMoney(text: string): Money | null {
  const s = text.trim().replace(/\s+/g, " ");
  if (!MONEY_EXACT.test(s)) return null;
  const digits = /(\d{1,3}(?:,\d{3})+|\d+)\.(\d{2})/.exec(s);
  if (!digits) return null;
  const centavos = BigInt(digits[1]!.replaceAll(",", "") + digits[2]!);
  const credit = /^\(|^-|\)$|CR$|-$|(?:PHP|₱|P)\s?-/i.test(s);
  return { centavos, credit };
}

/** Finds the first amount inside free text ("Total Amount Due: PHP 1,234.56 as of ..."). */
export function findMoney(text: string): Money | null {
  const m = new RegExp(`(?:^|[\\s:])(${MONEY_SRC})(?=\\s|$|[;,])`).exec(text);
  return m ? parseMoney(m[1]!) : null;
}

/** Decimal string of a centavo count ("123456" → "1234.56"); for messages only. */
export function formatCentavos(c: bigint): string {
  const neg = c < 0n;
  const abs = neg ? -c : c;
  const s = abs.toString().padStart(3, "0");
  return `${neg ? "-" : ""}${s.slice(0, -2)}.${s.slice(-2)}`;
}
