CREATE TABLE "import_duplicate_matches" (
	"batch_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	CONSTRAINT "import_duplicate_matches_transaction_id_batch_id_pk" PRIMARY KEY("transaction_id","batch_id")
);
--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "commit_options" jsonb;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "lease_owner" uuid;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "resumed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "resume_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "import_duplicate_matches" ADD CONSTRAINT "import_duplicate_matches_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_duplicate_matches" ADD CONSTRAINT "import_duplicate_matches_transaction_id_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_duplicate_matches_batch_idx" ON "import_duplicate_matches" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "import_batches_importing_idx" ON "import_batches" USING btree ("heartbeat_at") WHERE "import_batches"."status" = 'importing';