import type { MappingField } from "./schemas";

/**
 * The columns of FinTrack's own CSV export. Importing the export with `source: fintrack`
 * maps every one of them, so a household's ledger survives the trip exactly.
 */
export const FINTRACK_COLUMNS = {
  date: "Date",
  type: "Type",
  amount: "Amount",
  account: "Account",
  toAccount: "To Account",
  category: "Category",
  merchant: "Merchant",
  notes: "Notes",
  tags: "Tags",
  splits: "Splits",
  originalAmountMinor: "Original Amount (minor units)",
  originalCurrency: "Original Currency",
} as const satisfies Partial<Record<MappingField, string>>;

/**
 * Each transaction's id, the export's last column: what lets a re-import of the export
 * recognise transactions already in the household (dedupe.ts). Not a mapping field: only a
 * FinTrack export has it, and it is read by header name.
 */
export const FINTRACK_ID_COLUMN = "ID";

/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell that begins with one of these
 * is read by Excel, LibreOffice or Google Sheets as a formula (tab and CR hide what follows),
 * so a merchant one member typed could run in the other's spreadsheet. Such cells are written
 * with a leading single quote, which spreadsheets show as text. A cell that already begins
 * with a quote gets one more, so the mapping is one-to-one and the importer undoes it exactly.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const escapeCell = (value: string) =>
  FORMULA_START.test(value) || value.startsWith("'") ? `'${value}` : value;

/** The inverse of escapeCell, for cells of a FinTrack export (source `fintrack`). */
export const unescapeCell = (cell: string) => (cell.startsWith("'") ? cell.slice(1) : cell);

/** The export's text columns, escaped on export and unescaped on import; never the numbers. */
export const ESCAPED_COLUMNS = new Set<MappingField>([
  "type",
  "account",
  "toAccount",
  "category",
  "merchant",
  "notes",
  "tags",
  "splits",
  "originalCurrency",
]);

/** What the other member sees in place of an account that is private to its owner. */
export const PRIVATE_ACCOUNT = "Private account";

export const TYPE_LABELS = { expense: "Expense", income: "Income", transfer: "Transfer" } as const;

/** One split as the export writes it: category by name (ids mean nothing in another household). */
export interface ExportedSplit {
  category: string;
  amount: string;
  note: string | null;
}

/**
 * Tags as a person would type them ("coffee, work"), or a JSON array when a tag itself holds
 * a comma or edge spaces and the plain form would not read back the same.
 */
export function formatTags(tags: string[]): string {
  if (tags.length === 0) return "";
  const plain = tags.every((t) => t !== "" && !t.includes(",") && t.trim() === t && !t.startsWith("["));
  return plain ? tags.join(", ") : JSON.stringify(tags);
}

export function parseTags(text: string): string[] {
  const value = text.trim();
  if (!value) return [];
  if (value.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed) && parsed.every((t) => typeof t === "string")) return [...new Set(parsed)];
    } catch {
      // not JSON after all: read it as a comma list
    }
  }
  return [
    ...new Set(
      value
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}
