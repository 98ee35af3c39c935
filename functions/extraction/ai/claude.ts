import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "@anthropic-ai/sdk";
import type {
  ContentBlock,
  ContentBlockParam,
  MessageParam,
  Tool,
} from "@anthropic-ai/sdk/resources/messages";
import { askWithOneCorrection, classify, deadline, instruction, retryAfterMs } from "./answer";
import type { AiProvider, AiRequest } from "./provider";
import { ProviderError } from "./provider";
import { structuredSchema } from "./schema";

export interface ClaudeOptions {
  apiKey: string;
  /** e.g. "claude-haiku-4-5". */
  model: string;
  baseUrl?: string;
  timeoutMs?: number;
  /** Room for a long statement's lines; Claude stops at this many output tokens (at most 21,000). */
  maxTokens?: number;
}

export const CLAUDE_TOOL = "record_extraction";
type ImageType = "image/jpeg" | "image/png" | "image/gif" | "image/webp";

/**
 * A tool's input sometimes arrives with a nested array or object as a JSON string
 * (`"lines": "[{...}]"`); read it back so the schema sees what the model meant.
 */
function unstringify(input: unknown): unknown {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  return Object.fromEntries(
    Object.entries(input).map(([k, v]) => {
      if (typeof v === "string" && /^\s*[[{]/.test(v)) {
        try {
          return [k, JSON.parse(v)];
        } catch {
          return [k, v];
        }
      }
      return [k, v];
    }),
  );
}

/** Text of the answer: the forced tool's input as JSON, or any text blocks when there is no tool call. */
function answerOf(content: ContentBlock[]): string {
  const tool = content.find((b) => b.type === "tool_use" && b.name === CLAUDE_TOOL);
  if (tool && tool.type === "tool_use") return JSON.stringify(unstringify(tool.input));
  return content.map((b) => (b.type === "text" ? b.text : "")).join("\n");
}

const asParam = (b: ContentBlock): ContentBlockParam | null =>
  b.type === "tool_use"
    ? { type: "tool_use", id: b.id, name: b.name, input: b.input }
    : b.type === "text"
      ? { type: "text", text: b.text }
      : null;

/**
 * Claude through @anthropic-ai/sdk: one tool whose input schema is the answer schema, with
 * `tool_choice` forcing it, so the answer is the tool's input. The corrective turn answers
 * that tool call with an error `tool_result` carrying the field errors. SDK retries are off.
 */
export function createClaudeProvider(options: ClaudeOptions): AiProvider {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const client = new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
    maxRetries: 0,
    timeout: timeoutMs,
  });
  const tool: Tool = {
    name: CLAUDE_TOOL,
    description: "Record what was read from the receipt or statement, in FinTrack's answer schema.",
    input_schema: structuredSchema() as Tool["input_schema"],
  };
  return {
    name: "claude",
    local: false,
    async extract(request: AiRequest) {
      const signal = deadline(request.signal, timeoutMs);
      const content: ContentBlockParam[] = [];
      if (request.kind === "receipt" && request.image) {
        content.push({
          type: "image",
          source: {
            type: "base64",
            media_type: request.image.mediaType as ImageType,
            data: Buffer.from(request.image.bytes).toString("base64"),
          },
        });
      }
      content.push({ type: "text", text: instruction(request) });
      const first: MessageParam = { role: "user", content };
      let previous: ContentBlock[] = [];
      try {
        return await askWithOneCorrection("claude", request, async (correction) => {
          const messages: MessageParam[] = [first];
          if (correction) {
            const blocks = previous.map(asParam).filter((b): b is ContentBlockParam => b !== null);
            const toolUse = previous.find((b) => b.type === "tool_use");
            messages.push(
              {
                role: "assistant",
                content: blocks.length ? blocks : correction.previousAnswer || "(no answer)",
              },
              {
                role: "user",
                content:
                  toolUse?.type === "tool_use"
                    ? [
                        {
                          type: "tool_result",
                          tool_use_id: toolUse.id,
                          is_error: true,
                          content: correction.message,
                        },
                      ]
                    : correction.message,
              },
            );
          }
          const message = await client.messages.create(
            {
              model: options.model,
              // the SDK refuses a non-streamed request it expects to run past 10 minutes (> ~21k tokens)
              max_tokens: Math.min(options.maxTokens ?? 16_384, 21_000),
              tools: [tool],
              tool_choice: { type: "tool", name: CLAUDE_TOOL },
              messages,
            },
            { signal },
          );
          const usage = {
            inputTokens:
              message.usage.input_tokens +
              (message.usage.cache_creation_input_tokens ?? 0) +
              (message.usage.cache_read_input_tokens ?? 0),
            outputTokens: message.usage.output_tokens,
          };
          if (message.stop_reason === "refusal") {
            throw new ProviderError(
              "claude",
              "rejected",
              "Claude declined to read the document",
              undefined,
              usage,
            );
          }
          previous = message.content;
          return { answer: answerOf(message.content), usage, model: message.model };
        });
      } catch (e) {
        if (e instanceof APIUserAbortError || e instanceof APIConnectionTimeoutError) {
          throw new ProviderError("claude", "timeout", "No answer before the deadline");
        }
        if (e instanceof APIConnectionError) {
          throw classify(
            "claude",
            signal.aborted ? e : { code: "ECONNREFUSED" },
            undefined,
            undefined,
            signal,
          );
        }
        const status = e instanceof APIError ? e.status : undefined;
        const wait = e instanceof APIError ? retryAfterMs(e.headers?.get("retry-after")) : undefined;
        throw classify("claude", e, status, wait, signal);
      }
    },
  };
}
