import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./breaker";
import {
  ChainBusy,
  type ChainDeps,
  type ChainPolicy,
  type RunFinish,
  type RunRecord,
  type RunStore,
  runChain,
} from "./chain";
import { jollibeeReceipt as receipt } from "./fakes/receipt.testing";
import { type AiAnswer, type AiProvider, type AiRequest, ProviderError, type ProviderName } from "./provider";
import type { ProviderFactory } from "./registry";

/** A provider that plays a script: each call takes the next step (an answer, an error, or a hang). */
type Step = "ok" | "hang" | ProviderError | ((req: AiRequest) => Promise<AiAnswer>);
function scripted(name: ProviderName, steps: Step[], local = name === "ollama") {
  const calls: number[] = [];
  const provider: AiProvider = {
    name,
    local,
    async extract(req) {
      calls.push(Date.now());
      const step = steps.shift() ?? "ok";
      if (step === "ok") {
        return { result: receipt, usage: { inputTokens: 1000, outputTokens: 200 }, model: `${name}-m` };
      }
      if (step === "hang") {
        return new Promise((_, reject) =>
          req.signal.addEventListener("abort", () => reject(new Error("aborted"))),
        );
      }
      if (step instanceof ProviderError) throw step;
      return step(req);
    },
  };
  return { provider, calls };
}

class MemoryStore implements RunStore {
  runs = new Map<string, RunRecord & { position?: number; costMicros?: bigint; inputTokens?: number }>();
  spent = new Map<string, bigint>();
  async list() {
    return [...this.runs.values()];
  }
  async start(provider: ProviderName, position: number) {
    this.runs.set(provider, {
      provider,
      position,
      status: "running",
      reason: null,
      result: null,
      model: null,
    });
  }
  async finish(provider: ProviderName, f: RunFinish) {
    const r = this.runs.get(provider)!;
    Object.assign(r, {
      status: f.status,
      reason: f.reason ?? null,
      result: f.result ?? null,
      model: f.model ?? null,
      costMicros: f.costMicros,
      inputTokens: f.usage.inputTokens,
    });
  }
  async skip(provider: ProviderName, position: number, reason: string) {
    this.runs.set(provider, { provider, position, status: "skipped", reason, result: null, model: null });
  }
  async monthToDateMicros(provider: ProviderName) {
    return this.spent.get(provider) ?? 0n;
  }
}

const policy = (over: Partial<ChainPolicy> = {}): ChainPolicy => ({
  chain: ["gemini", "claude", "offline"],
  localOnly: false,
  providers: {
    gemini: { config: { apiKey: "g-key", model: "gemini-2.5-flash" }, monthlyCapCentavos: null },
    claude: { config: { apiKey: "c-key", model: "claude-sonnet-4-5" }, monthlyCapCentavos: null },
    ollama: { config: { baseUrl: "http://ollama:11434", model: "qwen" }, monthlyCapCentavos: null },
  },
  ...over,
});

function setup(providers: Partial<Record<ProviderName, AiProvider>>, over: Partial<ChainDeps> = {}) {
  const sleeps: number[] = [];
  const factory: ProviderFactory = (name) => {
    const p = providers[name];
    if (!p) throw new Error("provider not built");
    return p;
  };
  const deps: ChainDeps = {
    factory,
    breaker: new CircuitBreaker({ threshold: 2, coolOffMs: 60_000 }),
    callTimeoutMs: 200,
    deadlineMs: 5_000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 1,
    ...over,
  };
  return { deps, sleeps, store: new MemoryStore() };
}

const build = async () => ({
  kind: "receipt" as const,
  image: { bytes: new Uint8Array([1, 2, 3]), mediaType: "image/jpeg" },
  context: { kind: "receipt" as const, categories: [], accounts: [] },
});

