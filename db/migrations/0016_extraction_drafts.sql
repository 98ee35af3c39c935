CREATE TABLE "extraction_batches" (
	"id" uuid PRIMARY KEY DEFAULT uuidv7() NOT NULL,
	"household_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"document_id" uuid,
	"attempt" integer DEFAULT 1 NOT NULL,
	"kind" text NOT NULL,
	"extractor" text NOT NULL,
	"summary" jsonb,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"account_id" uuid,
	"status" text DEFAULT 'review' NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	"confirm_result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extraction_drafts" (
	"id" uuid PRIMARY KEY DEFAULT uuidv7() NOT NULL,
	"batch_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"date" date NOT NULL,
	"posting_date" date,
	"description" text NOT NULL,
	"merchant" text,
	"amount_centavos" bigint NOT NULL,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"foreign_currency" text,
	"foreign_amount" text,
	"installment" jsonb,
	"category_hint" text,
	"confidence" real DEFAULT 1 NOT NULL,
	"category_id" uuid,
	"account_id" uuid,
	"from_account_id" uuid,
	"splits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"include" boolean DEFAULT true NOT NULL,
	"duplicate_of_transaction_id" uuid,
	"duplicate_reason" text,
	"confirmed_transaction_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "extraction_drafts_amount_positive" CHECK ("extraction_drafts"."amount_centavos" > 0)
);
--> statement-breakpoint
CREATE TABLE "statement_cycle_lines" (
	"cycle_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "statement_cycle_lines_cycle_id_transaction_id_pk" PRIMARY KEY("cycle_id","transaction_id")
);
--> statement-breakpoint
CREATE TABLE "statement_cycles" (
	"id" uuid PRIMARY KEY DEFAULT uuidv7() NOT NULL,
	"household_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"document_id" uuid,
	"batch_id" uuid,
	"issuer" text,
	"statement_date" date NOT NULL,
	"due_date" date,
	"period_start" date,
	"period_end" date,
	"total_due_centavos" bigint,
	"minimum_due_centavos" bigint,
	"previous_balance_centavos" bigint,
	"payments_credits_centavos" bigint,
	"credit_limit_centavos" bigint,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "extraction_batches" ADD CONSTRAINT "extraction_batches_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extraction_batches" ADD CONSTRAINT "extraction_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extraction_batches" ADD CONSTRAINT "extraction_batches_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extraction_batches" ADD CONSTRAINT "extraction_batches_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extraction_batches" ADD CONSTRAINT "extraction_batches_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extraction_drafts" ADD CONSTRAINT "extraction_drafts_batch_id_extraction_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."extraction_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extraction_drafts" ADD CONSTRAINT "extraction_drafts_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extraction_drafts" ADD CONSTRAINT "extraction_drafts_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extraction_drafts" ADD CONSTRAINT "extraction_drafts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extraction_drafts" ADD CONSTRAINT "extraction_drafts_from_account_id_accounts_id_fk" FOREIGN KEY ("from_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extraction_drafts" ADD CONSTRAINT "extraction_drafts_confirmed_transaction_id_transactions_id_fk" FOREIGN KEY ("confirmed_transaction_id") REFERENCES "public"."transactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_cycle_lines" ADD CONSTRAINT "statement_cycle_lines_cycle_id_statement_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."statement_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_cycle_lines" ADD CONSTRAINT "statement_cycle_lines_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_cycles" ADD CONSTRAINT "statement_cycles_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_cycles" ADD CONSTRAINT "statement_cycles_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_cycles" ADD CONSTRAINT "statement_cycles_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_cycles" ADD CONSTRAINT "statement_cycles_batch_id_extraction_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."extraction_batches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_cycles" ADD CONSTRAINT "statement_cycles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "extraction_batches_document_attempt_key" ON "extraction_batches" USING btree ("document_id","attempt") WHERE "extraction_batches"."document_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "extraction_batches_household_idx" ON "extraction_batches" USING btree ("household_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "extraction_drafts_batch_position_key" ON "extraction_drafts" USING btree ("batch_id","position");--> statement-breakpoint
CREATE INDEX "extraction_drafts_confirmed_idx" ON "extraction_drafts" USING btree ("confirmed_transaction_id") WHERE "extraction_drafts"."confirmed_transaction_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "statement_cycles_account_date_key" ON "statement_cycles" USING btree ("account_id","statement_date");--> statement-breakpoint
CREATE INDEX "statement_cycles_household_due_idx" ON "statement_cycles" USING btree ("household_id","due_date");