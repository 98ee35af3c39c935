CREATE TABLE "installment_billings" (
	"id" uuid PRIMARY KEY DEFAULT uuidv7() NOT NULL,
	"plan_id" uuid NOT NULL,
	"number" smallint NOT NULL,
	"statement_date" date NOT NULL,
	"amount_centavos" bigint NOT NULL,
	"statement_cycle_id" uuid,
	"draft_id" uuid,
	"transaction_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installment_plans" (
	"id" uuid PRIMARY KEY DEFAULT uuidv7() NOT NULL,
	"household_id" uuid NOT NULL,
	"card_account_id" uuid NOT NULL,
	"purchase_transaction_id" uuid,
	"label" text NOT NULL,
	"principal_centavos" bigint NOT NULL,
	"months" smallint NOT NULL,
	"monthly_centavos" bigint NOT NULL,
	"add_on_rate_bps" integer DEFAULT 0 NOT NULL,
	"purchase_date" date NOT NULL,
	"first_statement_date" date NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"cancelled_statement_date" date,
	"cancelled_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "installment_plans_months" CHECK ("installment_plans"."months" BETWEEN 2 AND 60),
	CONSTRAINT "installment_plans_principal" CHECK ("installment_plans"."principal_centavos" > 0),
	CONSTRAINT "installment_plans_rate" CHECK ("installment_plans"."add_on_rate_bps" BETWEEN 0 AND 1000)
);
--> statement-breakpoint
ALTER TABLE "installment_billings" ADD CONSTRAINT "installment_billings_plan_id_installment_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."installment_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installment_billings" ADD CONSTRAINT "installment_billings_statement_cycle_id_statement_cycles_id_fk" FOREIGN KEY ("statement_cycle_id") REFERENCES "public"."statement_cycles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installment_billings" ADD CONSTRAINT "installment_billings_draft_id_extraction_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."extraction_drafts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installment_billings" ADD CONSTRAINT "installment_billings_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installment_plans" ADD CONSTRAINT "installment_plans_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installment_plans" ADD CONSTRAINT "installment_plans_card_account_id_accounts_id_fk" FOREIGN KEY ("card_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installment_plans" ADD CONSTRAINT "installment_plans_purchase_transaction_id_transactions_id_fk" FOREIGN KEY ("purchase_transaction_id") REFERENCES "public"."transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installment_plans" ADD CONSTRAINT "installment_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "installment_billings_plan_number_key" ON "installment_billings" USING btree ("plan_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "installment_plans_purchase_key" ON "installment_plans" USING btree ("purchase_transaction_id") WHERE "installment_plans"."purchase_transaction_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "installment_plans_card_idx" ON "installment_plans" USING btree ("household_id","card_account_id");