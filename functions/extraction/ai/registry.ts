import type { AiProvider, ProviderName } from "./provider";

export interface ProviderConfig {
  apiKey?: string;
  baseUrl?: string;
  model: string;
}

/** Builds a provider from its settings; the real ones live in gemini.ts, claude.ts, ollama.ts. */
export type ProviderFactory = (name: ProviderName, cfg: ProviderConfig) => AiProvider;

/**
 * The real providers, each SDK loaded on its first call: a pod that never reads a document
 * with AI never pays for loading three SDKs. The chain only builds a provider it has a key (or an
 * Ollama address) for, so an empty key never reaches an SDK that would look for one elsewhere.
 */
export const realProviders: ProviderFactory = (name, cfg) => {
  let loaded: Promise<AiProvider> | undefined;
  const load = async (): Promise<AiProvider> => {
    if (name === "gemini") {
      const { createGeminiProvider } = await import("./gemini");
      return createGeminiProvider({ apiKey: cfg.apiKey ?? "", model: cfg.model, baseUrl: cfg.baseUrl });
    }
    if (name === "claude") {
      const { createClaudeProvider } = await import("./claude");
      return createClaudeProvider({ apiKey: cfg.apiKey ?? "", model: cfg.model, baseUrl: cfg.baseUrl });
    }
    const { createOllamaProvider } = await import("./ollama");
    return createOllamaProvider({ host: cfg.baseUrl ?? "", model: cfg.model });
  };
  return {
    name,
    local: isLocal(name),
    extract: async (request) => {
      loaded ??= load();
      return (await loaded).extract(request);
    },
  };
};

let current: ProviderFactory = realProviders;

export const providerFactory = (): ProviderFactory => current;

/** Installs another factory (scriptable fakes in tests); returns an undo. */
export function setProviderFactory(factory: ProviderFactory): () => void {
  const previous = current;
  current = factory;
  return () => {
    current = previous;
  };
}

export const DEFAULT_MODELS: Record<ProviderName, string> = {
  gemini: "gemini-2.5-flash",
  claude: "claude-sonnet-4-5",
  ollama: "qwen2.5vl:7b",
};

/** Ollama runs in the homelab; the others are cloud services. */
export const isLocal = (name: ProviderName) => name === "ollama";

/** Where a provider's requests go, for the "What leaves your homelab" panel. */
export function providerHost(name: ProviderName, baseUrl?: string): string {
  if (name === "gemini" && !baseUrl) return "generativelanguage.googleapis.com";
  if (name === "claude" && !baseUrl) return "api.anthropic.com";
  if (!baseUrl) return "(no Ollama address set)";
  try {
    return new URL(baseUrl).host;
  } catch {
    return "(invalid address)";
  }
}
