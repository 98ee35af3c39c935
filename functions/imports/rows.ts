import { createHash } from "node:crypto";
import { formatCentavos, MAX_CENTAVOS, parsePesos } from "../lib/money";
import { type CsvTable, rowNumber } from "./csv-file";
import { type DateOrder, parseDate } from "./dates";
import { exportedId } from "./dedupe";
import {
  ESCAPED_COLUMNS,
  FINTRACK_ID_COLUMN,
  PRIVATE_ACCOUNT,
  parseTags,
  unescapeCell,
} from "./fintrack-format";
import { nameKey, UNANSWERED } from "./names";
import type { ColumnMapping, MappingField } from "./schemas";
import { splitFromTo } from "./transfers";

export type TransactionType = "income" | "expense" | "transfer";

export interface DraftSplit {
  category: string;
  amountCentavos: bigint;
  note: string | null;
}

/** One row of the file read as a transaction; categories are still names (resolved when importing). */
export interface DraftTransaction {
  row: number;
  type: TransactionType;
  date: string;
  amountCentavos: bigint;
  accountId: string;
  toAccountId: string | null;
  category: string | null;
  splits: DraftSplit[];
  merchant: string | null;
  notes: string | null;
  tags: string[];
  originalAmountMinor: bigint | null;
  originalCurrency: string | null;
  /** Same row, same file → same fingerprint: what makes re-importing a file import nothing. */
  fingerprint: string;
  /** A transfer row naming one account: which way its money went (paired in transfers.ts). */
  half?: "out" | "in";
  /** The transaction's id in a FinTrack export (dedupe.ts), null for other sources. */
  sourceId?: string | null;
}

export interface RowError {
  row: number;
  message: string;
}

export interface DraftOptions {
  mapping: ColumnMapping;
  dateOrder: DateOrder;
  defaults: { accountId: string; type: "expense" | "income" };
  /** Accounts the importer may record into, in display order (the first of equal names wins). */
  accounts: { id: string; name: string }[];
  /**
   * The member's answer for account names in the file (value-mapping.ts); names it does not
   * answer fall back to a case/space-insensitive match with `accounts`.
   */
  resolveAccount?: (name: string) => string | null;
  /** A FinTrack export: its text cells were escaped against formula injection (escapeCell). */
  fintrackEscaped?: boolean;
}

export interface Drafted {
  drafts: DraftTransaction[];
  errors: RowError[];
  unknownAccounts: string[];
}

const TYPE_WORDS: Record<string, TransactionType> = {
  expense: "expense",
  expenses: "expense",
  spend: "expense",
  spending: "expense",
  debit: "expense",
  out: "expense",
  outflow: "expense",
  withdrawal: "expense",
  income: "income",
  credit: "income",
  in: "income",
  inflow: "income",
  deposit: "income",
  transfer: "transfer",
  transfers: "transfer",
};

const MAX_TEXT = 2000;

/** Notion exports a relation as "Groceries (https://www.notion.so/Groceries-1a2b…)": keep the name. */
export const withoutNotionLinks = (text: string) =>
  text.replace(/\s*\(https?:\/\/(?:www\.)?notion\.(?:so|site)\/[^)]*\)/g, "").trim();

// an export by the other member masks their private account; it cannot be guessed back
const isPrivateSide = (name: string) => name.toLowerCase() === PRIVATE_ACCOUNT.toLowerCase();
const PRIVATE_SIDE = "One side is the other member's private account (exported as Private account)";

const collapse = (text: string | null) => (text ?? "").replace(/\s+/g, " ").trim().toLowerCase();

class RowProblem extends Error {}

/**
 * Reads every data row with the chosen mapping. A row that cannot be read becomes an error
 * with its row number and is left out; everything else becomes a draft.
 */
