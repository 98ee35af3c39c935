import type { EventHandlers } from "@fintrack/events";
import { ensureDefaultCategories } from "./categories";

export const transactionHandlers: EventHandlers = {
  // the owner's arrival creates the household: give it the default Philippine categories
  "ph.fintrack.household.member_joined.v1": async (event, tx) => {
    if (event.data.role !== "owner") return;
    await ensureDefaultCategories(tx, event.data.householdId);
  },
};
