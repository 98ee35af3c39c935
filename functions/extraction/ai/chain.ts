import type { AiChainEntry } from "@fintrack/db/schema";
import { ExtractionResult } from "../result";
import type { Breaker } from "./breaker";
import { costMicros, MICROS_PER_CENTAVO } from "./pricing";
import {
  type AiAnswer,
  type AiProvider,
  type AiRequest,
  type AiUsage,
  ProviderError,
  type ProviderName,
} from "./provider";
import { isLocal, type ProviderConfig, type ProviderFactory } from "./registry";

/** What the chain needs to know about a household's policy (settings.ts resolves it). */
export interface ChainPolicy {
  chain: AiChainEntry[];
  localOnly: boolean;
  providers: Partial<
    Record<ProviderName, { config: ProviderConfig | null; monthlyCapCentavos: bigint | null }>
  >;
}

export type RunStatus = "pending" | "running" | "succeeded" | "failed" | "skipped";

export interface RunRecord {
  provider: ProviderName | "offline";
  status: RunStatus;
  reason: string | null;
  result: unknown;
  model: string | null;
  startedAt?: Date | null;
}

/**
 * A provider's call started by another delivery is still within its time: that delivery is
 * alive (the broker redelivered on its own timeout), so this one backs off and is retried.
 */
export class ChainBusy extends Error {
  constructor(provider: string) {
    super(`${provider} is being called by another delivery of this event`);
    this.name = "ChainBusy";
  }
}

export interface RunFinish {
  status: "succeeded" | "failed";
  reason?: string;
  usage: AiUsage;
  costMicros: bigint;
  model?: string;
  result?: ExtractionResult;
}

/** Where runs are kept: extraction_runs (runs.ts) in the app, memory in unit tests. */
export interface RunStore {
  /** This attempt's primary runs so far. */
  list(): Promise<RunRecord[]>;
  start(provider: ProviderName, position: number): Promise<void>;
  finish(provider: ProviderName, f: RunFinish): Promise<void>;
  skip(provider: ProviderName, position: number, reason: string): Promise<void>;
  /** Money spent with the provider this calendar month, in micro-pesos. */
  monthToDateMicros(provider: ProviderName): Promise<bigint>;
}

export interface ChainDeps {
  factory: ProviderFactory;
  breaker: Breaker;
  /** One call's limit; a slower answer is a timeout (and the next provider is tried). */
  callTimeoutMs: number;
  /** The whole chain's budget: below the Knative request timeout, offline's time included. */
  deadlineMs: number;
  /** Retries per provider on rate_limited/unavailable (beyond the first call). */
  maxRetries?: number;
  baseBackoffMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  log?: (fields: Record<string, unknown>, msg: string) => void;
}

export type ChainOutcome =
  | { kind: "succeeded"; provider: ProviderName; result: ExtractionResult; model: string | null }
  /** No AI provider answered; "offline" is next in the chain. */
  | { kind: "offline" }
  /** No AI provider answered and the chain has no offline step. */
  | { kind: "exhausted"; reasons: string[] };

const RETRYABLE = new Set(["rate_limited", "unavailable"]);
/** Failures that say the provider is unwell (not that this request is bad). */
const BREAKER_FAILURES = new Set(["rate_limited", "unavailable", "timeout"]);

const pesos = (micros: bigint) => {
  const c = micros / MICROS_PER_CENTAVO;
  return `₱${c / 100n}.${(c % 100n).toString().padStart(2, "0")}`;
};

/**
 * Runs the household's chain for one document attempt: each AI provider in order until one
 * answers, skipping (and recording why) those not configured, cloud ones in local-only mode,
 * those over their monthly cap, and those whose circuit is open. A run already finished in an
 * earlier delivery is never redone; one left "running" by a crash counts as failed, so a
 * redelivery resumes with the next provider. Stops at "offline", which the caller runs.
 */
