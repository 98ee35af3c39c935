CREATE TABLE "merchant_rollups" (
	"account_id" uuid NOT NULL,
	"month" date NOT NULL,
	"merchant_key" text NOT NULL,
	"flow" "flow_kind" NOT NULL,
	"category_id" uuid NOT NULL,
	"merchant" text NOT NULL,
	"total_centavos" bigint DEFAULT 0 NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "merchant_rollups_account_id_month_merchant_key_flow_category_id_pk" PRIMARY KEY("account_id","month","merchant_key","flow","category_id")
);
--> statement-breakpoint
ALTER TABLE "merchant_rollups" ADD CONSTRAINT "merchant_rollups_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- top merchants for the entries recorded before this table existed (as applyFlows keeps it)
INSERT INTO "merchant_rollups" ("account_id", "month", "merchant_key", "flow", "category_id", "merchant", "total_centavos", "count")
SELECT t."account_id", date_trunc('month', t."date")::date, lower(btrim(t."merchant", E' \t\r\n')), t."type"::text::"flow_kind",
  CASE WHEN t."type" = 'income' THEN coalesce(s."category_id", t."category_id", '00000000-0000-0000-0000-000000000000'::uuid)
       ELSE '00000000-0000-0000-0000-000000000000'::uuid END,
  min(btrim(t."merchant", E' \t\r\n')), sum(coalesce(s."amount_centavos", t."amount_centavos")), count(DISTINCT t."id")
FROM "transactions" t LEFT JOIN "transaction_splits" s ON s."transaction_id" = t."id"
WHERE t."deleted_at" IS NULL AND t."type" IN ('income', 'expense') AND btrim(coalesce(t."merchant", ''), E' \t\r\n') <> ''
GROUP BY 1, 2, 3, 4, 5;
