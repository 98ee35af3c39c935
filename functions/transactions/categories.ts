import { type Database, type Queryable, schema } from "@fintrack/db";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { SignedInUser } from "../lib/auth";
import { HttpProblem } from "../lib/problem";
import { inTransaction, pgCode } from "./retry";

const { categories } = schema;
type CategoryRow = typeof categories.$inferSelect;
type Kind = CategoryRow["kind"];

/** The Philippine household's everyday categories, seeded once per household. */
export const DEFAULT_CATEGORIES: { name: string; kind: Kind; icon: string; color: string }[] = [
  { name: "Food & Dining", kind: "expense", icon: "utensils", color: "#f97316" },
  { name: "Groceries", kind: "expense", icon: "shopping-basket", color: "#84cc16" },
  { name: "Transportation", kind: "expense", icon: "bus", color: "#0ea5e9" },
  { name: "Utilities", kind: "expense", icon: "plug", color: "#eab308" },
  { name: "Rent", kind: "expense", icon: "home", color: "#8b5cf6" },
  { name: "Shopping", kind: "expense", icon: "shopping-bag", color: "#ec4899" },
  { name: "Health", kind: "expense", icon: "heart-pulse", color: "#ef4444" },
  { name: "Education", kind: "expense", icon: "graduation-cap", color: "#6366f1" },
  { name: "Entertainment", kind: "expense", icon: "clapperboard", color: "#d946ef" },
  { name: "Travel", kind: "expense", icon: "plane", color: "#14b8a6" },
  { name: "Fees", kind: "expense", icon: "receipt", color: "#64748b" },
  { name: "Gifts", kind: "expense", icon: "gift", color: "#f43f5e" },
  { name: "Personal Care", kind: "expense", icon: "sparkles", color: "#a855f7" },
  { name: "Subscriptions", kind: "expense", icon: "repeat", color: "#3b82f6" },
  { name: "Insurance", kind: "expense", icon: "shield", color: "#0d9488" },
  { name: "Others", kind: "expense", icon: "circle-ellipsis", color: "#94a3b8" },
  { name: "Salary", kind: "income", icon: "briefcase", color: "#16a34a" },
  { name: "Freelance", kind: "income", icon: "laptop", color: "#22c55e" },
  { name: "Business", kind: "income", icon: "store", color: "#15803d" },
  { name: "Interest", kind: "income", icon: "percent", color: "#059669" },
  { name: "Gifts Received", kind: "income", icon: "gift", color: "#10b981" },
  { name: "Refunds", kind: "income", icon: "rotate-ccw", color: "#34d399" },
  { name: "Others", kind: "income", icon: "circle-ellipsis", color: "#94a3b8" },
];

/**
 * Seeds the default categories of a household that has none. Idempotent and safe under races
 * (the household-created event and a first page load may arrive together): the unique name
 * index absorbs the loser's inserts. A household that already edited its categories is left
 * alone, so a renamed default does not come back.
 */
export async function ensureDefaultCategories(db: Queryable, householdId: string): Promise<void> {
  const [any] = await db
    .select({ id: categories.id })
    .from(categories)
    .where(eq(categories.householdId, householdId))
    .limit(1);
  if (any) return;
  await db
    .insert(categories)
    .values(DEFAULT_CATEGORIES.map((c, i) => ({ ...c, householdId, sortOrder: i, isDefault: true })))
    .onConflictDoNothing();
}

/** The Fees category for transfer fees; recreated if the household renamed or merged it away. */
export async function feesCategoryId(db: Queryable, householdId: string): Promise<string> {
  await ensureDefaultCategories(db, householdId);
  const find = () =>
    db
      .select({ id: categories.id })
      .from(categories)
      .where(
        and(
          eq(categories.householdId, householdId),
          eq(categories.kind, "expense"),
          sql`lower(${categories.name}) = 'fees'`,
        ),
      );
  const [found] = await find();
  if (found) return found.id;
  await db
    .insert(categories)
    .values({ householdId, name: "Fees", kind: "expense", icon: "receipt", isDefault: true, sortOrder: 100 })
    .onConflictDoNothing();
  const [made] = await find();
  return made!.id;
}

