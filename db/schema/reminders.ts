import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { households, users } from "./auth";
import { accounts, categories, transactions } from "./ledger";

export const billKind = pgEnum("bill_kind", [
  "rent",
  "electricity",
  "water",
  "internet",
  "subscription",
  "loan",
  "insurance",
  "other",
]);
export const billSchedule = pgEnum("bill_schedule", ["monthly", "every_n_months", "yearly"]);
export const reminderItemKind = pgEnum("reminder_item_kind", ["bill", "card"]);

/**
 * A recurring bill (rent, Meralco, Maynilad, internet, subscriptions, loan and insurance
 * payments). It falls due on `due_day` (clamped to the month's last day) of every
 * `interval_months`-th month counted from `anchor_month`, on or after `start_date`.
 */
export const bills = pgTable(
  "bills",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    name: text("name").notNull(),
    kind: billKind("kind").notNull(),
    schedule: billSchedule("schedule").notNull(),
    dueDay: smallint("due_day").notNull(),
    intervalMonths: smallint("interval_months").notNull().default(1),
    /** First day of a month the bill falls due in; with `interval_months` it fixes the others. */
    anchorMonth: date("anchor_month").notNull(),
    startDate: date("start_date").notNull(),
    expectedAmountCentavos: bigint("expected_amount_centavos", { mode: "bigint" }),
    accountId: uuid("account_id").references(() => accounts.id),
    categoryId: uuid("category_id").references(() => categories.id),
    active: boolean("active").notNull().default(true),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("bills_household_idx").on(t.householdId),
    check("bills_due_day", sql`${t.dueDay} BETWEEN 1 AND 31`),
    check("bills_interval", sql`${t.intervalMonths} BETWEEN 1 AND 24`),
    check(
      "bills_expected_positive",
      sql`${t.expectedAmountCentavos} IS NULL OR ${t.expectedAmountCentavos} > 0`,
    ),
  ],
);

/** One occurrence of a bill marked paid, with the expense that paid it. */
export const billPayments = pgTable(
  "bill_payments",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    billId: uuid("bill_id")
      .notNull()
      .references(() => bills.id, { onDelete: "cascade" }),
    dueDate: date("due_date").notNull(),
    transactionId: uuid("transaction_id").references(() => transactions.id),
    paidBy: uuid("paid_by")
      .notNull()
      .references(() => users.id),
    paidAt: timestamp("paid_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("bill_payments_occurrence_key").on(t.billId, t.dueDate)],
);

/**
 * Every reminder published, keyed by item, due date and offset (days before; negative once
 * overdue): a repeated, late or caught-up tick never sends the same one twice.
 */
export const remindersSent = pgTable(
  "reminders_sent",
  {
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    itemKind: reminderItemKind("item_kind").notNull(),
    itemId: uuid("item_id").notNull(),
    dueDate: date("due_date").notNull(),
    offsetDays: smallint("offset_days").notNull(),
    /** The tick (Manila date) that sent it. */
    tickDate: date("tick_date").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.itemKind, t.itemId, t.dueDate, t.offsetDays] })],
);

/** Per household: when to remind, and the last tick processed (for catching up missed ones). */
export const reminderSettings = pgTable("reminder_settings", {
  householdId: uuid("household_id")
    .primaryKey()
    .references(() => households.id),
  /** Days before the due date (0 = on the day). */
  beforeDays: smallint("before_days").array().notNull().default(sql`'{7,3,1,0}'::smallint[]`),
  /** Days after the due date while still unpaid. */
  overdueDays: smallint("overdue_days").array().notNull().default(sql`'{1,7}'::smallint[]`),
  lastTickDate: date("last_tick_date"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
