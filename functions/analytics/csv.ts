import Papa from "papaparse";
import { escapeCell } from "../imports/fintrack-format";
import { formatCentavos } from "../lib/money";

/** A number cell (pesos like "-12.50", a count): written as it is, never escaped. */
export class Num {
  constructor(readonly value: string) {}
}

/** A money cell: pesos with two decimals, as the transactions export writes them. */
export const pesos = (centavos: string) => new Num(formatCentavos(BigInt(centavos)));

export type Cell = string | null | Num;

/**
 * A chart's data as an RFC 4180 file (CRLF, quoted where needed, BOM so Excel reads UTF-8).
 * Text cells a spreadsheet would run as a formula (starting with =, +, -, @, tab, CR or ')
 * get a leading quote, like the transactions export; numbers are written as numbers.
 */
export function toCsv(header: string[], records: Cell[][]): string {
  const safe = records.map((r) =>
    r.map((v) => (v === null ? "" : v instanceof Num ? v.value : escapeCell(v))),
  );
  return `\ufeff${Papa.unparse([header, ...safe], { newline: "\r\n", quotes: false })}\r\n`;
}
