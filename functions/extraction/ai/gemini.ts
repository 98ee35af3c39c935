import { ApiError, type Content, GoogleGenAI, type Part } from "@google/genai";
import { askWithOneCorrection, classify, deadline, instruction, retryAfterMs } from "./answer";
import type { AiProvider, AiRequest } from "./provider";
import { ProviderError } from "./provider";
import { structuredSchema } from "./schema";

export interface GeminiOptions {
  apiKey: string;
  /** e.g. "gemini-2.5-flash". */
  model: string;
  /** Only tests and proxies set it; the SDK's default is Google's endpoint. */
  baseUrl?: string;
  timeoutMs?: number;
}

/** Finish reasons after which the answer was withheld: asking again gets the same. */
const BLOCKED = new Set(["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"]);

/** google.rpc.RetryInfo in a 429's body: `"retryDelay": "7s"` or `"0.5s"`. */
function retryInfoMs(message: string): number | undefined {
  try {
    const body = JSON.parse(message) as { error?: { details?: { "@type"?: string; retryDelay?: string }[] } };
    const info = body.error?.details?.find((d) => d["@type"]?.endsWith("google.rpc.RetryInfo"));
    const m = /^(\d+(?:\.\d+)?)s$/.exec(info?.retryDelay ?? "");
    return m ? Math.round(Number(m[1]) * 1000) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Gemini through @google/genai: JSON mode with the answer schema as `responseJsonSchema`, a
 * receipt as an inline image part, a statement's masked text in the prompt. The SDK's retries
 * are off (the chain retries); a fetch wrapper keeps the 429's Retry-After header, which the
 * SDK's ApiError drops.
 */
export function createGeminiProvider(options: GeminiOptions): AiProvider {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return {
    name: "gemini",
    local: false,
    async extract(request: AiRequest) {
      const signal = deadline(request.signal, timeoutMs);
      let retryAfterHeader: string | null = null;
      const ai = new GoogleGenAI({
        apiKey: options.apiKey,
        httpOptions: {
          ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
          // pinned: structured output with a JSON Schema is documented on v1beta
          apiVersion: "v1beta",
          retryOptions: { attempts: 1 },
          fetch: async (input, init) => {
            const response = await fetch(input, init);
            retryAfterHeader = response.headers.get("retry-after");
            return response;
          },
        },
      });
      const parts: Part[] = [];
      if (request.kind === "receipt" && request.image) {
        parts.push({
          inlineData: {
            mimeType: request.image.mediaType,
            data: Buffer.from(request.image.bytes).toString("base64"),
          },
        });
      }
      parts.push({ text: instruction(request) });
      const first: Content = { role: "user", parts };
      try {
        return await askWithOneCorrection("gemini", request, async (correction) => {
          const contents: Content[] = correction
            ? [
                first,
                { role: "model", parts: [{ text: correction.previousAnswer }] },
                { role: "user", parts: [{ text: correction.message }] },
              ]
            : [first];
          const response = await ai.models.generateContent({
            model: options.model,
            contents,
            config: {
              responseMimeType: "application/json",
              responseJsonSchema: structuredSchema(),
              temperature: 0,
              abortSignal: signal,
            },
          });
          const usage = {
            inputTokens: response.usageMetadata?.promptTokenCount ?? 0,
            // thinking tokens are billed as output
            outputTokens:
              (response.usageMetadata?.candidatesTokenCount ?? 0) +
              (response.usageMetadata?.thoughtsTokenCount ?? 0),
          };
          const blockReason = response.promptFeedback?.blockReason;
          const candidate = response.candidates?.[0];
          if (blockReason || (candidate?.finishReason && BLOCKED.has(candidate.finishReason))) {
            throw new ProviderError(
              "gemini",
              "rejected",
              `Gemini withheld the answer (${blockReason ?? candidate?.finishReason})`,
              undefined,
              usage,
            );
          }
          const answer = (candidate?.content?.parts ?? [])
            .filter((p) => typeof p.text === "string" && !p.thought)
            .map((p) => p.text)
            .join("");
          return { answer, usage, model: response.modelVersion ?? options.model };
        });
      } catch (e) {
        const status = e instanceof ApiError ? e.status : undefined;
        const wait =
          retryAfterMs(retryAfterHeader) ?? (e instanceof ApiError ? retryInfoMs(e.message) : undefined);
        throw classify("gemini", e, status, wait, signal);
      }
    },
  };
}
