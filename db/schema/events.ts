import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Events written in the same transaction as the change that caused them (transactional outbox). */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    type: text("type").notNull(),
    source: text("source").notNull(),
    subject: text("subject"),
    data: jsonb("data").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    // a publisher's lease on the row: other replicas skip it until then; a crashed one's lapses
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
  },
  (t) => [index("outbox_pending_idx").on(t.nextAttemptAt).where(sql`published_at IS NULL`)],
);

/** One row per (event, consumer): a redelivered event is acknowledged without running twice. */
export const processedEvents = pgTable(
  "processed_events",
  {
    eventId: text("event_id").notNull(),
    consumer: text("consumer").notNull(),
    processedAt: timestamp("processed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.consumer] })],
);

export const deadLetters = pgTable(
  "dead_letters",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    source: text("source").notNull(),
    householdId: uuid("household_id"),
    data: jsonb("data"),
    destination: text("destination"),
    errorCode: text("error_code"),
    errorData: text("error_data"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("dead_letters_household_idx").on(t.householdId, t.receivedAt)],
);
