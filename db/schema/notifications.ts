import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { households, users } from "./auth";

export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    type: text("type").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link"),
    // the event that caused it: one notification per event and recipient, however often it is delivered
    sourceEventId: text("source_event_id"),
    // recorded during the member's quiet hours: counted, but the app shows no toast for it
    silent: boolean("silent").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    index("notifications_user_id_idx").on(t.userId, t.id),
    uniqueIndex("notifications_event_user_key").on(t.sourceEventId, t.userId),
  ],
);

/** Which channels a member wants for one kind of notification; no row = the kind's defaults. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    inApp: boolean("in_app").notNull(),
    discord: boolean("discord").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** A member's quiet hours (Asia/Manila, "HH:MM") and their own Discord webhook (encrypted). */
export const notificationSettings = pgTable("notification_settings", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  quietStart: text("quiet_start"),
  quietEnd: text("quiet_end"),
  // AES-256-GCM under a key derived from JWT_SECRET_KEY; never returned, only its hint
  discordWebhookSealed: text("discord_webhook_sealed"),
  discordWebhookHint: text("discord_webhook_hint"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The Discord queue: one post per source and webhook target ("env" or "user:<id>"), written in
 * the transaction that records the notification and delivered by the notifications function.
 */
export const discordDeliveries = pgTable(
  "discord_deliveries",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    sourceKey: text("source_key").notNull(),
    target: text("target").notNull(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").notNull(),
    // pending | sent | failed
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("discord_deliveries_source_target_key").on(t.sourceKey, t.target),
    index("discord_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("discord_deliveries_user_idx").on(t.userId, t.createdAt),
  ],
);
