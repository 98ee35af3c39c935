import { type Queryable, schema } from "@fintrack/db";
import { enqueue, sourceOf } from "@fintrack/events";
import { addMonths, firstOf, monthOf, todayInManila } from "./months";
import { figuresFor, historyStart, limitIn, loadBudgets, reached, scopeOf, spendingFor } from "./spending";

/**
 * The months budget-check alerts for: the current one (Asia/Manila) and the one before, so a
 * late entry for last month still alerts, while importing years of history does not send an
 * alert for every month of it (older months show in progress, without alerts).
 */
export function alertWindow(today: string): string[] {
  const current = monthOf(today);
  return [addMonths(current, -1), current];
}

/** Whether a change dated in these months can move anything inside the alert window. */
export function touchesWindow(dates: (string | null | undefined)[], today: string): boolean {
  const current = monthOf(today);
  // an earlier month moves the window's figures through rollover, so only future dates are out
  return dates.some((d) => d && monthOf(d) <= current);
}

/** What one ledger change can move: spending in these categories, recorded by these members. */
export interface Affected {
  categories: Set<string>;
  members: Set<string>;
}

/**
 * Whether a change can move a budget: the overall ones see every category (refunds included),
 * a category budget only its category; a personal budget only its member's entries.
 */
export function isAffected(b: { categoryId: string | null; memberId: string | null }, a: Affected): boolean {
  return (
    (b.memberId === null || a.members.has(b.memberId)) &&
    (b.categoryId === null || a.categories.has(b.categoryId))
  );
}

/**
 * Recounts every budget of the household for the alert window from the database — never from
 * event payloads, so a duplicate or out-of-order delivery cannot count anything twice — and
 * alerts each threshold reached: a `budget_alerts` row per budget, month and threshold, inserted
 * ON CONFLICT DO NOTHING in the same transaction as its outbox event. A threshold alerts once per
 * month: spending that drops back under and crosses again does not alert again.
 * Returns how many alerts it raised.
 */
export async function checkHousehold(
  tx: Queryable,
  householdId: string,
  today = todayInManila(),
  affects?: Affected,
) {
  const window = alertWindow(today);
  const budgets = (await loadBudgets(tx, householdId)).filter(
    (b) => window.some((m) => limitIn(b, m) !== null) && (!affects || isAffected(b, affects)),
  );
  if (budgets.length === 0) return 0;
  const from = historyStart(budgets, window[0]!);
  const spending = await spendingFor(tx, householdId, budgets, from, window[1]!);
  let raised = 0;
  for (const budget of budgets) {
    for (const month of window) {
      const f = figuresFor(budget, month, spending.get(scopeOf(budget)) ?? new Map());
      if (!f) continue;
      for (const threshold of budget.thresholds) {
        if (!reached(f, threshold)) continue;
        const inserted = await tx
          .insert(schema.budgetAlerts)
          .values({
            budgetId: budget.id,
            month: firstOf(month),
            thresholdPercent: threshold,
            spentCentavos: f.spent,
            limitCentavos: f.available,
          })
          .onConflictDoNothing()
          .returning({ budgetId: schema.budgetAlerts.budgetId });
        if (inserted.length === 0) continue;
        await enqueue(tx, {
          type: "ph.fintrack.budget.threshold_crossed.v1",
          source: sourceOf("budgets"),
          subject: budget.id,
          data: {
            householdId,
            budgetId: budget.id,
            categoryId: budget.categoryId,
            memberId: budget.memberId,
            month,
            thresholdPercent: threshold,
            spentCentavos: f.spent.toString(),
            limitCentavos: f.available.toString(),
          },
        });
        raised++;
      }
    }
  }
  return raised;
}
