import type { AiUsage, ProviderName } from "./provider";

/**
 * List prices in US dollars per 1 million tokens, standard (non-batch, non-cached) tier, for the
 * models FinTrack suggests. Source: the vendors' public pricing pages (ai.google.dev/pricing,
 * docs.anthropic.com/en/docs/about-claude/pricing) as last known to the author in November 2026;
 * this machine has no network to re-check, so treat them as estimates and update the table when
 * the vendors change them. Gemini 2.5 Pro charges more above 200k input tokens; a statement's text
 * stays far below that, so only the lower tier is listed. A local Ollama costs nothing per token.
 */
export interface ModelPrice {
  inputPerMTokUsd: number;
  outputPerMTokUsd: number;
}

export const PRICES: Record<ProviderName, Record<string, ModelPrice>> = {
  gemini: {
    "gemini-2.5-flash": { inputPerMTokUsd: 0.3, outputPerMTokUsd: 2.5 },
    "gemini-2.5-flash-lite": { inputPerMTokUsd: 0.1, outputPerMTokUsd: 0.4 },
    "gemini-2.5-pro": { inputPerMTokUsd: 1.25, outputPerMTokUsd: 10 },
  },
  claude: {
    "claude-haiku-4-5": { inputPerMTokUsd: 1, outputPerMTokUsd: 5 },
    "claude-sonnet-4-5": { inputPerMTokUsd: 3, outputPerMTokUsd: 15 },
    "claude-opus-4-5": { inputPerMTokUsd: 5, outputPerMTokUsd: 25 },
  },
  ollama: {},
};

/**
 * The price of a model, or null when it is not in the table (the chain then shows "cost unknown"
 * rather than a made-up number). Dated snapshots ("claude-haiku-4-5-20251001") use their base
 * model's price. Any Ollama model is free.
 */
export function priceOf(provider: ProviderName, model: string): ModelPrice | null {
  if (provider === "ollama") return { inputPerMTokUsd: 0, outputPerMTokUsd: 0 };
  const table = PRICES[provider];
  const base = model.replace(/^models\//, "").replace(/-\d{8}$/, "");
  return table[base] ?? null;
}

/** Cost of one answer in millionths of a US dollar (an integer, like centavos). */
export function costMicroUsd(price: ModelPrice, usage: AiUsage): number {
  return Math.round(usage.inputTokens * price.inputPerMTokUsd + usage.outputTokens * price.outputPerMTokUsd);
}

/**
 * Pesos per US dollar for cost accounting and caps: the vendors bill in dollars; a household
 * thinks in pesos. A round, slightly high rate (₱58) so a cap errs on the safe side.
 */
export const PESOS_PER_USD = 58;

/** A peso is 1,000,000 micro-pesos; a centavo 10,000. */
export const MICROS_PER_CENTAVO = 10_000n;

/**
 * Cost of one answer in millionths of a peso. A model missing from the table is charged at the
 * provider's dearest listed price: a monthly cap must not be bypassed by naming a new model.
 */
export function costMicros(provider: ProviderName, model: string, usage: AiUsage): bigint {
  const price =
    priceOf(provider, model) ??
    Object.values(PRICES[provider]).reduce<ModelPrice>(
      (dear, p) => (p.outputPerMTokUsd > dear.outputPerMTokUsd ? p : dear),
      { inputPerMTokUsd: 0, outputPerMTokUsd: 0 },
    );
  return BigInt(costMicroUsd(price, usage)) * BigInt(PESOS_PER_USD);
}