describe("the extraction chain", () => {
  it("a 500 that stays down falls back to the next provider after bounded retries", async () => {
    const down = new ProviderError("gemini", "unavailable", "503 Service Unavailable");
    const gemini = scripted("gemini", [down, down, down, down]);
    const claude = scripted("claude", ["ok"]);
    const { deps, sleeps, store } = setup({ gemini: gemini.provider, claude: claude.provider });
    const out = await runChain(deps, policy(), store, build);
    expect(out).toMatchObject({ kind: "succeeded", provider: "claude", model: "claude-m" });
    expect(gemini.calls).toHaveLength(4); // first call + 3 retries
    expect(sleeps).toEqual([1000, 2000, 4000]); // exponential (jitter pinned to its top)
    expect(store.runs.get("gemini")).toMatchObject({ status: "failed" });
    expect(store.runs.get("gemini")!.reason).toMatch(/^unavailable: 503/);
    expect(store.runs.get("claude")).toMatchObject({ status: "succeeded", inputTokens: 1000 });
    expect(store.runs.get("claude")!.costMicros).toBeGreaterThan(0n);
  });

  it("a 429 waits the retry-after the provider gave, then succeeds", async () => {
    const gemini = scripted("gemini", [new ProviderError("gemini", "rate_limited", "429", 7_000), "ok"]);
    const { deps, sleeps, store } = setup({ gemini: gemini.provider }, { deadlineMs: 60_000 });
    const out = await runChain(deps, policy(), store, build);
    expect(out).toMatchObject({ kind: "succeeded", provider: "gemini" });
    expect(sleeps).toEqual([7_000]);
  });

  it("a retry-after beyond the deadline is not waited for: the next provider answers", async () => {
    const gemini = scripted("gemini", [new ProviderError("gemini", "rate_limited", "429", 60_000)]);
    const claude = scripted("claude", ["ok"]);
    const { deps, sleeps, store } = setup({ gemini: gemini.provider, claude: claude.provider });
    expect(await runChain(deps, policy(), store, build)).toMatchObject({ provider: "claude" });
    expect(sleeps).toEqual([]);
  });

  it("a provider that does not answer in time is abandoned (its signal aborted) for the next", async () => {
    let aborted = false;
    const gemini = scripted("gemini", [
      (req) =>
        new Promise((_, reject) =>
          req.signal.addEventListener("abort", () => {
            aborted = true;
            reject(new Error("aborted"));
          }),
        ),
    ]);
    const claude = scripted("claude", ["ok"]);
    const { deps, store } = setup(
      { gemini: gemini.provider, claude: claude.provider },
      { callTimeoutMs: 30 },
    );
    const started = Date.now();
    expect(await runChain(deps, policy(), store, build)).toMatchObject({ provider: "claude" });
    // Gemini never answers: without the 30 ms call timeout this would hang until the test's own
    // timeout; the bound leaves room for a loaded CI machine.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(aborted).toBe(true);
    expect(store.runs.get("gemini")!.reason).toMatch(/^timeout/);
  });

  it("a provider over its monthly cap is skipped with why; offline is next when all are skipped", async () => {
    const gemini = scripted("gemini", ["ok"]);
    const { deps, store } = setup({ gemini: gemini.provider });
    store.spent.set("gemini", 500n * 10_000n); // ₱5.00 spent
    const p = policy({ chain: ["gemini", "offline"] });
    p.providers.gemini!.monthlyCapCentavos = 500n;
    expect(await runChain(deps, p, store, build)).toEqual({ kind: "offline" });
    expect(gemini.calls).toHaveLength(0);
    expect(store.runs.get("gemini")).toMatchObject({ status: "skipped" });
    expect(store.runs.get("gemini")!.reason).toBe("monthly cap reached (₱5.00 of ₱5.00)");
  });

  it("auth, rejected and invalid answers go to the next provider at once, without retries", async () => {
    const gemini = scripted("gemini", [
      new ProviderError("gemini", "auth", "401 API key not valid: POST /v1beta/models?key=g-key"),
    ]);
    const claude = scripted("claude", [new ProviderError("claude", "invalid_answer", "bad json")]);
    const ollama = scripted("ollama", ["ok"]);
    const { deps, sleeps, store } = setup({
      gemini: gemini.provider,
      claude: claude.provider,
      ollama: ollama.provider,
    });
    const out = await runChain(deps, policy({ chain: ["gemini", "claude", "ollama"] }), store, build);
    expect(out).toMatchObject({ provider: "ollama" });
    expect(gemini.calls).toHaveLength(1);
    expect(claude.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(store.runs.get("gemini")!.reason).toBe(
      "auth: 401 API key not valid: POST /v1beta/models?key=[key]",
    );
  });

  it("local only skips the cloud providers (recorded) and uses Ollama", async () => {
    const gemini = scripted("gemini", ["ok"]);
    const ollama = scripted("ollama", ["ok"]);
    const { deps, store } = setup({ gemini: gemini.provider, ollama: ollama.provider });
    const out = await runChain(deps, policy({ chain: ["gemini", "ollama"], localOnly: true }), store, build);
    expect(out).toMatchObject({ provider: "ollama" });
    expect(gemini.calls).toHaveLength(0);
    expect(store.runs.get("gemini")).toMatchObject({
      status: "skipped",
      reason: "local only: cloud providers are off",
    });
  });

  it("unconfigured and not-built providers are skipped; with no offline step the chain is exhausted", async () => {
    const { deps, store } = setup({});
    const p = policy({ chain: ["gemini", "claude"] });
    p.providers.claude = { config: null, monthlyCapCentavos: null };
    const out = await runChain(deps, p, store, build);
    expect(out).toMatchObject({ kind: "exhausted" });
    expect(store.runs.get("gemini")!.reason).toBe("not available in this build");
    expect(store.runs.get("claude")!.reason).toBe("no API key set");
  });

  it("the breaker opens after repeated failures, skips the provider, then lets one probe through", async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const breaker = new CircuitBreaker({ threshold: 2, coolOffMs: 60_000, now });
    const down = () => new ProviderError("gemini", "unavailable", "502");
    const gemini = scripted("gemini", [down(), down(), "ok"]);
    const claude = scripted("claude", ["ok", "ok", "ok", "ok"]);
    const providers = { gemini: gemini.provider, claude: claude.provider };
    const run = async () => {
      const { deps, store } = setup(providers, { breaker, now, maxRetries: 0 });
      const out = await runChain(deps, policy(), store, build);
      return { out, store };
    };
    expect((await run()).out).toMatchObject({ provider: "claude" }); // failure 1
    expect((await run()).out).toMatchObject({ provider: "claude" }); // failure 2: opens
    expect(breaker.state("gemini")).toBe("open");
    const third = await run();
    expect(third.store.runs.get("gemini")).toMatchObject({ status: "skipped" });
    expect(third.store.runs.get("gemini")!.reason).toMatch(/^circuit open/);
    expect(gemini.calls).toHaveLength(2);
    clock += 60_000;
    expect(breaker.state("gemini")).toBe("half_open");
    expect((await run()).out).toMatchObject({ provider: "gemini" }); // the probe succeeds
    expect(breaker.state("gemini")).toBe("closed");
  });

  it("a failed half-open probe opens the breaker again at once", () => {
    let clock = 0;
    const breaker = new CircuitBreaker({ threshold: 3, coolOffMs: 10, now: () => clock });
    for (let i = 0; i < 3; i++) breaker.failure("claude");
    expect(breaker.tryAcquire("claude")).toBe(false);
    clock = 10;
    expect(breaker.tryAcquire("claude")).toBe(true);
    expect(breaker.tryAcquire("claude")).toBe(false); // one probe at a time
    breaker.failure("claude");
    expect(breaker.state("claude")).toBe("open");
  });

  it("resumes after a crash: the provider left running counts as failed, the next one is tried, finished runs are not redone", async () => {
    const gemini = scripted("gemini", ["ok"]);
    const claude = scripted("claude", ["ok"]);
    const { deps, store } = setup({ gemini: gemini.provider, claude: claude.provider });
    await store.start("gemini", 0); // the pod died during gemini's call, a while ago
    store.runs.get("gemini")!.startedAt = new Date(Date.now() - 10 * 60_000);
    const out = await runChain(deps, policy(), store, build);
    expect(out).toMatchObject({ provider: "claude" });
    expect(gemini.calls).toHaveLength(0);
    expect(store.runs.get("gemini")!.reason).toMatch(/^interrupted/);
    // a further redelivery finds the answer and calls nobody
    const again = await runChain(deps, policy(), store, build);
    expect(again).toMatchObject({ kind: "succeeded", provider: "claude" });
    expect(claude.calls).toHaveLength(1);
  });

  it("a call another delivery started moments ago is left to it: this delivery backs off", async () => {
    const gemini = scripted("gemini", ["ok"]);
    const { deps, store } = setup({ gemini: gemini.provider });
    await store.start("gemini", 0);
    store.runs.get("gemini")!.startedAt = new Date();
    await expect(runChain(deps, policy(), store, build)).rejects.toBeInstanceOf(ChainBusy);
    expect(gemini.calls).toHaveLength(0);
    expect(store.runs.get("gemini")!.status).toBe("running");
  });

  it("the whole chain stops at its deadline", async () => {
    let clock = 0;
    // Time passes during gemini's call (the clock jumps past the deadline), so the
    // outcome does not depend on which real timer a loaded machine runs first.
    const gemini = scripted("gemini", [
      (req) => {
        clock = 1_000;
        return new Promise((_, reject) =>
          req.signal.addEventListener("abort", () => reject(new Error("aborted"))),
        );
      },
    ]);
    const claude = scripted("claude", ["ok"]);
    const { deps, store } = setup(
      { gemini: gemini.provider, claude: claude.provider },
      { callTimeoutMs: 10_000, deadlineMs: 40, now: () => clock },
    );
    expect(await runChain(deps, policy(), store, build)).toEqual({ kind: "offline" });
    expect(claude.calls).toHaveLength(0);
    expect(store.runs.get("gemini")!.reason).toMatch(/^timeout/);
    expect(store.runs.get("claude")).toMatchObject({
      status: "skipped",
      reason: "out of time for this document",
    });
  });
});
