import { schema } from "@fintrack/db";
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
    // an import runs in the background: tell the member who started it when it is done
    "ph.fintrack.import.completed.v1": async (event, tx) => {
      const { importedRows, skippedRows } = event.data;
      const count = (n: number, what: string) => `${n.toLocaleString("en-PH")} ${what}${n === 1 ? "" : "s"}`;
      await tx
        .insert(schema.notifications)
        .values({
          householdId: event.data.householdId,
          userId: event.data.createdBy,
          type: "import.completed",
          title: `Import finished: ${count(importedRows, "transaction")}`,
          body:
            skippedRows > 0
              ? `${count(skippedRows, "row")} skipped (already imported or unreadable).`
              : "Every row was imported.",
          link: "/transactions",
          sourceEventId: event.id,
        })
        .onConflictDoNothing();
      touched.add(event.data.createdBy);
    },
  };
}
