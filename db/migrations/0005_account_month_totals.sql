CREATE TABLE "account_month_totals" (
	"account_id" uuid NOT NULL,
	"month" date NOT NULL,
	"net_centavos" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "account_month_totals_account_id_month_pk" PRIMARY KEY("account_id","month")
);
--> statement-breakpoint
ALTER TABLE "account_month_totals" ADD CONSTRAINT "account_month_totals_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- backfill from the rollups that already exist
INSERT INTO "account_month_totals" ("account_id", "month", "net_centavos")
SELECT "account_id", "month",
       sum(CASE WHEN "flow" IN ('income', 'transfer_in') THEN "total_centavos" ELSE -"total_centavos" END)
FROM "ledger_rollups" GROUP BY "account_id", "month"
ON CONFLICT DO NOTHING;