export async function runChain(
  deps: ChainDeps,
  policy: ChainPolicy,
  store: RunStore,
  buildRequest: () => Promise<Omit<AiRequest, "signal">>,
): Promise<ChainOutcome> {
  const now = deps.now ?? Date.now;
  const deadlineAt = now() + deps.deadlineMs;
  const existing = await store.list();
  const done = existing.find((r) => r.status === "succeeded" && r.provider !== "offline");
  if (done) {
    const parsed = ExtractionResult.safeParse(done.result);
    if (parsed.success) {
      return {
        kind: "succeeded",
        provider: done.provider as ProviderName,
        result: parsed.data,
        model: done.model,
      };
    }
  }
  const reasons: string[] = [];
  let request: Omit<AiRequest, "signal"> | undefined;
  for (const [position, entry] of policy.chain.entries()) {
    if (entry === "offline") return { kind: "offline" };
    const name = entry;
    const before = existing.find((r) => r.provider === name);
    if (before && before.status !== "running" && before.status !== "pending") {
      reasons.push(`${name}: ${before.reason ?? before.status}`);
      continue;
    }
    if (before?.status === "running") {
      // a row younger than the chain's whole budget may belong to a delivery still running
      if (before.startedAt && now() - before.startedAt.getTime() < deps.deadlineMs) throw new ChainBusy(name);
      const reason = "interrupted: the function stopped during the call";
      await store.finish(name, { status: "failed", reason, usage: zero(), costMicros: 0n });
      reasons.push(`${name}: ${reason}`);
      continue;
    }
    const skip = async (reason: string) => {
      await store.skip(name, position, reason);
      reasons.push(`${name}: ${reason}`);
    };
    if (policy.localOnly && !isLocal(name)) {
      await skip("local only: cloud providers are off");
      continue;
    }
    const settings = policy.providers[name];
    if (!settings?.config) {
      await skip(name === "ollama" ? "no Ollama address set" : "no API key set");
      continue;
    }
    if (settings.monthlyCapCentavos !== null) {
      const spent = await store.monthToDateMicros(name);
      const cap = settings.monthlyCapCentavos * MICROS_PER_CENTAVO;
      if (spent >= cap) {
        await skip(`monthly cap reached (${pesos(spent)} of ${pesos(cap)})`);
        continue;
      }
    }
    if (now() >= deadlineAt) {
      await skip("out of time for this document");
      continue;
    }
    let provider: AiProvider;
    try {
      provider = deps.factory(name, settings.config);
    } catch {
      await skip("not available in this build");
      continue;
    }
    if (policy.localOnly && !provider.local) {
      await skip("local only: this provider is not local");
      continue;
    }
    if (!(await deps.breaker.tryAcquire(name))) {
      const at = await deps.breaker.retryAt(name);
      await skip(
        `circuit open after repeated failures${at ? `; tried again after ${new Date(at).toISOString()}` : ""}`,
      );
      continue;
    }
    request ??= await buildRequest();
    await store.start(name, position);
    const outcome = await callWithRetries(deps, provider, request, deadlineAt);
    const cost = costMicros(name, outcome.model ?? settings.config.model, outcome.usage);
    if ("answer" in outcome) {
      await deps.breaker.success(name);
      await store.finish(name, {
        status: "succeeded",
        usage: outcome.usage,
        costMicros: cost,
        model: outcome.answer.model,
        result: outcome.answer.result,
      });
      deps.log?.(
        { provider: name, model: outcome.answer.model, ...outcome.usage },
        "ai extraction succeeded",
      );
      return {
        kind: "succeeded",
        provider: name,
        result: outcome.answer.result,
        model: outcome.answer.model,
      };
    }
    const err = outcome.error;
    if (BREAKER_FAILURES.has(err.kind)) await deps.breaker.failure(name);
    else await deps.breaker.success(name); // it answered: it is up, the request was the problem
    // an SDK's message may quote the request (a URL with ?key=…): the key never reaches a row
    const secret = settings.config.apiKey;
    const message = secret ? err.message.split(secret).join("[key]") : err.message;
    const reason = `${err.kind}: ${message}`.slice(0, 300);
    await store.finish(name, { status: "failed", reason, usage: outcome.usage, costMicros: cost });
    deps.log?.({ provider: name, kind: err.kind }, "ai provider failed, trying the next");
    reasons.push(`${name}: ${reason}`);
  }
  return { kind: "exhausted", reasons };
}

const zero = (): AiUsage => ({ inputTokens: 0, outputTokens: 0 });

type CallOutcome =
  | { answer: AiAnswer; usage: AiUsage; model: string }
  | { error: ProviderError; usage: AiUsage; model: null };

/**
 * One provider's turn: a call bounded by the per-call timeout and the chain's deadline,
 * retried with exponential backoff and jitter on rate_limited/unavailable (waiting
 * retry-after when the provider gave it), never past the deadline.
 */
async function callWithRetries(
  deps: ChainDeps,
  provider: AiProvider,
  request: Omit<AiRequest, "signal">,
  deadlineAt: number,
): Promise<CallOutcome> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  const maxRetries = deps.maxRetries ?? 3;
  const base = deps.baseBackoffMs ?? 1000;
  const usage = zero();
  for (let attempt = 0; ; attempt++) {
    const remaining = deadlineAt - now();
    const error = (kind: ProviderError["kind"], message: string) =>
      new ProviderError(provider.name, kind, message);
    let failure: ProviderError;
    if (remaining <= 0) {
      return { error: error("timeout", "out of time for this document"), usage, model: null };
    }
    try {
      const answer = await withTimeout(provider, request, Math.min(deps.callTimeoutMs, remaining));
      usage.inputTokens += answer.usage.inputTokens;
      usage.outputTokens += answer.usage.outputTokens;
      const checked = ExtractionResult.safeParse(answer.result);
      if (!checked.success) {
        return { error: error("invalid_answer", "the answer did not match the schema"), usage, model: null };
      }
      return { answer: { ...answer, result: checked.data }, usage, model: answer.model };
    } catch (e) {
      failure =
        e instanceof ProviderError
          ? e
          : error("unavailable", e instanceof Error ? e.message : "the call failed");
    }
    if (failure.usage) {
      usage.inputTokens += failure.usage.inputTokens;
      usage.outputTokens += failure.usage.outputTokens;
    }
    if (!RETRYABLE.has(failure.kind) || attempt >= maxRetries) return { error: failure, usage, model: null };
    const backoff = base * 2 ** attempt * (0.5 + random() / 2);
    const delay = failure.retryAfterMs ?? backoff;
    if (now() + delay >= deadlineAt) return { error: failure, usage, model: null };
    await sleep(delay);
  }
}

async function withTimeout(
  provider: AiProvider,
  request: Omit<AiRequest, "signal">,
  ms: number,
): Promise<AiAnswer> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ProviderError(provider.name, "timeout", `no answer within ${Math.round(ms / 1000)} s`));
    }, ms);
  });
  try {
    // a provider that ignores the signal is still abandoned at the timeout
    return await Promise.race([provider.extract({ ...request, signal: controller.signal }), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
