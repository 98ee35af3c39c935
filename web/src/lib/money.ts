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
  // Intl accepts a decimal string and formats it exactly (no Number rounding)
  return pesoFormat.format(decimal as unknown as number);
}

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
