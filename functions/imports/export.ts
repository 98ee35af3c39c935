import { type Queryable, schema } from "@fintrack/db";
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import Papa from "papaparse";
import type { SignedInUser } from "../lib/auth";
import { formatCentavos } from "../lib/money";
import {
  ESCAPED_COLUMNS,
  type ExportedSplit,
  escapeCell,
  FINTRACK_COLUMNS,
  FINTRACK_ID_COLUMN,
  formatTags,
  PRIVATE_ACCOUNT,
  TYPE_LABELS,
} from "./fintrack-format";

const t = schema.transactions;
const from = alias(schema.accounts, "from_account");
const to = alias(schema.accounts, "to_account");
const category = schema.categories;

/**
 * Every live transaction the member can see, oldest first, in FinTrack's CSV format. A
 * transaction exists for a member when one of its accounts is shared or theirs; the side of
 * a transfer they cannot see is written as "Private account".
 */
export async function exportCsv(db: Queryable, user: SignedInUser): Promise<string> {
  const visible = (a: typeof from | typeof to) =>
    sql<boolean | null>`(${a.visibility} = 'shared' OR ${a.ownerId} = ${user.userId})`;
  const rows = await db
    .select({
      id: t.id,
      date: t.date,
      type: t.type,
      amountCentavos: t.amountCentavos,
      accountName: from.name,
      accountVisible: visible(from),
      toAccountName: to.name,
      toAccountVisible: visible(to),
      categoryName: category.name,
      merchant: t.merchant,
      notes: t.notes,
      tags: t.tags,
      originalAmountMinor: t.originalAmountMinor,
      originalCurrency: t.originalCurrency,
    })
    .from(t)
    .innerJoin(from, eq(from.id, t.accountId))
    .leftJoin(to, eq(to.id, t.toAccountId))
    .leftJoin(category, eq(category.id, t.categoryId))
    .where(and(eq(t.householdId, user.householdId), isNull(t.deletedAt), or(visible(from), visible(to))))
    .orderBy(asc(t.date), asc(t.createdAt), asc(t.id));

  const splitsOf = new Map<string, ExportedSplit[]>();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 5000) {
    const splits = await db
      .select({
        transactionId: schema.transactionSplits.transactionId,
        category: category.name,
        amountCentavos: schema.transactionSplits.amountCentavos,
        note: schema.transactionSplits.note,
      })
      .from(schema.transactionSplits)
      .innerJoin(category, eq(category.id, schema.transactionSplits.categoryId))
      .where(inArray(schema.transactionSplits.transactionId, ids.slice(i, i + 5000)))
      .orderBy(asc(schema.transactionSplits.id));
    for (const s of splits) {
      const list = splitsOf.get(s.transactionId) ?? [];
      list.push({ category: s.category, amount: formatCentavos(s.amountCentavos), note: s.note });
      splitsOf.set(s.transactionId, list);
    }
  }

  const header = [...Object.values(FINTRACK_COLUMNS), FINTRACK_ID_COLUMN];
  const records = rows.map((r) => {
    const splits = splitsOf.get(r.id);
    const byColumn: Record<keyof typeof FINTRACK_COLUMNS, string> = {
      date: r.date,
      type: TYPE_LABELS[r.type],
      amount: formatCentavos(r.amountCentavos),
      account: r.accountVisible ? r.accountName : PRIVATE_ACCOUNT,
      toAccount: r.toAccountName === null ? "" : r.toAccountVisible ? r.toAccountName : PRIVATE_ACCOUNT,
      category: r.categoryName ?? "",
      merchant: r.merchant ?? "",
      notes: r.notes ?? "",
      tags: formatTags(r.tags),
      splits: splits ? JSON.stringify(splits) : "",
      originalAmountMinor: r.originalAmountMinor?.toString() ?? "",
      originalCurrency: r.originalCurrency ?? "",
    };
    return [
      ...(Object.keys(FINTRACK_COLUMNS) as (keyof typeof FINTRACK_COLUMNS)[]).map((k) =>
        ESCAPED_COLUMNS.has(k) ? escapeCell(byColumn[k]) : byColumn[k],
      ),
      r.id,
    ];
  });
  // the BOM makes Excel read the file as UTF-8 (₱, ñ); the importer skips it
  // RFC 4180: one line ending (CRLF) and every field holding CR, LF, a quote or a comma quoted.
  // papaparse quotes a bare LF or CR too (csv-stringify left LF bare, so notes written on two
  // lines split one transaction into two records for Python's csv, pandas and spreadsheets).
  // the BOM makes Excel read the file as UTF-8 (₱, ñ); the importer skips it
  return `\ufeff${Papa.unparse([header, ...records], { newline: "\r\n", quotes: false })}\r\n`;
}
