DROP INDEX "transactions_uncleared_to_account_idx";--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "cleared_by" uuid;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "to_cleared_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "to_cleared_by" uuid;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_cleared_by_reconciliations_id_fk" FOREIGN KEY ("cleared_by") REFERENCES "public"."reconciliations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_to_cleared_by_reconciliations_id_fk" FOREIGN KEY ("to_cleared_by") REFERENCES "public"."reconciliations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transactions_uncleared_to_account_idx" ON "transactions" USING btree ("to_account_id","date") WHERE "transactions"."to_cleared_at" IS NULL AND "transactions"."deleted_at" IS NULL AND "transactions"."to_account_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_to_cleared_shape" CHECK ("transactions"."to_account_id" IS NOT NULL OR "transactions"."to_cleared_at" IS NULL);--> statement-breakpoint
-- Clearing becomes per side. A reconciliation set cleared_at to its own created_at (both now() of
-- one database transaction), so the reconciliation that cleared each row, and with it the side it
-- checked, is known exactly. A row no reconciliation matches stays cleared on its source side.
UPDATE "transactions" t SET "cleared_by" = r."id"
FROM "reconciliations" r
WHERE t."cleared_at" IS NOT NULL AND r."account_id" = t."account_id" AND r."created_at" = t."cleared_at";--> statement-breakpoint
-- cleared by reconciling its destination: that side is cleared, its source side never was
UPDATE "transactions" t SET "to_cleared_at" = t."cleared_at", "to_cleared_by" = r."id", "cleared_at" = NULL
FROM "reconciliations" r
WHERE t."cleared_at" IS NOT NULL AND t."cleared_by" IS NULL
  AND r."account_id" = t."to_account_id" AND r."created_at" = t."cleared_at";--> statement-breakpoint
-- The other side of a transfer: a later reconciliation of the other account, as of the transfer's
-- date or after, confirmed a balance that held it and skipped it only because it was already
-- cleared (a money-moving edit since would have un-cleared it). The earliest such one clears it.
UPDATE "transactions" t SET "to_cleared_by" = (
  SELECT r."id" FROM "reconciliations" r
  WHERE r."account_id" = t."to_account_id" AND r."as_of" >= t."date" AND r."created_at" > t."cleared_at"
    AND (t."deleted_at" IS NULL OR t."deleted_at" > r."created_at")
  ORDER BY r."created_at", r."id" LIMIT 1)
WHERE t."cleared_at" IS NOT NULL AND t."to_account_id" IS NOT NULL AND t."to_cleared_at" IS NULL;--> statement-breakpoint
UPDATE "transactions" t SET "to_cleared_at" = r."created_at"
FROM "reconciliations" r
WHERE r."id" = t."to_cleared_by" AND t."to_cleared_at" IS NULL;--> statement-breakpoint
UPDATE "transactions" t SET "cleared_by" = (
  SELECT r."id" FROM "reconciliations" r
  WHERE r."account_id" = t."account_id" AND r."as_of" >= t."date" AND r."created_at" > t."to_cleared_at"
    AND (t."deleted_at" IS NULL OR t."deleted_at" > r."created_at")
  ORDER BY r."created_at", r."id" LIMIT 1)
WHERE t."to_cleared_at" IS NOT NULL AND t."cleared_at" IS NULL;--> statement-breakpoint
UPDATE "transactions" t SET "cleared_at" = r."created_at"
FROM "reconciliations" r
WHERE r."id" = t."cleared_by" AND t."cleared_at" IS NULL;
