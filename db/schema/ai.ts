import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { households, users } from "./auth";
import { documents } from "./documents";

export const aiProviderNames = ["gemini", "claude", "ollama"] as const;
export type AiProviderName = (typeof aiProviderNames)[number];
export type AiChainEntry = AiProviderName | "offline";

/** Per provider: model, monthly cap and a saved key (ciphertext only, never the key itself). */
export interface AiProviderSettings {
  model?: string;
  /** Ollama's address when not from OLLAMA_URL. */
  baseUrl?: string;
  /** Month-to-date cost at or above this (centavos) skips the provider; null = no cap. */
  monthlyCapCentavos?: string | null;
  /** AES-256-GCM of the key (functions/extraction/ai/keys.ts), base64url "iv.tag.ciphertext". */
  keyCiphertext?: string;
  /** The key's last 4 characters, to show "set, ends …abcd". */
  keyHint?: string;
}

/**
 * A household's AI extraction policy. No row = offline only (the default): nothing leaves the
 * homelab until the owner sets a chain.
 */
export const aiSettings = pgTable("ai_settings", {
  householdId: uuid("household_id")
    .primaryKey()
    .references(() => households.id, { onDelete: "cascade" }),
  /** Tried in order; "offline" (the built-in parsers and OCR) can only be last. */
  chain: jsonb("chain").$type<AiChainEntry[]>().notNull().default(sql`'["offline"]'::jsonb`),
  /** Only Ollama and offline may run: nothing is sent outside the homelab. */
  localOnly: boolean("local_only").notNull().default(false),
  providers: jsonb("providers")
    .$type<Partial<Record<AiProviderName, AiProviderSettings>>>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  updatedBy: uuid("updated_by").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One provider's turn at one attempt of a document. A redelivered document.uploaded reads
 * these to resume with the next provider not yet tried; a finished row is never redone.
 * `role` "compare" is the offline extractor run beside a successful AI answer.
 */
export const extractionRuns = pgTable(
  "extraction_runs",
  {
    id: uuid("id").primaryKey().default(sql`uuidv7()`),
    householdId: uuid("household_id")
      .notNull()
      .references(() => households.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    /** Position in the chain (the compare run comes after the chain). */
    position: integer("position").notNull(),
    provider: text("provider", { enum: ["gemini", "claude", "ollama", "offline"] }).notNull(),
    role: text("role", { enum: ["primary", "compare"] })
      .notNull()
      .default("primary"),
    status: text("status", { enum: ["pending", "running", "succeeded", "failed", "skipped"] }).notNull(),
    /** Why it was skipped or failed ("over its monthly cap", "unavailable: 503 …"). */
    reason: text("reason"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    /** Millionths of a peso (1 centavo = 10 000), so a cheap call is not rounded to nothing. */
    costMicros: bigint("cost_micros", { mode: "bigint" }).notNull().default(sql`0`),
    model: text("model"),
    /** The provider's ExtractionResult, kept to compare with the offline extractor's. */
    result: jsonb("result"),
    /** The extractor name the result was saved under ("ai:gemini", "receipt:tesseract"). */
    extractor: text("extractor"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("extraction_runs_document_attempt_provider_key").on(
      t.documentId,
      t.attempt,
      t.provider,
      t.role,
    ),
    index("extraction_runs_household_month_idx").on(t.householdId, t.provider, t.createdAt),
  ],
);

/**
 * Each AI provider's circuit breaker (functions/extraction/ai/shared-breaker.ts), one row per
 * provider shared by every extraction replica: a provider one pod finds down is skipped by all.
 * `probeUntil` is the half-open trial one replica holds after the cool-down (a lease, so a pod
 * that dies during its trial does not keep the breaker half-open for ever).
 */
export const aiBreakers = pgTable("ai_breakers", {
  provider: text("provider", { enum: aiProviderNames }).primaryKey(),
  /** Consecutive failures (down, timing out, rate limited past its retries), by any replica. */
  failures: integer("failures").notNull().default(0),
  /** Null while closed; the cool-down runs from here. */
  openedAt: timestamp("opened_at", { withTimezone: true }),
  probeUntil: timestamp("probe_until", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
