import { type Database, schema } from "@fintrack/db";
import {
  type AiChainEntry,
  type AiProviderName,
  type AiProviderSettings,
  aiProviderNames,
} from "@fintrack/db/schema";
import { sql } from "drizzle-orm";
import type { SignedInUser } from "../../lib/auth";
import type { Config } from "../../lib/config";
import { HttpProblem } from "../../lib/problem";
import { encryptApiKey, keyHint } from "./keys";
import { defaultChain, envBaseUrl, envKey, type KeySource, loadSettings } from "./policy";
import { MICROS_PER_CENTAVO } from "./pricing";
import { DEFAULT_MODELS, isLocal, providerHost } from "./registry";
import { monthToDateMicros } from "./runs";

/** What a provider is sent, in the words the settings page shows (see request.ts). */
export function whatLeaves(name: AiProviderName, host: string) {
  return {
    host,
    local: isLocal(name),
    sent: [
      "Receipts: the photo, as you uploaded it",
      "Statements: the statement's text read from the PDF, card numbers masked to the last 4 digits (never the PDF itself)",
      "Your household's category names, and the names and card last 4 digits of the accounts the uploader can see",
    ],
    never: [
      "PDF passwords (they are used once at upload and never stored)",
      "Your login, email or names, or other providers' keys",
      "Your other transactions or balances",
    ],
  };
}

export async function aiSettingsView(db: Database, config: Config, user: SignedInUser) {
  const row = await loadSettings(db, user.householdId);
  const providers = await Promise.all(
    aiProviderNames.map(async (name) => {
      const saved: AiProviderSettings = row?.providers[name] ?? {};
      const env = envKey(config, name);
      const key =
        name === "ollama"
          ? null
          : saved.keyCiphertext
            ? { source: "settings" as const, endsWith: saved.keyHint ?? "" }
            : env
              ? { source: "environment" as const, endsWith: null }
              : null;
      const baseUrl = name === "ollama" ? (saved.baseUrl ?? config.OLLAMA_URL ?? null) : null;
      const spent = await monthToDateMicros(db, user.householdId, name, config.TZ);
      return {
        name,
        model: saved.model ?? DEFAULT_MODELS[name],
        defaultModel: DEFAULT_MODELS[name],
        key,
        baseUrl,
        baseUrlSource: (name !== "ollama"
          ? null
          : saved.baseUrl
            ? "settings"
            : config.OLLAMA_URL
              ? "environment"
              : null) as KeySource,
        configured: name === "ollama" ? Boolean(baseUrl) : Boolean(key),
        monthlyCapCentavos: saved.monthlyCapCentavos ?? null,
        monthToDateCentavos: (spent / MICROS_PER_CENTAVO).toString(),
        privacy: whatLeaves(name, providerHost(name, baseUrl ?? envBaseUrl(config, name))),
      };
    }),
  );
  return {
    chain: row?.chain ?? defaultChain(config),
    localOnly: row?.localOnly ?? false,
    saved: Boolean(row),
    canEdit: user.role === "owner",
    providers,
  };
}

export interface ProviderPatch {
  model?: string | null;
  apiKey?: string | null;
  baseUrl?: string | null;
  monthlyCap?: bigint | null;
}

export interface SettingsUpdate {
  chain: AiChainEntry[];
  localOnly: boolean;
  providers?: Partial<Record<AiProviderName, ProviderPatch>>;
}

/**
 * Saves the policy (the household owner only). A key given is encrypted before it reaches the
 * database and only its last 4 characters are kept in clear; a key left out stays as it was,
 * null removes it.
 */
export async function updateAiSettings(db: Database, config: Config, user: SignedInUser, u: SettingsUpdate) {
  if (user.role !== "owner") {
    throw new HttpProblem(
      403,
      "Only the household owner can change AI settings",
      "AI settings decide what leaves the homelab and what it costs; ask the household owner to change them.",
    );
  }
  await db.transaction(async (tx) => {
    const row = await loadSettings(tx, user.householdId);
    const providers = structuredClone(row?.providers ?? {});
    for (const name of aiProviderNames) {
      const p = u.providers?.[name];
      if (!p) continue;
      const next: AiProviderSettings = { ...(providers[name] ?? {}) };
      if (p.model !== undefined) {
        if (p.model) next.model = p.model;
        else delete next.model;
      }
      if (p.monthlyCap !== undefined) next.monthlyCapCentavos = p.monthlyCap?.toString() ?? null;
      if (name === "ollama" && p.baseUrl !== undefined) {
        if (p.baseUrl) next.baseUrl = p.baseUrl;
        else delete next.baseUrl;
      }
      if (name !== "ollama" && p.apiKey !== undefined) {
        if (p.apiKey) {
          next.keyCiphertext = encryptApiKey(config.jwtSecret, p.apiKey);
          next.keyHint = keyHint(p.apiKey);
        } else {
          delete next.keyCiphertext;
          delete next.keyHint;
        }
      }
      providers[name] = next;
    }
    const values = { chain: u.chain, localOnly: u.localOnly, providers, updatedBy: user.userId };
    await tx
      .insert(schema.aiSettings)
      .values({ householdId: user.householdId, ...values })
      .onConflictDoUpdate({
        target: schema.aiSettings.householdId,
        set: { ...values, updatedAt: sql`now()` },
      });
  });
  return aiSettingsView(db, config, user);
}
