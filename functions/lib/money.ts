import { z } from "@hono/zod-openapi";

/** ₱1,000,000,000.00: nothing a household records is larger; anything larger is a typo. */
export const MAX_CENTAVOS = 100_000_000_000n;

const DECIMAL = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * Parses a peso amount written by a person or a spreadsheet — 1234.5, "1,234.50", "₱1,234.50",
 * "PHP 99" — into integer centavos without ever going through a float. Returns null when it
 * is not an amount with at most two decimals.
 */
export function parsePesos(input: string | number): bigint | null {
  let text = typeof input === "number" ? (Number.isFinite(input) ? String(input) : "") : input;
  text = text.trim();
  // "-₱300.00" is how Notion and spreadsheets write a negative peso amount
  const signFirst = /^-\s*(₱|PHP|Php|php|P)/.test(text);
  if (signFirst) text = text.replace(/^-\s*/, "");
  text = text
    .replace(/^(₱|PHP|Php|php|P)\s*/, "")
    .replace(/,/g, "")
    .trim();
  let negative = false;
  if (signFirst) {
    if (text.startsWith("-") || text.startsWith("(")) return null;
    negative = true;
  } else if (text.startsWith("-")) {
    negative = true;
    text = text.slice(1);
  } else if (/^\(.*\)$/.test(text)) {
    // accounting style: (1,234.50)
    negative = true;
    text = text.slice(1, -1);
  }
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const centavos = BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
  return negative ? -centavos : centavos;
}

export const formatCentavos = (c: bigint) => {
  const sign = c < 0n ? "-" : "";
  const abs = c < 0n ? -c : c;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
};

/**
 * A positive amount of money: pesos as a number or string with at most two decimals
 * ("1234.50"), or `{ centavos: "123450" }`-style integer strings via `CentavosInput`.
 * Zero, negatives and more than ₱1,000,000,000 are refused.
 */
export const PositiveAmount = z
  .union([z.string().max(40), z.number()])
  .transform((v, ctx) => {
    const c = parsePesos(v);
    if (c === null) {
      ctx.addIssue({ code: "custom", message: "Enter an amount in pesos with at most two decimals" });
      return z.NEVER;
    }
    if (c <= 0n) {
      ctx.addIssue({ code: "custom", message: "Amount must be more than zero" });
      return z.NEVER;
    }
    if (c > MAX_CENTAVOS) {
      ctx.addIssue({ code: "custom", message: "Amount must be at most ₱1,000,000,000" });
      return z.NEVER;
    }
    return c;
  })
  .openapi({ type: "string", example: "1234.50", description: "Pesos, at most two decimals" });

/** A signed amount (opening balances may be negative, e.g. a card's outstanding). */
export const SignedAmount = z
  .union([z.string().max(40), z.number()])
  .transform((v, ctx) => {
    const c = parsePesos(v);
    if (c === null || c > MAX_CENTAVOS || c < -MAX_CENTAVOS) {
      ctx.addIssue({ code: "custom", message: "Enter an amount in pesos with at most two decimals" });
      return z.NEVER;
    }
    return c;
  })
  .openapi({
    type: "string",
    example: "-2500.00",
    description: "Pesos, at most two decimals; may be negative",
  });

/** Centavos as they leave the API: a decimal integer string. */
export const Centavos = z
  .string()
  .regex(/^-?\d+$/)
  .openapi({ example: "123450", description: "Integer centavos" });
