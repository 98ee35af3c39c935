ALTER TABLE "import_batches" ADD COLUMN "content" text;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "row_errors" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "report" jsonb;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;