const toDto = (c: CategoryRow) => ({
  id: c.id,
  name: c.name,
  kind: c.kind,
  icon: c.icon,
  color: c.color,
  isDefault: c.isDefault,
  archivedAt: c.archivedAt?.toISOString() ?? null,
});

export async function listCategories(db: Database, user: SignedInUser) {
  await ensureDefaultCategories(db, user.householdId);
  const list = await db
    .select()
    .from(categories)
    .where(eq(categories.householdId, user.householdId))
    .orderBy(asc(categories.kind), asc(categories.sortOrder), asc(categories.name));
  return { items: list.map(toDto) };
}

const notFound = () => new HttpProblem(404, "Category not found", "There is no such category.");

const duplicate = () =>
  new HttpProblem(409, "Category exists", "A category with this name and kind already exists.", {
    errors: [{ path: "name", message: "Already exists" }],
  });

const isUniqueViolation = (err: unknown) => pgCode(err) === "23505";

async function nameTaken(db: Queryable, householdId: string, kind: Kind, name: string, except?: string) {
  const [row] = await db
    .select({ id: categories.id })
    .from(categories)
    .where(
      and(
        eq(categories.householdId, householdId),
        eq(categories.kind, kind),
        sql`lower(${categories.name}) = lower(${name})`,
        except ? sql`${categories.id} <> ${except}` : undefined,
      ),
    );
  return row !== undefined;
}

