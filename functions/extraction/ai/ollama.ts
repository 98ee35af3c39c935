import { type Message, Ollama } from "ollama";
import { askWithOneCorrection, classify, deadline, instruction, retryAfterMs } from "./answer";
import type { AiProvider, AiRequest } from "./provider";
import { structuredSchema } from "./schema";

export interface OllamaOptions {
  /** e.g. "http://ollama.lan:11434". */
  host: string;
  /** Any model the user has pulled; a vision model ("qwen2.5vl", "llama3.2-vision") for receipts. */
  model: string;
  /** Local models on homelab hardware are slow: the default is generous. */
  timeoutMs?: number;
}

/**
 * Ollama through the `ollama` client: `/api/chat`, not streamed, with the answer schema as
 * `format` (Ollama's structured outputs) and a receipt as a base64 image on the message. The
 * client takes no per-request signal for a non-streamed call, so the deadline rides on a fetch
 * wrapper. Whether it is local depends on where the host is; FinTrack treats Ollama as local.
 */
export function createOllamaProvider(options: OllamaOptions): AiProvider {
  const timeoutMs = options.timeoutMs ?? 180_000;
  return {
    name: "ollama",
    local: true,
    async extract(request: AiRequest) {
      const signal = deadline(request.signal, timeoutMs);
      // a proxy in front of Ollama may rate-limit; the client's error drops the headers
      let retryAfterHeader: string | null = null;
      const client = new Ollama({
        host: options.host,
        fetch: async (input, init) => {
          const response = await fetch(input, { ...init, signal });
          retryAfterHeader = response.headers.get("retry-after");
          return response;
        },
      });
      const first: Message = { role: "user", content: instruction(request) };
      if (request.kind === "receipt" && request.image) {
        first.images = [Buffer.from(request.image.bytes).toString("base64")];
      }
      try {
        return await askWithOneCorrection("ollama", request, async (correction) => {
          const messages: Message[] = correction
            ? [
                first,
                { role: "assistant", content: correction.previousAnswer },
                { role: "user", content: correction.message },
              ]
            : [first];
          const response = await client.chat({
            model: options.model,
            messages,
            format: structuredSchema(),
            stream: false,
            options: { temperature: 0 },
          });
          return {
            answer: response.message?.content ?? "",
            usage: { inputTokens: response.prompt_eval_count ?? 0, outputTokens: response.eval_count ?? 0 },
            model: response.model || options.model,
          };
        });
      } catch (e) {
        const status = (e as { status_code?: number } | null)?.status_code;
        throw classify(
          "ollama",
          e,
          typeof status === "number" ? status : undefined,
          retryAfterMs(retryAfterHeader),
          signal,
        );
      }
    },
  };
}
