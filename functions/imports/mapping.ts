import { createHash } from "node:crypto";
import { parsePesos } from "../lib/money";
import type { CsvTable } from "./csv-file";
import { parseDate } from "./dates";
import { FINTRACK_COLUMNS } from "./fintrack-format";
import { type ImportSource, type MappingField, mappingFields, type SuggestedMapping } from "./schemas";

const normalize = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Header names people and apps use for each field, best first (normalised: lowercase, letters and digits). */
const SYNONYMS: Record<MappingField, string[]> = {
  date: ["date", "transactiondate", "txndate", "posteddate", "postingdate", "datetime", "when", "day"],
  amount: ["amount", "amountphp", "php", "value", "total", "price", "cost", "amt", "sum"],
  type: ["type", "transactiontype", "kind", "direction", "inout"],
  category: ["category", "categories", "expensecategory", "group"],
  account: ["account", "fromaccount", "wallet", "paidwith", "paymentmethod", "source", "bank", "card"],
  toAccount: ["toaccount", "destinationaccount", "destination", "to"],
  merchant: ["merchant", "name", "payee", "description", "title", "item", "store", "vendor", "expense"],
  notes: ["notes", "note", "memo", "remarks", "comment", "comments", "details"],
  tags: ["tags", "tag", "labels", "label"],
  inflow: ["inflow", "moneyin", "credit", "deposit", "in"],
  outflow: ["outflow", "moneyout", "debit", "withdrawal", "out"],
  splits: ["splits"],
  originalAmountMinor: ["originalamountminor"],
  originalCurrency: ["originalcurrency"],
};

const emptyMapping = (): SuggestedMapping =>
  Object.fromEntries(mappingFields.map((f) => [f, null])) as SuggestedMapping;

/**
 * A first guess at what each column means: by header name (exact synonyms, then headers that
 * contain one, like "Date of purchase"), then by content for the date and amount columns.
 */
export function suggestMapping(table: CsvTable, source: ImportSource): SuggestedMapping {
  const mapping = emptyMapping();
  if (source === "fintrack") {
    for (const [field, header] of Object.entries(FINTRACK_COLUMNS) as [MappingField, string][]) {
      if (table.headers.includes(header)) mapping[field] = header;
    }
    if (mapping.date && mapping.amount) return mapping;
  }
  const used = new Set(Object.values(mapping).filter(Boolean));
  const take = (field: MappingField, header: string | undefined) => {
    if (!header || mapping[field]) return;
    mapping[field] = header;
    used.add(header);
  };
  const free = () => table.headers.filter((h) => !used.has(h));
  for (const field of mappingFields) {
    take(field, SYNONYMS[field].map((syn) => free().find((h) => normalize(h) === syn)).find(Boolean));
  }
  for (const field of ["date", "amount", "category", "account", "notes", "merchant"] as const) {
    take(
      field,
      SYNONYMS[field]
        .filter((syn) => syn.length >= 4)
        .map((syn) => free().find((h) => normalize(h).includes(syn)))
        .find(Boolean),
    );
  }
  const sample = table.rows.slice(0, 50);
  const mostly = (header: string, test: (v: string) => boolean) => {
    const i = table.headers.indexOf(header);
    const values = sample.map((r) => (r[i] ?? "").trim()).filter(Boolean);
    return values.length > 0 && values.filter(test).length >= values.length * 0.8;
  };
  take(
    "date",
    free().find((h) => mostly(h, (v) => parseDate(v, "MDY") !== null)),
  );
  if (!mapping.inflow && !mapping.outflow) {
    take(
      "amount",
      free().find((h) => mostly(h, (v) => parseDate(v, "MDY") === null && parsePesos(v) !== null)),
    );
  }
  // one amount column is enough; inflow/outflow only matter when there is none
  if (mapping.amount) {
    mapping.inflow = null;
    mapping.outflow = null;
  }
  return mapping;
}

/** Identifies "a file with these columns" so the mapping chosen for it can be offered again. */
export const headerSignature = (headers: string[]) =>
  createHash("sha256").update(JSON.stringify(headers)).digest("hex");

/**
 * Refuses a file in which no row has something that reads as a date and, in another column,
 * something that reads as an amount: whatever it is, it is not a list of transactions.
 */
export function hasTransactionLikeRow(table: CsvTable): boolean {
  const dates = new Map<string, boolean>();
  const isDate = (v: string) => {
    let hit = dates.get(v);
    if (hit === undefined) {
      hit = parseDate(v, "MDY") !== null || parseDate(v, "DMY") !== null;
      dates.set(v, hit);
    }
    return hit;
  };
  for (const row of table.rows) {
    const dateAt = row.findIndex((v) => /\d/.test(v) && isDate(v.trim()));
    if (dateAt < 0) continue;
    const amountAt = row.findIndex((v, i) => {
      if (i === dateAt || !/\d/.test(v)) return false;
      const c = parsePesos(v);
      return c !== null && c !== 0n;
    });
    if (amountAt >= 0) return true;
  }
  return false;
}
