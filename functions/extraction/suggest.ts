import { type Queryable, schema } from "@fintrack/db";
import { and, desc, eq, gte, inArray, isNotNull, isNull, lte, ne, or, sql } from "drizzle-orm";
import { normaliseMerchant, similarMerchant } from "./merchant";
import type { DraftLine } from "./result";

const { transactions, categories, accounts, extractionDrafts } = schema;

/** How far back the category suggestion looks. */
const HISTORY_ROWS = 5000;

/**
 * For each normalised merchant, the household's most used expense category for it in past
 * transactions (ties: the most recent use wins).
 */
export async function merchantCategories(db: Queryable, householdId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ merchant: transactions.merchant, categoryId: transactions.categoryId, date: transactions.date })
    .from(transactions)
    .where(
      and(
        eq(transactions.householdId, householdId),
        isNull(transactions.deletedAt),
        eq(transactions.type, "expense"),
        isNotNull(transactions.merchant),
        isNotNull(transactions.categoryId),
      ),
    )
    .orderBy(desc(transactions.date))
    .limit(HISTORY_ROWS);
  const counts = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const key = normaliseMerchant(r.merchant);
    if (!key) continue;
    const perCategory = counts.get(key) ?? new Map<string, number>();
    perCategory.set(r.categoryId!, (perCategory.get(r.categoryId!) ?? 0) + 1);
    counts.set(key, perCategory);
  }
  const best = new Map<string, string>();
  for (const [key, perCategory] of counts) {
    // Map keeps first-seen order (newest first), so a strict > keeps the most recent on a tie
    let top: [string, number] | undefined;
    for (const entry of perCategory) if (!top || entry[1] > top[1]) top = entry;
    if (top) best.set(key, top[0]);
  }
  return best;
}

export interface CategoryRef {
  id: string;
  name: string;
  kind: "expense" | "income";
}

export async function liveCategories(db: Queryable, householdId: string): Promise<CategoryRef[]> {
  return db
    .select({ id: categories.id, name: categories.name, kind: categories.kind })
    .from(categories)
    .where(and(eq(categories.householdId, householdId), isNull(categories.archivedAt)));
}

/** The category a draft starts with: the merchant's usual one, else the extractor's hint, else none. */
export function suggestCategory(
  line: DraftLine,
  history: Map<string, string>,
  cats: CategoryRef[],
): string | null {
  const income = line.direction === "credit";
  if (income && line.kind === "payment") return null; // a card payment is a transfer: no category
  if (income) {
    // the ledger records a refund or reversal as income in Refunds (docs/smart-input.md)
    const refunds = cats.find((c) => c.kind === "income" && c.name.toLowerCase() === "refunds");
    return refunds?.id ?? null;
  }
  const name = line.merchant ?? line.description;
  let fromHistory = history.get(normaliseMerchant(name));
  if (!fromHistory) {
    for (const [merchant, category] of history) {
      if (similarMerchant(merchant, name)) {
        fromHistory = category;
        break;
      }
    }
  }
  if (fromHistory && cats.some((c) => c.id === fromHistory)) return fromHistory;
  if (line.kind === "fee" || line.kind === "interest") {
    const fees = cats.find((c) => c.kind === "expense" && c.name.toLowerCase() === "fees");
    if (fees) return fees.id;
  }
  const hint = line.categoryHint?.trim().toLowerCase();
  if (hint) return cats.find((c) => c.kind === "expense" && c.name.toLowerCase() === hint)?.id ?? null;
  return null;
}

/** The household's credit card with these last four digits that the uploader can see. */
export async function cardFor(
  db: Queryable,
  householdId: string,
  userId: string,
  last4: string | null,
): Promise<string | null> {
  if (!last4) return null;
  const [card] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(
      and(
        eq(accounts.householdId, householdId),
        eq(accounts.kind, "credit_card"),
        eq(accounts.cardLast4, last4),
        isNull(accounts.archivedAt),
        or(eq(accounts.visibility, "shared"), eq(accounts.ownerId, userId)),
      ),
    )
    .limit(1);
  return card?.id ?? null;
}

export interface DuplicateFlag {
  transactionId: string;
  reason: string;
}

const shiftDays = (iso: string, days: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const daysApart = (a: string, b: string) =>
  Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;

/**
 * Likely duplicates, per line index: a line already confirmed from an earlier upload of the
 * same statement (same date, amount and description), or a live transaction with the same
 * amount, a date within ±3 days and a similar merchant.
 */
export async function findDuplicates(
  db: Queryable,
  householdId: string,
  lines: DraftLine[],
  excludeBatchId?: string,
): Promise<Map<number, DuplicateFlag>> {
  const flags = new Map<number, DuplicateFlag>();
  if (lines.length === 0) return flags;
  const amounts = [...new Set(lines.map((l) => BigInt(l.amountCentavos)))];
  const dates = lines.map((l) => l.date).sort();
  const from = shiftDays(dates[0]!, -3);
  const to = shiftDays(dates.at(-1)!, 3);

  const confirmedBefore = await db
    .select({
      date: extractionDrafts.date,
      amount: extractionDrafts.amountCentavos,
      description: extractionDrafts.description,
      transactionId: extractionDrafts.confirmedTransactionId,
    })
    .from(extractionDrafts)
    .innerJoin(transactions, eq(transactions.id, extractionDrafts.confirmedTransactionId))
    .where(
      and(
        eq(extractionDrafts.householdId, householdId),
        isNull(transactions.deletedAt),
        inArray(extractionDrafts.amountCentavos, amounts),
        gte(extractionDrafts.date, from),
        lte(extractionDrafts.date, to),
        excludeBatchId ? ne(extractionDrafts.batchId, excludeBatchId) : sql`true`,
      ),
    );
  const existing = await db
    .select({
      id: transactions.id,
      date: transactions.date,
      amount: transactions.amountCentavos,
      merchant: transactions.merchant,
    })
    .from(transactions)
    .where(
      and(
        eq(transactions.householdId, householdId),
        isNull(transactions.deletedAt),
        inArray(transactions.amountCentavos, amounts),
        gte(transactions.date, from),
        lte(transactions.date, to),
      ),
    );
  const taken = new Set<string>();
  lines.forEach((line, i) => {
    const amount = BigInt(line.amountCentavos);
    const same = confirmedBefore.find(
      (c) =>
        c.transactionId &&
        !taken.has(c.transactionId) &&
        c.amount === amount &&
        c.date === line.date &&
        c.description.trim().toLowerCase() === line.description.trim().toLowerCase(),
    );
    if (same?.transactionId) {
      taken.add(same.transactionId);
      flags.set(i, {
        transactionId: same.transactionId,
        reason: "Already confirmed from an earlier upload of this statement",
      });
      return;
    }
    const match = existing.find(
      (t) =>
        !taken.has(t.id) &&
        t.amount === amount &&
        daysApart(t.date, line.date) <= 3 &&
        similarMerchant(t.merchant, line.merchant ?? line.description),
    );
    if (match) {
      taken.add(match.id);
      flags.set(i, {
        transactionId: match.id,
        reason: `Looks like a transaction already recorded on ${match.date} for the same amount`,
      });
    }
  });
  return flags;
}