export function draftTransactions(table: CsvTable, opts: DraftOptions): Drafted {
  const column = Object.fromEntries(
    Object.entries(opts.mapping).map(([field, header]) => [
      field,
      header ? table.headers.indexOf(header) : -1,
    ]),
  ) as Record<MappingField, number>;
  const read = (row: string[], field: MappingField) => {
    const i = column[field] ?? -1;
    const cell = i < 0 ? "" : (row[i] ?? "").trim();
    return opts.fintrackEscaped && ESCAPED_COLUMNS.has(field) ? unescapeCell(cell) : cell;
  };
  const idColumn = opts.fintrackEscaped ? table.headers.indexOf(FINTRACK_ID_COLUMN) : -1;
  const accountsByName = new Map<string, string>();
  for (const a of opts.accounts) {
    const key = nameKey(a.name);
    if (!accountsByName.has(key)) accountsByName.set(key, a.id);
  }
  const accountOf = (name: string) =>
    opts.resolveAccount?.(name) ?? accountsByName.get(nameKey(name)) ?? null;
  const dates = new Map<string, string | null>();
  const dateOf = (text: string) => {
    let d = dates.get(text);
    if (d === undefined) {
      d = parseDate(text, opts.dateOrder);
      dates.set(text, d);
    }
    return d;
  };
  const occurrences = new Map<string, number>();
  const unknownAccounts = new Set<string>();
  const drafts: DraftTransaction[] = [];
  const errors: RowError[] = [];

  table.rows.forEach((row, index) => {
    const rowNo = rowNumber(index);
    try {
      const dateText = read(row, "date");
      if (!dateText) throw new RowProblem("Date is blank");
      const date = dateOf(dateText);
      if (!date) throw new RowProblem(`Date "${clip(dateText)}" is not a date`);

      const read1 = amountAndType((field) => read(row, field), opts.defaults.type);
      const { amountCentavos } = read1;
      let { type } = read1;

      let accountId = opts.defaults.accountId;
      let accountText = withoutNotionLinks(read(row, "account"));
      let toText = withoutNotionLinks(read(row, "toAccount"));
      const fromTo = splitFromTo(accountText);
      if (fromTo && !toText) {
        // "BPI → GCash" names both sides: that is a transfer whatever the type column says
        accountText = fromTo.from;
        toText = fromTo.to;
        type = "transfer";
      }
      if (accountText) {
        const found = accountOf(accountText);
        if (isPrivateSide(accountText) && (!found || found === UNANSWERED))
          throw new RowProblem(PRIVATE_SIDE);
        if (found) accountId = found;
        else unknownAccounts.add(accountText);
      }

      let toAccountId: string | null = null;
      let half: "out" | "in" | undefined;
      if (type === "transfer") {
        if (!toText) {
          // one half of a transfer written as two rows, or one for the default destination
          half = read1.negative ? "out" : "in";
        } else {
          toAccountId = accountOf(toText);
          if (isPrivateSide(toText) && (!toAccountId || toAccountId === UNANSWERED))
            throw new RowProblem(PRIVATE_SIDE);
          if (!toAccountId) throw new RowProblem(`Unknown account "${clip(toText)}" to transfer to`);
          if (toAccountId === accountId) throw new RowProblem("A transfer needs two different accounts");
        }
      }

      const categoryText = type === "transfer" ? "" : withoutNotionLinks(read(row, "category"));
      const splits = type === "transfer" ? [] : readSplits(read(row, "splits"), amountCentavos);
      const merchant = text(read(row, "merchant"), "Merchant");
      const notes = text(read(row, "notes"), "Notes");
      const tags = parseTags(read(row, "tags"));
      const original = readOriginal(read(row, "originalAmountMinor"), read(row, "originalCurrency"));

      const key = [
        date,
        type,
        amountCentavos,
        accountId,
        toAccountId ?? "",
        collapse(merchant),
        collapse(notes),
      ].join("\u001f");
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
      drafts.push({
        row: rowNo,
        type,
        date,
        amountCentavos,
        accountId,
        toAccountId,
        category: categoryText || null,
        splits,
        merchant,
        notes,
        tags,
        originalAmountMinor: original?.amountMinor ?? null,
        originalCurrency: original?.currency ?? null,
        fingerprint: createHash("sha256").update(`${key}\u001f${occurrence}`).digest("base64url"),
        ...(half ? { half } : {}),
        sourceId: idColumn < 0 ? null : exportedId(row[idColumn]),
      });
    } catch (err) {
      if (!(err instanceof RowProblem)) throw err;
      errors.push({ row: rowNo, message: err.message });
    }
  });
  return { drafts, errors, unknownAccounts: [...unknownAccounts] };
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

function text(raw: string, label: string): string | null {
  // a CRLF file's multi-line cell ends its lines with CRLF too; stored notes use \n (a lone \r is data)
  const value = raw.replace(/\r\n/g, "\n");
  if (!value) return null;
  if (value.length > MAX_TEXT) throw new RowProblem(`${label} is longer than ${MAX_TEXT} characters`);
  return value;
}

function money(textValue: string, label: string): bigint {
  const c = parsePesos(textValue);
  if (c === null) throw new RowProblem(`${label} "${clip(textValue)}" is not an amount in pesos`);
  const abs = c < 0n ? -c : c;
  if (abs > MAX_CENTAVOS) throw new RowProblem(`${label} is more than ₱1,000,000,000`);
  return c;
}

/**
 * The type and positive amount of a row. A type column wins ("Expense", "Income",
 * "Transfer"); without one a negative amount is money out (expense) and a positive amount is
 * the default type; with inflow/outflow columns, the column that holds the amount decides.
 */
function amountAndType(
  read: (field: MappingField) => string,
  defaultType: "expense" | "income",
): { type: TransactionType; amountCentavos: bigint; negative: boolean } {
  let signed: bigint | null = null;
  let type: TransactionType | null = null;
  const amountText = read("amount");
  if (amountText) signed = money(amountText, "Amount");
  else {
    const inflow = read("inflow");
    const outflow = read("outflow");
    const inflowC = inflow ? money(inflow, "Inflow") : 0n;
    const outflowC = outflow ? money(outflow, "Outflow") : 0n;
    if (inflowC !== 0n && outflowC !== 0n) throw new RowProblem("Both inflow and outflow hold an amount");
    if (inflowC !== 0n) {
      signed = inflowC < 0n ? -inflowC : inflowC;
      type = "income";
    } else if (outflowC !== 0n) {
      signed = outflowC < 0n ? outflowC : -outflowC;
      type = "expense";
    } else if (inflow || outflow) signed = 0n;
  }
  if (signed === null) throw new RowProblem("Amount is blank");
  if (signed === 0n) throw new RowProblem("Amount is zero");

  const typeText = read("type");
  if (typeText) {
    const named = TYPE_WORDS[typeText.toLowerCase().replace(/[^a-z]/g, "")];
    if (!named) throw new RowProblem(`Type "${clip(typeText)}" is not Expense, Income or Transfer`);
    type = named;
  }
  type ??= signed < 0n ? "expense" : defaultType;
  return { type, amountCentavos: signed < 0n ? -signed : signed, negative: signed < 0n };
}

/** Splits as the FinTrack export writes them; their amounts must add up to the transaction's. */
function readSplits(textValue: string, total: bigint): DraftSplit[] {
  if (!textValue) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(textValue);
  } catch {
    throw new RowProblem("Splits are not valid JSON");
  }
  if (!Array.isArray(parsed)) throw new RowProblem("Splits must be a list");
  const splits = parsed.map((s): DraftSplit => {
    const category = typeof s?.category === "string" ? s.category.trim() : "";
    if (!category) throw new RowProblem("Every split needs a category");
    const amount = typeof s.amount === "string" || typeof s.amount === "number" ? parsePesos(s.amount) : null;
    if (amount === null || amount <= 0n) throw new RowProblem("Every split needs a positive amount");
    const note = typeof s.note === "string" && s.note.trim() ? s.note.trim() : null;
    return { category, amountCentavos: amount, note };
  });
  const sum = splits.reduce((acc, s) => acc + s.amountCentavos, 0n);
  if (splits.length > 0 && sum !== total) {
    throw new RowProblem(`Splits add up to ${formatCentavos(sum)}, not ${formatCentavos(total)}`);
  }
  return splits;
}

function readOriginal(amountText: string, currencyText: string) {
  if (!amountText && !currencyText) return null;
  const currency = currencyText.toUpperCase();
  if (!/^-?\d{1,15}$/.test(amountText) || !/^[A-Z]{3}$/.test(currency) || currency === "PHP") {
    throw new RowProblem("The original amount needs whole minor units and a currency code other than PHP");
  }
  return { amountMinor: BigInt(amountText), currency };
}
