import type { FieldError } from "../../lib/problem";
import { parseAnswer } from "../paste/parse";
import { buildPrompt } from "../paste/prompt";
import type { ExtractionResult } from "../result";
import { maskCardNumbers } from "./mask";
import { type AiAnswer, type AiRequest, type AiUsage, ProviderError, type ProviderName } from "./provider";

/**
 * What every provider shares: the instruction (the manual-paste prompt, so all three and a
 * member's own chat are asked the same thing), reading an answer the way a pasted one is read,
 * and the one corrective turn.
 */

/** One model turn: the text (or a tool's input, as JSON) it answered with, and what it cost. */
export interface Turn {
  answer: string;
  usage: AiUsage;
  model: string;
}

/** What the provider sends back after an invalid answer, so the model can fix exactly that. */
export interface Correction {
  previousAnswer: string;
  message: string;
}

export function instruction(request: AiRequest): string {
  const prompt = buildPrompt({ ...request.context, kind: request.kind });
  if (request.kind === "receipt") return prompt;
  // masked again here though the chain masks too: a provider is the last thing before the network
  return `${prompt}\n\nThe statement's text:\n\n${maskCardNumbers(request.text ?? "")}`;
}

export function validate(
  kind: AiRequest["kind"],
  answer: string,
): { ok: true; result: ExtractionResult } | { ok: false; errors: FieldError[] } {
  const outcome = parseAnswer(answer);
  if (!outcome.ok) return { ok: false, errors: outcome.errors };
  if (outcome.result.kind !== kind) {
    return { ok: false, errors: [{ path: "kind", message: `This document is a ${kind}` }] };
  }
  return outcome;
}

export function correctionMessage(errors: FieldError[]): string {
  return [
    "Your answer does not match the JSON Schema. Fix these fields and answer again with the whole JSON object only:",
    ...errors.slice(0, 30).map((e) => `- ${e.path}: ${e.message}`),
  ].join("\n");
}

const add = (a: AiUsage, b: AiUsage): AiUsage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
});

/**
 * Asks, validates, and on an invalid answer asks once more with the field errors; a second
 * invalid answer is `invalid_answer` carrying the tokens both turns spent.
 */
export async function askWithOneCorrection(
  provider: ProviderName,
  request: AiRequest,
  send: (correction: Correction | null) => Promise<Turn>,
): Promise<AiAnswer> {
  // asking about nothing would still cost tokens and come back as a made-up answer
  if (request.kind === "receipt" ? !request.image?.bytes.length : !request.text?.trim()) {
    throw new ProviderError(
      provider,
      "rejected",
      `A ${request.kind} request needs its ${request.kind === "receipt" ? "image" : "text"}`,
    );
  }
  const first = await send(null);
  const checked = validate(request.kind, first.answer);
  if (checked.ok) return { result: checked.result, usage: first.usage, model: first.model };
  const second = await send({ previousAnswer: first.answer, message: correctionMessage(checked.errors) });
  const usage = add(first.usage, second.usage);
  const again = validate(request.kind, second.answer);
  if (again.ok) return { result: again.result, usage, model: second.model };
  throw new ProviderError(
    provider,
    "invalid_answer",
    `The answer did not match the schema after one correction: ${again.errors
      .slice(0, 5)
      .map((e) => `${e.path}: ${e.message}`)
      .join("; ")}`,
    undefined,
    usage,
  );
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** The request's deadline and the provider's own timeout, whichever comes first. */
export function deadline(signal: AbortSignal, timeoutMs: number): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
}

function isAbort(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === "AbortError" || name === "TimeoutError";
}

/** Network failures below HTTP: refused, reset, DNS, closed mid-answer. */
function isConnection(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string }; name?: string; message?: string } | null;
  const code = err?.code ?? err?.cause?.code;
  if (code && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EPIPE|UND_ERR_)/.test(code)) return true;
  return err?.name === "TypeError" && /fetch failed/i.test(err.message ?? "");
}

/**
 * The kind of an HTTP status or a thrown network error. Messages keep the status and the
 * provider's error type only — never the request, which holds the document.
 */
export function classify(
  provider: ProviderName,
  e: unknown,
  status: number | undefined,
  retryAfter: number | undefined,
  signal: AbortSignal,
): ProviderError {
  if (e instanceof ProviderError) return e;
  if (status === 429) return new ProviderError(provider, "rate_limited", "HTTP 429 rate limited", retryAfter);
  if (status === 401 || status === 403) {
    return new ProviderError(provider, "auth", `HTTP ${status}: the API key was refused`);
  }
  if (status === 408) return new ProviderError(provider, "timeout", "HTTP 408 request timeout");
  if (status !== undefined && status >= 500) {
    return new ProviderError(provider, "unavailable", `HTTP ${status}`, retryAfter);
  }
  if (status !== undefined && status >= 400) {
    return new ProviderError(provider, "rejected", `HTTP ${status}: the request was refused`);
  }
  if (isAbort(e) || signal.aborted)
    return new ProviderError(provider, "timeout", "No answer before the deadline");
  if (isConnection(e)) return new ProviderError(provider, "unavailable", "Could not reach the provider");
  return new ProviderError(provider, "unavailable", `Unexpected failure: ${(e as Error)?.name ?? "error"}`);
}
