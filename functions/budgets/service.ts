import { type Database, type Queryable, schema } from "@fintrack/db";
import { and, eq, gt, sql } from "drizzle-orm";
import type { SignedInUser } from "../lib/auth";
import { HttpProblem } from "../lib/problem";
import { checkHousehold } from "./check";
import { firstOf, monthOf, todayInManila } from "./months";
import {
  alertsOf,
  type BudgetRow,
  figuresFor,
  historyStart,
  limitIn,
  loadBudgets,
  namesFor,
  paceOf,
  percentOf,
  scopeOf,
  spendingFor,
} from "./spending";

const b = schema.budgets;

export interface CreateInput {
  categoryId?: string | null;
  personal?: boolean;
  limit: bigint;
  fromMonth?: string;
  rollover?: boolean;
  thresholds?: number[];
}

export interface UpdateInput {
  limit?: bigint;
  fromMonth?: string;
  rollover?: boolean;
  thresholds?: number[];
}

const noSuchCategory = () =>
  new HttpProblem(400, "Invalid request", "Some fields are invalid", {
    errors: [{ path: "categoryId", message: "No such expense category" }],
  });

function toBudget(row: BudgetRow, names: Map<string, string>) {
  const current = limitIn(row, monthOf(todayInManila()));
  return {
    id: row.id,
    categoryId: row.categoryId,
    category: row.categoryId ? { id: row.categoryId, name: names.get(row.categoryId) ?? "" } : null,
    memberId: row.memberId,
    personal: row.memberId !== null,
    rollover: row.rollover,
    thresholds: row.thresholds,
    limitCentavos: current === null ? null : current.toString(),
    fromMonth: row.limits[0]?.fromMonth ?? monthOf(todayInManila()),
    limits: row.limits.map((l) => ({ fromMonth: l.fromMonth, limitCentavos: l.limitCentavos.toString() })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A budget the member may see: the household's, or their own personal one (404 otherwise). */
async function visibleBudget(db: Queryable, user: SignedInUser, id: string): Promise<BudgetRow> {
  const [row] = await loadBudgets(db, user.householdId, { viewer: user.userId, ids: [id] });
  if (!row) throw new HttpProblem(404, "Not found", "No such budget.");
  return row;
}

async function present(db: Queryable, rows: BudgetRow[]) {
  const names = await namesFor(db, rows);
  return rows.map((r) => toBudget(r, names));
}

export async function list(db: Database, user: SignedInUser) {
  const rows = await loadBudgets(db, user.householdId, { viewer: user.userId });
  return { items: await present(db, rows) };
}

export async function get(db: Database, user: SignedInUser, id: string) {
  const [one] = await present(db, [await visibleBudget(db, user, id)]);
  return one!;
}

export async function create(db: Database, user: SignedInUser, input: CreateInput) {
  const fromMonth = input.fromMonth ?? monthOf(todayInManila());
  const id = await db.transaction(async (tx) => {
    if (input.categoryId) {
      const [cat] = await tx
        .select({ kind: schema.categories.kind })
        .from(schema.categories)
        .where(
          and(
            eq(schema.categories.id, input.categoryId),
            eq(schema.categories.householdId, user.householdId),
          ),
        );
      if (cat?.kind !== "expense") throw noSuchCategory();
    }
    const [row] = await tx
      .insert(b)
      .values({
        householdId: user.householdId,
        categoryId: input.categoryId ?? null,
        memberId: input.personal ? user.userId : null,
        rollover: input.rollover ?? false,
        thresholds: input.thresholds ?? [80, 100],
        createdBy: user.userId,
      })
      .onConflictDoNothing()
      .returning({ id: b.id });
    if (!row) {
      throw new HttpProblem(
        409,
        "Budget exists",
        `There is already ${input.personal ? "a personal" : "a household"} budget for ${input.categoryId ? "this category" : "overall spending"}; change its limit instead.`,
      );
    }
    await tx
      .insert(schema.budgetLimits)
      .values({ budgetId: row.id, fromMonth: firstOf(fromMonth), limitCentavos: input.limit });
    // a budget set below what is already spent alerts at once (the caller publishes)
    await checkHousehold(tx, user.householdId);
    return row.id;
  });
  return get(db, user, id);
}

/**
 * A new limit applies from `fromMonth` (default: the current month) onward: earlier months keep
 * the limits they had, and a change scheduled for a later month is replaced by this one.
 */
export async function update(db: Database, user: SignedInUser, id: string, input: UpdateInput) {
  await db.transaction(async (tx) => {
    const budget = await visibleBudget(tx, user, id);
    if (input.limit !== undefined) {
      const from = firstOf(input.fromMonth ?? monthOf(todayInManila()));
      await tx
        .delete(schema.budgetLimits)
        .where(and(eq(schema.budgetLimits.budgetId, budget.id), gt(schema.budgetLimits.fromMonth, from)));
      await tx
        .insert(schema.budgetLimits)
        .values({ budgetId: budget.id, fromMonth: from, limitCentavos: input.limit })
        .onConflictDoUpdate({
          target: [schema.budgetLimits.budgetId, schema.budgetLimits.fromMonth],
          set: { limitCentavos: input.limit },
        });
    }
    await tx
      .update(b)
      .set({
        ...(input.rollover !== undefined ? { rollover: input.rollover } : {}),
        ...(input.thresholds !== undefined ? { thresholds: input.thresholds } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(b.id, budget.id));
    // a lower limit or threshold can be reached already (the caller publishes)
    await checkHousehold(tx, user.householdId);
  });
  return get(db, user, id);
}

export async function remove(db: Database, user: SignedInUser, id: string) {
  const budget = await visibleBudget(db, user, id);
  await db.delete(b).where(eq(b.id, budget.id));
}

/**
 * Every budget the member sees, as of `month`: the overall ones first, then categories by name.
 * Household budgets count the shared accounts (the same figures for both members); a personal
 * budget counts what its member recorded, in shared accounts and their own private ones.
 */
export async function progress(db: Database, user: SignedInUser, month: string, today = todayInManila()) {
  const budgets = (await loadBudgets(db, user.householdId, { viewer: user.userId })).filter(
    (x) => limitIn(x, month) !== null,
  );
  const spending = await spendingFor(db, user.householdId, budgets, historyStart(budgets, month), month);
  const names = await namesFor(db, budgets);
  const alerted = await alertsOf(
    db,
    budgets.map((x) => x.id),
    month,
  );
  const items = budgets.map((budget) => {
    const f = figuresFor(budget, month, spending.get(scopeOf(budget)) ?? new Map())!;
    const pace = paceOf(month, today, f);
    return {
      budgetId: budget.id,
      categoryId: budget.categoryId,
      category: budget.categoryId
        ? { id: budget.categoryId, name: names.get(budget.categoryId) ?? "" }
        : null,
      memberId: budget.memberId,
      personal: budget.memberId !== null,
      rollover: budget.rollover,
      thresholds: budget.thresholds,
      limitCentavos: f.limit.toString(),
      carriedCentavos: f.carried.toString(),
      availableCentavos: f.available.toString(),
      spentCentavos: f.spent.toString(),
      leftCentavos: (f.available - f.spent).toString(),
      percent: percentOf(f),
      over: f.spent > f.available,
      dailyAllowanceCentavos: pace.dailyAllowance === null ? null : pace.dailyAllowance.toString(),
      projectedCentavos: pace.projected === null ? null : pace.projected.toString(),
      alerted: alerted
        .filter((a) => a.budgetId === budget.id)
        .map((a) => a.threshold)
        .sort((p, q) => p - q),
    };
  });
  items.sort((p, q) => {
    if (!p.categoryId !== !q.categoryId) return p.categoryId ? 1 : -1;
    if (p.personal !== q.personal) return p.personal ? 1 : -1;
    return (p.category?.name ?? "").localeCompare(q.category?.name ?? "");
  });
  const pace = paceOf(month, today, { limit: 0n, carried: 0n, available: 0n, spent: 0n });
  return { month, today, daysInMonth: pace.daysInMonth, daysLeft: pace.daysLeft, items };
}