export async function createCategory(
  db: Database,
  user: SignedInUser,
  input: { name: string; kind: Kind; icon?: string | null; color?: string | null },
) {
  await ensureDefaultCategories(db, user.householdId);
  if (await nameTaken(db, user.householdId, input.kind, input.name)) throw duplicate();
  try {
    const [order] = await db
      .select({ next: sql<number>`coalesce(max(${categories.sortOrder}) + 1, 0)::int` })
      .from(categories)
      .where(eq(categories.householdId, user.householdId));
    const [row] = await db
      .insert(categories)
      .values({
        householdId: user.householdId,
        name: input.name,
        kind: input.kind,
        icon: input.icon ?? null,
        color: input.color ?? null,
        sortOrder: order?.next ?? 0,
      })
      .returning();
    return toDto(row!);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
}

async function findCategory(db: Queryable, user: SignedInUser, id: string, lock = false) {
  const q = db
    .select()
    .from(categories)
    .where(and(eq(categories.id, id), eq(categories.householdId, user.householdId)));
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound();
  return row;
}

export async function updateCategory(
  db: Database,
  user: SignedInUser,
  id: string,
  input: { name?: string; icon?: string | null; color?: string | null; archived?: boolean },
) {
  const old = await findCategory(db, user, id);
  if (input.name && (await nameTaken(db, user.householdId, old.kind, input.name, id))) throw duplicate();
  try {
    const [row] = await db
      .update(categories)
      .set({
        name: input.name ?? old.name,
        icon: input.icon !== undefined ? input.icon : old.icon,
        color: input.color !== undefined ? input.color : old.color,
        archivedAt:
          input.archived === undefined
            ? old.archivedAt
            : input.archived
              ? (old.archivedAt ?? new Date())
              : null,
      })
      .where(eq(categories.id, id))
      .returning();
    return toDto(row!);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
}

/**
 * Moves every transaction and split of one category into another of the same kind, moves its
 * rollups with them (so summaries stay right without a rescan), and removes it. Deleted
 * transactions move too, so an undo later lands in the surviving category.
 */
export async function mergeCategory(db: Database, user: SignedInUser, id: string, intoId: string) {
  if (id === intoId) {
    throw new HttpProblem(400, "Invalid request", "A category cannot be merged into itself.", {
      errors: [{ path: "intoId", message: "Choose another category" }],
    });
  }
  await inTransaction(db, async (tx) => {
    // lock both in a stable order: two merges in opposite directions must not deadlock
    const [first, second] = [id, intoId].sort();
    const locked = await tx
      .select()
      .from(categories)
      .where(and(inArray(categories.id, [first!, second!]), eq(categories.householdId, user.householdId)))
      .orderBy(asc(categories.id))
      .for("update");
    const from = locked.find((c) => c.id === id);
    const into = locked.find((c) => c.id === intoId);
    if (!from) throw notFound();
    if (!into) {
      throw new HttpProblem(400, "Invalid request", "The target category does not exist.", {
        errors: [{ path: "intoId", message: "No such category" }],
      });
    }
    if (from.kind !== into.kind) {
      throw new HttpProblem(400, "Invalid request", "Merge categories of the same kind.", {
        errors: [{ path: "intoId", message: `Choose an ${from.kind} category` }],
      });
    }
    await tx.execute(sql`UPDATE transactions SET category_id = ${intoId}::uuid, updated_at = now()
      WHERE category_id = ${id}::uuid AND household_id = ${user.householdId}::uuid`);
    await tx.execute(
      sql`UPDATE transaction_splits SET category_id = ${intoId}::uuid WHERE category_id = ${id}::uuid`,
    );
    await tx.execute(sql`
      INSERT INTO ledger_rollups (account_id, month, category_id, flow, total_centavos, count)
      SELECT account_id, month, ${intoId}::uuid, flow, total_centavos, count FROM ledger_rollups
      WHERE category_id = ${id}::uuid
      ORDER BY account_id, month, flow
      ON CONFLICT (account_id, month, category_id, flow) DO UPDATE
      SET total_centavos = ledger_rollups.total_centavos + excluded.total_centavos,
          count = ledger_rollups.count + excluded.count`);
    await tx.execute(sql`DELETE FROM ledger_rollups WHERE category_id = ${id}::uuid`);
    // income per merchant keeps its category (refunds): it follows the merge too
    await tx.execute(sql`
      INSERT INTO merchant_rollups (account_id, month, merchant_key, flow, category_id, merchant, total_centavos, count)
      SELECT account_id, month, merchant_key, flow, ${intoId}::uuid, merchant, total_centavos, count FROM merchant_rollups
      WHERE category_id = ${id}::uuid
      ORDER BY account_id, month, merchant_key, flow
      ON CONFLICT (account_id, month, merchant_key, flow, category_id) DO UPDATE
      SET total_centavos = merchant_rollups.total_centavos + excluded.total_centavos,
          count = merchant_rollups.count + excluded.count`);
    await tx.execute(sql`DELETE FROM merchant_rollups WHERE category_id = ${id}::uuid`);
    await tx.delete(categories).where(eq(categories.id, id));
  });
}

/**
 * Checks categories a transaction refers to: they belong to the household and have the
 * transaction's kind. Locks them (key share) so a concurrent merge cannot remove one under us.
 */
export async function checkCategories(
  tx: Queryable,
  householdId: string,
  refs: { id: string; path: string }[],
  kind: Kind,
): Promise<Map<string, CategoryRow>> {
  const ids = [...new Set(refs.map((r) => r.id))];
  if (ids.length === 0) return new Map();
  const found = await tx
    .select()
    .from(categories)
    .where(and(inArray(categories.id, ids), eq(categories.householdId, householdId)))
    .for("key share");
  const byId = new Map(found.map((c) => [c.id, c]));
  const errors = refs.flatMap((r) => {
    const c = byId.get(r.id);
    if (!c) return [{ path: r.path, message: "No such category" }];
    if (c.kind !== kind) return [{ path: r.path, message: `Choose an ${kind} category` }];
    return [];
  });
  if (errors.length)
    throw new HttpProblem(400, "Invalid request", "Some categories are invalid.", { errors });
  return byId;
}
