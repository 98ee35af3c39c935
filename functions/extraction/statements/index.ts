import type { TextItem, TextLayer } from "../pdf/text-layer";
import { ExtractionFailure, type ExtractionResult } from "../result";
import { type IssuerProfile, parseWithProfile } from "./engine";
import { generic } from "./generic";
import { bdo } from "./issuers/bdo";
import { bpi } from "./issuers/bpi";
import { eastwest } from "./issuers/eastwest";
import { metrobank } from "./issuers/metrobank";
import { rcbc } from "./issuers/rcbc";
import { securitybank } from "./issuers/securitybank";
import { unionbank } from "./issuers/unionbank";
import { type Row, toRows } from "./layout";

/** The issuers with their own layout, tried in this order; anything else goes to `generic`. */
export const ISSUERS: readonly IssuerProfile[] = [
  bpi,
  bdo,
  metrobank,
  securitybank,
  unionbank,
  rcbc,
  eastwest,
];

/** Which issuer printed this statement, from its first page (the bank's name is in the header). */
export function detectIssuer(rows: Row[]): IssuerProfile {
  const firstPage = rows
    .filter((r) => r.page === 0)
    .slice(0, 40)
    .map((r) => r.text)
    .join("\n");
  return ISSUERS.find((p) => p.detect.test(firstPage)) ?? generic;
}

/**
 * Reads a credit card statement from a PDF's text layer: the summary (card, period, dates, totals)
 * and every line item. Throws ExtractionFailure when there is no text or it is not a card statement.
 * `issuer` forces a parser ("generic" for the generic one) instead of recognising the issuer.
 */
export function parseStatement(layer: TextLayer, opts: { issuer?: string } = {}): ExtractionResult {
  const rows = toRows(layer);
  if (rows.length === 0)
    throw new ExtractionFailure(
      "unreadable",
      "This PDF has no text to read (it may be a scanned image). Upload the statement PDF your bank emailed, or paste its text.",
    );
  return parseRows(rows, true, opts.issuer);
}

function parseRows(rows: Row[], positional: boolean, issuer?: string): ExtractionResult {
  const profile =
    issuer === undefined
      ? detectIssuer(rows)
      : issuer === generic.id
        ? generic
        : ISSUERS.find((p) => p.id === issuer);
  if (!profile) throw new ExtractionFailure("unsupported", `There is no statement parser for "${issuer}".`);
  const result = parseWithProfile(rows, profile, positional);
  if (result.kind !== "statement") return result;
  const s = result.statement;
  const hasSummary = s.totalDueCentavos !== null || s.minimumDueCentavos !== null;
  const hasDates = s.statementDate !== null || s.dueDate !== null;
  if (!hasSummary || (!hasDates && result.lines.length === 0))
    throw new ExtractionFailure(
      "not_a_statement",
      "This does not look like a credit card statement: no total amount due or payment due date was found. Upload the statement itself, or add the transactions by hand.",
    );
  return result;
}

/**
 * The raw text of a statement copied from a PDF viewer (one printed line per text line) goes
 * through the same parsers: each line becomes a row, runs of two or more spaces or a tab split
 * it into columns, and a form feed starts a new page.
 */
export function parseStatementText(text: string, opts: { issuer?: string } = {}): ExtractionResult {
  const layer = textToLayer(text);
  if (layer.pages.every((p) => p.items.length === 0))
    throw new ExtractionFailure("empty", "The pasted text is empty.");
  return parseRows(toRows(layer), false, opts.issuer);
}

const CHAR = 5;
const LINE = 12;

export function textToLayer(text: string): TextLayer {
  const pages = text.replace(/\r\n?/g, "\n").split("\f");
  return {
    pages: pages.map((pageText) => {
      const items: TextItem[] = [];
      pageText.split("\n").forEach((line, lineIndex) => {
        const expanded = line.replace(/\t/g, "    ");
        for (const m of expanded.matchAll(/\S+(?: \S+)*/g)) {
          items.push({
            str: m[0],
            x: m.index * CHAR,
            y: (lineIndex + 1) * LINE,
            width: m[0].length * CHAR,
            height: 10,
          });
        }
      });
      return { width: 612, height: (pageText.split("\n").length + 2) * LINE, items };
    }),
  };
}

export { generic } from "./generic";
