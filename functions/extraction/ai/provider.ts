import type { PromptContext } from "../paste/prompt";
import type { ExtractionResult } from "../result";

/**
 * The contract between the extraction chain (which provider, when, how often, at what cost)
 * and one AI provider (how to ask it and read its answer). A provider never retries on its
 * own beyond the one "your answer was invalid, here are the errors" turn: retries, backoff,
 * the circuit breaker and caps belong to the chain, so the SDKs' own retries are switched off.
 */
export type ProviderName = "gemini" | "claude" | "ollama";

export interface AiRequest {
  kind: "receipt" | "statement";
  /** A receipt photo (JPEG/PNG/WebP after any HEIC conversion). */
  image?: { bytes: Uint8Array; mediaType: string };
  /**
   * A statement's text, read from the stored text layer, card numbers already masked to the
   * last 4 digits (`maskCardNumbers`). The password never exists here: the PDF was unlocked at
   * upload and only its text layer kept.
   */
  text?: string;
  /** The household's categories and accounts, as manual paste puts them in the prompt. */
  context: PromptContext;
  /** Aborted by the chain at its deadline; a provider passes it to its SDK. */
  signal: AbortSignal;
}

export interface AiUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface AiAnswer {
  result: ExtractionResult;
  usage: AiUsage;
  /** The model that answered, e.g. "gemini-2.5-flash". */
  model: string;
}

export type ProviderErrorKind =
  /** 429: try later, after `retryAfterMs` when the provider said so. */
  | "rate_limited"
  /** 5xx, connection refused or reset: the provider is down for now. */
  | "unavailable"
  /** No answer before the deadline. */
  | "timeout"
  /** 401/403: the key is wrong or revoked; retrying will not help. */
  | "auth"
  /** The answer did not match the schema, even after the one corrective turn. */
  | "invalid_answer"
  /** 400 or the model refused/blocked the content: retrying the same request will not help. */
  | "rejected";

export class ProviderError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly kind: ProviderErrorKind,
    message: string,
    readonly retryAfterMs?: number,
    /** Tokens spent before failing (an invalid answer still costs). */
    readonly usage?: AiUsage,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

export interface AiProvider {
  readonly name: ProviderName;
  /** Whether what it is sent leaves the homelab (false only for a local Ollama). */
  readonly local: boolean;
  extract(request: AiRequest): Promise<AiAnswer>;
}
