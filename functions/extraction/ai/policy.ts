import { type Queryable, schema } from "@fintrack/db";
import { type AiChainEntry, type AiProviderName, aiProviderNames } from "@fintrack/db/schema";
import { eq } from "drizzle-orm";
import type { Config } from "../../lib/config";
import type { ChainPolicy } from "./chain";
import { decryptApiKey } from "./keys";
import { DEFAULT_MODELS } from "./registry";

export type SettingsRow = typeof schema.aiSettings.$inferSelect;

/** Where a provider's key (or Ollama's address) comes from. */
export type KeySource = "settings" | "environment" | null;

export function envKey(config: Config, name: AiProviderName): string | undefined {
  if (name === "gemini") return config.GEMINI_API_KEY;
  if (name === "claude") return config.CLAUDE_API_KEY;
  return config.OLLAMA_URL;
}

/** Gemini's or Claude's API at another address (GEMINI_BASE_URL, CLAUDE_BASE_URL), if set. */
export function envBaseUrl(config: Config, name: AiProviderName): string | undefined {
  if (name === "gemini") return config.GEMINI_BASE_URL;
  if (name === "claude") return config.CLAUDE_BASE_URL;
  return undefined;
}

/**
 * With no saved settings the chain is the providers the environment configures (Gemini,
 * Claude, Ollama, in that order) then offline; with nothing configured, offline only — nothing
 * leaves the homelab until someone gives a key.
 */
export function defaultChain(config: Config): AiChainEntry[] {
  return [...aiProviderNames.filter((n) => envKey(config, n)), "offline"];
}

export async function loadSettings(db: Queryable, householdId: string): Promise<SettingsRow | null> {
  const [row] = await db
    .select()
    .from(schema.aiSettings)
    .where(eq(schema.aiSettings.householdId, householdId));
  return row ?? null;
}

/** The household's policy with keys decrypted (in memory only, for the providers). */
export function resolvePolicy(row: SettingsRow | null, config: Config): ChainPolicy {
  const providers: ChainPolicy["providers"] = {};
  for (const name of aiProviderNames) {
    const saved = row?.providers[name];
    const model = saved?.model || DEFAULT_MODELS[name];
    const cap = saved?.monthlyCapCentavos ? BigInt(saved.monthlyCapCentavos) : null;
    if (name === "ollama") {
      const baseUrl = saved?.baseUrl || config.OLLAMA_URL;
      providers[name] = { config: baseUrl ? { baseUrl, model } : null, monthlyCapCentavos: cap };
      continue;
    }
    const apiKey =
      (saved?.keyCiphertext ? decryptApiKey(config.jwtSecret, saved.keyCiphertext) : null) ??
      envKey(config, name);
    const baseUrl = envBaseUrl(config, name);
    providers[name] = {
      config: apiKey ? { apiKey, model, ...(baseUrl ? { baseUrl } : {}) } : null,
      monthlyCapCentavos: cap,
    };
  }
  return { chain: row?.chain ?? defaultChain(config), localOnly: row?.localOnly ?? false, providers };
}

export const hasAiStep = (policy: ChainPolicy) => policy.chain.some((e) => e !== "offline");
