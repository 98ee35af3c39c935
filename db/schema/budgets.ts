import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  integer,
  pgTable,
  primaryKey,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { households, users } from "./auth";
import { categories } from "./ledger";

/**
 * A monthly spending budget: for one expense category or overall (category null), for the
 * household or for one member (member null = the household's). The limit lives in
 * `budget_limits` so that a change applies from a month onward and past months keep theirs.
 */
export const budgets = pgTable(
  "budgets",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id),
    // a category merged into another takes its budgets with it
    categoryId: uuid("category_id").references(() => categories.id, { onDelete: "cascade" }),
    memberId: uuid("member_id").references(() => users.id),
    // unspent (or overspent) money of each month carries into the next one's limit
    rollover: boolean("rollover").notNull().default(false),
    // percentages of the month's limit that alert once each, e.g. {80,100}
    thresholds: integer("thresholds").array().notNull().default(sql`'{80,100}'::int[]`),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // one budget per category (or overall) and member (or household)
    uniqueIndex("budgets_scope_key").on(
      t.householdId,
      sql`coalesce(${t.categoryId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      sql`coalesce(${t.memberId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
  ],
);

/** A budget's limit from `from_month` (first of the month) until the next row's month. */
export const budgetLimits = pgTable(
  "budget_limits",
  {
    budgetId: uuid("budget_id")
      .notNull()
      .references(() => budgets.id, { onDelete: "cascade" }),
    fromMonth: date("from_month").notNull(),
    limitCentavos: bigint("limit_centavos", { mode: "bigint" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.budgetId, t.fromMonth] }),
    check("budget_limits_positive", sql`${t.limitCentavos} > 0 AND ${t.limitCentavos} <= 100000000000`),
    check("budget_limits_first_of_month", sql`extract(day from ${t.fromMonth}) = 1`),
  ],
);

/**
 * One row per budget, month and threshold that alerted: inserted ON CONFLICT DO NOTHING in the
 * same transaction as the outbox event, so each alerts exactly once however events arrive.
 */
export const budgetAlerts = pgTable(
  "budget_alerts",
  {
    budgetId: uuid("budget_id")
      .notNull()
      .references(() => budgets.id, { onDelete: "cascade" }),
    month: date("month").notNull(),
    thresholdPercent: integer("threshold_percent").notNull(),
    spentCentavos: bigint("spent_centavos", { mode: "bigint" }).notNull(),
    limitCentavos: bigint("limit_centavos", { mode: "bigint" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.month, t.thresholdPercent] })],
);
