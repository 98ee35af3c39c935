import { CsvError, parse } from "csv-parse/sync";
import { HttpProblem } from "../lib/problem";

/** The uploaded file as a table: unique header names and the data rows under them. */
export interface CsvTable {
  headers: string[];
  /** Data rows; a row may be shorter than the header (missing trailing cells read as ""). */
  rows: string[][];
}

/** Row number a person sees in a spreadsheet: the header is row 1, the first data row 2. */
export const rowNumber = (index: number) => index + 2;

const notCsv = (detail: string) =>
  new HttpProblem(422, "Not a CSV of transactions", detail, {
    type: "https://fintrack.ph/problems/not-a-csv-of-transactions",
  });

/**
 * Text of an upload: UTF-8 (with or without a BOM), falling back to Windows-1252 for files
 * saved by older Excel. Binary files are refused here, before anything is stored.
 */
export function decodeUpload(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const head = text.slice(0, 64 * 1024);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: counting control characters is the point
  const control = head.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (control > head.length / 1000) {
    throw notCsv("This file is not text. Export your data as CSV (comma-separated values) and try again.");
  }
  // PostgreSQL text cannot hold NUL. Refused rather than stripped: in a text file it means
  // damage (or a half-converted UTF-16 file), and silently importing the rest of that cell
  // would record something the member never saw; the line number lets them find it.
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    const line = text.slice(0, nul).split("\n").length;
    throw notCsv(
      `This file contains a NUL character (byte 0) on line ${line.toLocaleString("en-PH")}, which no text file should. Remove it (or export the file again) and try again.`,
    );
  }
  return text;
}

/**
 * The upload's name as shown in the import history: only for display, so control characters
 * (a NUL cannot be stored at all) are dropped rather than the upload refused.
 */
export function cleanFilename(name: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
  const printable = name.replace(/[\u0000-\u001f\u007f]/g, "");
  const clean = printable.trim().slice(0, 255);
  return clean || null;
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  let best = ",";
  let bestCount = 0;
  for (const candidate of [",", ";", "\t"]) {
    const count = firstLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Parses CSV text (comma, semicolon or tab separated; CRLF or LF; quoted cells with commas
 * and newlines) and checks it has a header a person could map. Throws a 422 problem for
 * anything that is not a table.
 */
export function readCsv(text: string): CsvTable {
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as string[][];
  } catch (err) {
    if (err instanceof CsvError) throw notCsv(`This file could not be read as CSV: ${err.message}`);
    throw err;
  }
  const [header, ...rows] = records;
  const headers = uniqueHeaders(header ?? []);
  const named = headers.filter((h) => !/^Column \d+$/.test(h));
  const usable =
    named.length >= 2 &&
    headers.length <= 100 &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    headers.every((h) => h.length <= 100 && !/[\u0000-\u001f\ufffd]/.test(h));
  if (!usable) {
    throw notCsv(
      "The first row is not a header: it should name the columns (for example Date, Amount, Category).",
    );
  }
  if (rows.length === 0) throw notCsv("The file has a header but no rows.");
  return { headers, rows };
}

function uniqueHeaders(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, i) => {
    const base = cell.trim() || `Column ${i + 1}`;
    const n = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

/** The cell of `row` under `header`, trimmed; "" when the row is short or nothing is mapped. */
export function cell(table: CsvTable, row: string[], header: string | null | undefined): string {
  if (!header) return "";
  const i = table.headers.indexOf(header);
  return i < 0 ? "" : (row[i] ?? "").trim();
}
