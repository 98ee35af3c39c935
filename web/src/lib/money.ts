const pesoFormat = new Intl.NumberFormat("en-PH", { style: "currency", currency: "PHP" });

/**
 * Formats an amount in centavos as pesos, e.g. `123456n` → "₱1,234.56".
 * Money is never a float: the centavos are split with bigint arithmetic and handed to
 * Intl as an exact decimal string.
 */
export function formatPeso(centavos: bigint | number | string): string {
  const amount = toCentavos(centavos);
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  const pesos = magnitude / 100n;
  const cents = (magnitude % 100n).toString().padStart(2, "0");
  const decimal = `${negative ? "-" : ""}${pesos}.${cents}`;
  // Intl accepts a decimal string and formats it exactly (no Number rounding). One minus sign
  // everywhere: the typographic U+2212, which also never lets a line break split "−₱" off.
  return pesoFormat.format(decimal as unknown as number).replace(/^-/, MINUS);
}

export const MINUS = "\u2212";

export function toCentavos(value: bigint | number | string): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new RangeError(`centavos must be an integer, got ${value}`);
    return BigInt(value);
  }
  const trimmed = value.trim();
  if (!/^-?\d+$/.test(trimmed)) throw new RangeError(`centavos must be an integer string, got "${value}"`);
  return BigInt(trimmed);
}

/**
 * Parses what a person typed ("1,234.50", "₱99", "12.5") into centavos, exactly; null when it
 * is not a non-negative amount with at most two decimals. The server parses again — this is
 * only for totals shown while typing (splits) and for checks before sending.
 */
export function parsePesos(input: string): bigint | null {
  const text = input
    .trim()
    .replace(/^(₱|PHP|P)\s*/i, "")
    .replace(/[,\s]/g, "");
  const match = /^(\d{1,13})(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) return null;
  return BigInt(match[1] ?? "0") * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

/** Centavos as a plain peso amount for an input field: 123450n → "1234.50". */
export function centavosToInput(centavos: bigint | string): string {
  const amount = toCentavos(centavos);
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  return `${negative ? "-" : ""}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, "0")}`;
}

/** A signed amount with an explicit sign for income/expense lists: "+₱1.00", "−₱1.00". */
export function formatSignedPeso(centavos: bigint | string, sign: "+" | "-" | ""): string {
  const amount = toCentavos(centavos);
  const magnitude = amount < 0n ? -amount : amount;
  return `${sign === "-" ? MINUS : sign}${formatPeso(magnitude)}`;
}
