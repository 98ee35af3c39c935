import { action, query, revalidate } from "@solidjs/router";
import { request } from "./api";

export type ChainEntry = "gemini" | "claude" | "ollama" | "offline";
export type ProviderName = Exclude<ChainEntry, "offline">;

export interface AiProviderView {
  name: ProviderName;
  model: string;
  defaultModel: string;
  key: { source: "settings" | "environment"; endsWith: string | null } | null;
  baseUrl: string | null;
  baseUrlSource: "settings" | "environment" | null;
  configured: boolean;
  monthlyCapCentavos: string | null;
  monthToDateCentavos: string;
  privacy: { host: string; local: boolean; sent: string[]; never: string[] };
}

export interface AiSettings {
  chain: ChainEntry[];
  localOnly: boolean;
  saved: boolean;
  canEdit: boolean;
  providers: AiProviderView[];
}

export interface AiSettingsUpdate {
  chain: ChainEntry[];
  localOnly: boolean;
  providers?: Partial<
    Record<
      ProviderName,
      { model?: string | null; apiKey?: string | null; baseUrl?: string | null; monthlyCap?: string | null }
    >
  >;
}

export interface ExtractionRun {
  provider: ChainEntry;
  role: "primary" | "compare";
  status: "pending" | "running" | "succeeded" | "failed" | "skipped";
  reason: string | null;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  costMicros: string;
  costCentavos: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const PROVIDER_LABELS: Record<ChainEntry, string> = {
  gemini: "Gemini",
  claude: "Claude",
  ollama: "Ollama (homelab)",
  offline: "Offline (built-in parsers and OCR)",
};

export const aiApi = {
  settings: () => request<AiSettings>("GET", "/api/extraction/ai/settings"),
  save: (body: AiSettingsUpdate) => request<AiSettings>("PUT", "/api/extraction/ai/settings", { body }),
  runs: (documentId: string) =>
    request<{ documentId: string; attempt: number; extractor: string | null; runs: ExtractionRun[] }>(
      "GET",
      `/api/extraction/documents/${documentId}/runs`,
    ),
};

export const getAiSettings = query(() => aiApi.settings(), "ai-settings");
export const getExtractionRuns = query((documentId: string) => aiApi.runs(documentId), "extraction-runs");

export const saveAiSettingsAction = action(async (body: AiSettingsUpdate) => {
  await aiApi.save(body);
  await revalidate(getAiSettings.key);
  return { savedAt: Date.now() };
}, "ai-settings-save");
