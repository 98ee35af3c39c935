import type { EventData, EventHandlers } from "@fintrack/events";
import { type Affected, checkHousehold, touchesWindow } from "./check";
import { todayInManila } from "./months";

type Snapshot = EventData<"ph.fintrack.transaction.created.v1">;

/** The categories and member a transaction's spending belongs to; null for a transfer (never spending). */
function affectedBy(...snapshots: Snapshot[]): Affected | null {
  const spending = snapshots.filter((t) => t.type !== "transfer");
  if (spending.length === 0) return null;
  const categories = new Set<string>();
  const members = new Set<string>();
  for (const t of spending) {
    if (t.categoryId) categories.add(t.categoryId);
    for (const s of t.splits) categories.add(s.categoryId);
    members.add(t.createdBy);
  }
  return { categories, members };
}

/**
 * budget-check: every ledger change that can move spending rechecks the budgets it can move.
 * The payloads only say which household, dates, categories and member; the figures are
 * recounted from the database inside the delivery's transaction.
 */
export function budgetCheckHandlers(clock: () => string = todayInManila): EventHandlers {
  const recheck = async (
    tx: Parameters<typeof checkHousehold>[0],
    householdId: string,
    dates: (string | null)[],
    affects?: Affected | null,
  ) => {
    const today = clock();
    if (affects === null || !touchesWindow(dates, today)) return;
    await checkHousehold(tx, householdId, today, affects);
  };
  return {
    "ph.fintrack.transaction.created.v1": (e, tx) =>
      recheck(tx, e.data.householdId, [e.data.date], affectedBy(e.data)),
    "ph.fintrack.transaction.updated.v1": (e, tx) =>
      recheck(
        tx,
        e.data.householdId,
        [e.data.date, e.data.previous.date],
        affectedBy(e.data, e.data.previous),
      ),
    "ph.fintrack.transaction.deleted.v1": (e, tx) =>
      recheck(tx, e.data.householdId, [e.data.date], affectedBy(e.data)),
    // the import's rows may be dated anywhere and in any category: recount the window
    "ph.fintrack.import.completed.v1": (e, tx) => recheck(tx, e.data.householdId, [clock()]),
    "ph.fintrack.import.undone.v1": (e, tx) =>
      recheck(tx, e.data.householdId, [e.data.fromDate, e.data.toDate]),
  };
}
