CREATE TYPE "public"."bill_kind" AS ENUM('rent', 'electricity', 'water', 'internet', 'subscription', 'loan', 'insurance', 'other');--> statement-breakpoint
CREATE TYPE "public"."bill_schedule" AS ENUM('monthly', 'every_n_months', 'yearly');--> statement-breakpoint
CREATE TYPE "public"."reminder_item_kind" AS ENUM('bill', 'card');--> statement-breakpoint
CREATE TABLE "bill_payments" (
	"id" uuid PRIMARY KEY DEFAULT uuidv7() NOT NULL,
	"bill_id" uuid NOT NULL,
	"due_date" date NOT NULL,
	"transaction_id" uuid,
	"paid_by" uuid NOT NULL,
	"paid_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bills" (
	"id" uuid PRIMARY KEY DEFAULT uuidv7() NOT NULL,
	"household_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" "bill_kind" NOT NULL,
	"schedule" "bill_schedule" NOT NULL,
	"due_day" smallint NOT NULL,
	"interval_months" smallint DEFAULT 1 NOT NULL,
	"anchor_month" date NOT NULL,
	"start_date" date NOT NULL,
	"expected_amount_centavos" bigint,
	"account_id" uuid,
	"category_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bills_due_day" CHECK ("bills"."due_day" BETWEEN 1 AND 31),
	CONSTRAINT "bills_interval" CHECK ("bills"."interval_months" BETWEEN 1 AND 24),
	CONSTRAINT "bills_expected_positive" CHECK ("bills"."expected_amount_centavos" IS NULL OR "bills"."expected_amount_centavos" > 0)
);
--> statement-breakpoint
CREATE TABLE "reminder_settings" (
	"household_id" uuid PRIMARY KEY NOT NULL,
	"before_days" smallint[] DEFAULT '{7,3,1,0}'::smallint[] NOT NULL,
	"overdue_days" smallint[] DEFAULT '{1,7}'::smallint[] NOT NULL,
	"last_tick_date" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminders_sent" (
	"household_id" uuid NOT NULL,
	"item_kind" "reminder_item_kind" NOT NULL,
	"item_id" uuid NOT NULL,
	"due_date" date NOT NULL,
	"offset_days" smallint NOT NULL,
	"tick_date" date NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminders_sent_item_kind_item_id_due_date_offset_days_pk" PRIMARY KEY("item_kind","item_id","due_date","offset_days")
);
--> statement-breakpoint
ALTER TABLE "bill_payments" ADD CONSTRAINT "bill_payments_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_payments" ADD CONSTRAINT "bill_payments_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_payments" ADD CONSTRAINT "bill_payments_paid_by_users_id_fk" FOREIGN KEY ("paid_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_settings" ADD CONSTRAINT "reminder_settings_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders_sent" ADD CONSTRAINT "reminders_sent_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bill_payments_occurrence_key" ON "bill_payments" USING btree ("bill_id","due_date");--> statement-breakpoint
CREATE INDEX "bills_household_idx" ON "bills" USING btree ("household_id");