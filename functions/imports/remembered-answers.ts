import { type Queryable, schema } from "@fintrack/db";
import { z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { headerSignature } from "./mapping";
import { nameKey, type ValueChoices } from "./value-mapping";
import type { DraftedWithChoices } from "./value-plan";

/**
 * What the household answered last time for a file with the same columns, so a monthly export
 * from the same app is a click, not a quiz. Only answers that the next file cannot work out by
 * itself are kept: a name mapped onto an account or category of another name, and categories
 * left out. A name that was created now exists under that name and matches on its own.
 */
const RememberedAnswers = z.object({
  /** nameKey(value) → account id */
  accounts: z.record(z.string(), z.string()),
  /** `${kind}|${nameKey(value)}` → category id, or null for "leave uncategorised" */
  categories: z.record(z.string(), z.string().nullable()),
  defaultToAccountId: z.string().nullable(),
});
export type RememberedAnswers = z.infer<typeof RememberedAnswers>;

export const categoryKey = (kind: "expense" | "income", value: string) => `${kind}|${nameKey(value)}`;

/** This commit's answers laid over the ones kept before (a file need not name every account). */
export function answersToRemember(
  drafted: Pick<DraftedWithChoices, "accounts" | "categories">,
  choices: ValueChoices,
  before: RememberedAnswers | null,
): RememberedAnswers {
  const accounts = { ...before?.accounts };
  for (const m of drafted.accounts.mapped) {
    if (nameKey(m.name) !== nameKey(m.value)) accounts[nameKey(m.value)] = m.accountId;
  }
  const categories = { ...before?.categories };
  for (const m of drafted.categories.mapped) {
    if (nameKey(m.name) !== nameKey(m.value)) categories[categoryKey(m.kind, m.value)] = m.categoryId;
  }
  for (const c of choices.categories) if (c.none) categories[categoryKey(c.kind, c.value)] = null;
  return {
    accounts,
    categories,
    defaultToAccountId: choices.transfers.defaultToAccountId ?? before?.defaultToAccountId ?? null,
  };
}

/** The answers kept for files with these columns, if any. */
export async function rememberedAnswers(
  db: Queryable,
  householdId: string,
  headers: string[],
): Promise<RememberedAnswers | null> {
  const [row] = await db
    .select({ mapping: schema.importMappings.mapping })
    .from(schema.importMappings)
    .where(
      and(
        eq(schema.importMappings.householdId, householdId),
        eq(schema.importMappings.headerSignature, headerSignature(headers)),
      ),
    );
  if (!row) return null;
  // kept by an older version, or without answers: nothing to offer
  const saved = RememberedAnswers.safeParse((JSON.parse(row.mapping) as { answers?: unknown }).answers);
  return saved.success ? saved.data : null;
}
