CREATE TABLE "budget_alerts" (
	"budget_id" uuid NOT NULL,
	"month" date NOT NULL,
	"threshold_percent" integer NOT NULL,
	"spent_centavos" bigint NOT NULL,
	"limit_centavos" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budget_alerts_budget_id_month_threshold_percent_pk" PRIMARY KEY("budget_id","month","threshold_percent")
);
--> statement-breakpoint
CREATE TABLE "budget_limits" (
	"budget_id" uuid NOT NULL,
	"from_month" date NOT NULL,
	"limit_centavos" bigint NOT NULL,
	CONSTRAINT "budget_limits_budget_id_from_month_pk" PRIMARY KEY("budget_id","from_month"),
	CONSTRAINT "budget_limits_positive" CHECK ("budget_limits"."limit_centavos" > 0 AND "budget_limits"."limit_centavos" <= 100000000000),
	CONSTRAINT "budget_limits_first_of_month" CHECK (extract(day from "budget_limits"."from_month") = 1)
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"id" uuid PRIMARY KEY DEFAULT uuidv7() NOT NULL,
	"household_id" uuid NOT NULL,
	"category_id" uuid,
	"member_id" uuid,
	"rollover" boolean DEFAULT false NOT NULL,
	"thresholds" integer[] DEFAULT '{80,100}'::int[] NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "budget_alerts" ADD CONSTRAINT "budget_alerts_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_limits" ADD CONSTRAINT "budget_limits_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_member_id_users_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "budgets_scope_key" ON "budgets" USING btree ("household_id",coalesce("category_id", '00000000-0000-0000-0000-000000000000'::uuid),coalesce("member_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE INDEX "transactions_creator_date_idx" ON "transactions" USING btree ("household_id","created_by","date") WHERE "transactions"."deleted_at" IS NULL;