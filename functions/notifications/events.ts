import type { EventHandlers } from "@fintrack/events";
import { notifyMembers } from "./service";

/** Collects who got a notification in the current delivery, to wake their SSE streams after commit. */
export function notificationHandlers(touched: Set<string>): EventHandlers {
  return {
    "ph.fintrack.household.member_joined.v1": async (event, tx) => {
      if (event.data.role !== "partner") return;
      const ids = await notifyMembers(
        tx,
        {
          householdId: event.data.householdId,
          type: "household.member_joined",
          title: `${event.data.name} joined your household`,
          body: `${event.data.name} accepted your invite and can now record expenses with you.`,
          link: "/settings",
          sourceEventId: event.id,
        },
        event.data.userId,
      );
      for (const id of ids) touched.add(id);
    },
  };
}
