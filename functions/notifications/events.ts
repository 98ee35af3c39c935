import { schema, type Tx } from "@fintrack/db";
import type { EventHandlers } from "@fintrack/events";
import { and, eq } from "drizzle-orm";
import { billPayLink, cardPayLink } from "../lib/app-links";
import type { FunctionDeps } from "../lib/function-app";
import { inDays, longDate, monthName, pesos } from "./kinds";
import { type DeliverOptions, deliver, householdMembers, memberOf, type NewNotification } from "./service";

const count = (n: number, what: string) => `${n.toLocaleString("en-PH")} ${what}${n === 1 ? "" : "s"}`;

/**
 * Turns events into notifications. `touched` collects who got one in the current delivery, to
 * wake this replica's streams at once after commit (the others hear the NOTIFY of the commit).
 * `onQueued` is told when a Discord post was queued.
 */
export function notificationHandlers(deps: FunctionDeps, touched: Set<string>): EventHandlers {
  const opts = (): DeliverOptions => ({
    envWebhook: Boolean(deps.config.DISCORD_WEBHOOK_URL),
    publicUrl: deps.config.PUBLIC_URL,
  });
  const send = async (tx: Tx, recipients: string[], n: NewNotification) => {
    for (const id of await deliver(tx, recipients, n, opts())) touched.add(id);
  };

  return {
    "ph.fintrack.household.member_joined.v1": async (event, tx) => {
      if (event.data.role !== "partner") return;
      const { householdId, userId, name } = event.data;
      await send(tx, await householdMembers(tx, householdId, userId), {
        householdId,
        type: "household.member_joined",
        title: `${name} joined your household`,
        body: `${name} accepted your invite and can now record expenses with you.`,
        link: "/settings",
        sourceEventId: event.id,
      });
    },
    // an import runs in the background: tell the member who started it when it is done
    "ph.fintrack.import.completed.v1": async (event, tx) => {
      const { importedRows, skippedRows, householdId, createdBy } = event.data;
      await send(tx, await memberOf(tx, householdId, createdBy), {
        householdId,
        type: "import.completed",
        title: `Import finished: ${count(importedRows, "transaction")}`,
        body:
          skippedRows > 0
            ? `${count(skippedRows, "row")} skipped (already imported or unreadable).`
            : "Every row was imported.",
        link: "/transactions",
        sourceEventId: event.id,
      });
    },
    "ph.fintrack.budget.threshold_crossed.v1": async (event, tx) => {
      const d = event.data;
      const recipients = d.memberId
        ? await memberOf(tx, d.householdId, d.memberId)
        : await householdMembers(tx, d.householdId);
      let what = "Overall budget";
      if (d.categoryId) {
        const [c] = await tx
          .select({ name: schema.categories.name })
          .from(schema.categories)
          .where(
            and(eq(schema.categories.id, d.categoryId), eq(schema.categories.householdId, d.householdId)),
          );
        if (c) what = `${c.name} budget`;
      }
      const spent = BigInt(d.spentCentavos);
      const limit = BigInt(d.limitCentavos);
      const over = spent > limit;
      await send(tx, recipients, {
        householdId: d.householdId,
        type: "budget.alert",
        title: over
          ? `${what} is over by ${pesos(spent - limit)}`
          : `${what} reached ${d.thresholdPercent}% for ${monthName(d.month)}`,
        body: `${pesos(spent)} spent of ${pesos(limit)} in ${monthName(d.month)}${
          over ? "." : `; ${pesos(limit - spent)} left.`
        }`,
        link: `/budgets?month=${d.month}`,
        sourceEventId: event.id,
        personal: d.memberId !== null,
        fields: [
          { name: "Spent", value: pesos(spent), inline: true },
          { name: "Budget", value: pesos(limit), inline: true },
          { name: "Threshold", value: `${d.thresholdPercent}%`, inline: true },
        ],
      });
    },
    "ph.fintrack.statement.due_soon.v1": async (event, tx) => {
      const d = event.data;
      const [card] = await tx
        .select({
          name: schema.accounts.name,
          ownerId: schema.accounts.ownerId,
          visibility: schema.accounts.visibility,
        })
        .from(schema.accounts)
        .where(and(eq(schema.accounts.id, d.accountId), eq(schema.accounts.householdId, d.householdId)));
      if (!card) return; // the card is gone: nothing to remind of
      // a private card exists only for its owner
      const recipients =
        card.visibility === "private"
          ? await memberOf(tx, d.householdId, card.ownerId)
          : await householdMembers(tx, d.householdId);
      const overdue = d.daysBefore < 0;
      const amount = d.totalDueCentavos ? ` ${pesos(d.totalDueCentavos)}` : "";
      const fields = [
        { name: "Due", value: longDate(d.dueDate), inline: true },
        ...(d.totalDueCentavos
          ? [{ name: "Total due", value: pesos(d.totalDueCentavos), inline: true }]
          : []),
        ...(d.minimumDueCentavos
          ? [{ name: "Minimum due", value: pesos(d.minimumDueCentavos), inline: true }]
          : []),
      ];
      await send(tx, recipients, {
        householdId: d.householdId,
        type: overdue ? "statement.overdue" : "statement.due",
        title: overdue
          ? `${card.name} statement is overdue`
          : `${card.name} statement${amount} due ${inDays(d.daysBefore)}`,
        body: overdue
          ? `It was due ${longDate(d.dueDate)} (${inDays(d.daysBefore)}) and is not paid yet.`
          : `Due ${longDate(d.dueDate)}.${
              d.minimumDueCentavos ? ` Minimum due ${pesos(d.minimumDueCentavos)}.` : ""
            }`,
        // the Cards page (its "mark paid" records the card payment from here)
        link: cardPayLink(d.accountId, d.dueDate),
        sourceEventId: event.id,
        personal: card.visibility === "private",
        fields,
      });
    },
    "ph.fintrack.bill.due_soon.v1": async (event, tx) => {
      const d = event.data;
      const overdue = d.daysBefore < 0;
      const amount = d.expectedAmountCentavos ? ` (${pesos(d.expectedAmountCentavos)})` : "";
      await send(tx, await householdMembers(tx, d.householdId), {
        householdId: d.householdId,
        type: "bill.due",
        title: overdue ? `${d.name}${amount} is overdue` : `${d.name}${amount} due ${inDays(d.daysBefore)}`,
        body: overdue
          ? `It was due ${longDate(d.dueDate)} and is not marked paid.`
          : `Due ${longDate(d.dueDate)}.`,
        // the Bills page (its "mark paid" records the payment from here)
        link: billPayLink(d.billId, d.dueDate),
        sourceEventId: event.id,
        fields: [
          { name: "Due", value: longDate(d.dueDate), inline: true },
          ...(d.expectedAmountCentavos
            ? [{ name: "Expected", value: pesos(d.expectedAmountCentavos), inline: true }]
            : []),
        ],
      });
    },
    "ph.fintrack.document.extracted.v1": async (event, tx) => {
      const d = event.data;
      const what = d.kind === "statement" ? "Statement" : "Receipt";
      await send(tx, await memberOf(tx, d.householdId, d.uploadedBy), {
        householdId: d.householdId,
        type: "document.extracted",
        title: `${what} read: ${count(d.draftCount, "draft")} to review`,
        body:
          d.draftCount > 0
            ? "Check the drafts and confirm the ones that are right."
            : "Nothing to record was found in it.",
        link: `/documents/${d.documentId}`,
        sourceEventId: event.id,
      });
    },
    "ph.fintrack.document.failed.v1": async (event, tx) => {
      const d = event.data;
      const what = d.kind === "statement" ? "statement" : "receipt";
      await send(tx, await memberOf(tx, d.householdId, d.uploadedBy), {
        householdId: d.householdId,
        type: "document.failed",
        title: `Could not read your ${what}`,
        body: d.reason,
        link: `/documents/${d.documentId}`,
        sourceEventId: event.id,
      });
    },
  };
}
