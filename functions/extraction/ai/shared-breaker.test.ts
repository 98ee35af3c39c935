import type { DbHandle } from "@fintrack/db";
import { openSecondHandle, openTestDatabase } from "@fintrack/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChainPolicy, type RunFinish, type RunRecord, type RunStore, runChain } from "./chain";
import { jollibeeReceipt as receipt } from "./fakes/receipt.testing";
import { type AiProvider, ProviderError, type ProviderName } from "./provider";
import { SharedBreaker } from "./shared-breaker";

/**
 * Two extraction replicas are two SharedBreakers, each with its own connection (on PostgreSQL)
 * and its own cached copy, on one database: what one learns about a provider the other acts on.
 */
let first: DbHandle;
let second: DbHandle;
beforeAll(async () => {
  first = await openTestDatabase();
  second = await openSecondHandle(first);
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

/** A provider that is down while `down()` says so, and answers once `gate()` lets it; counts its calls. */
function fake(name: ProviderName, down: () => boolean, gate: () => Promise<void> = async () => {}) {
  let calls = 0;
  const provider: AiProvider = {
    name,
    local: false,
    async extract() {
      calls++;
      await gate();
      if (down()) throw new ProviderError(name, "unavailable", "502 Bad Gateway");
      return { result: receipt, usage: { inputTokens: 10, outputTokens: 5 }, model: `${name}-m` };
    },
  };
  return { provider, calls: () => calls };
}

class Runs implements RunStore {
  runs = new Map<string, RunRecord>();
  async list() {
    return [...this.runs.values()];
  }
  async start(provider: ProviderName) {
    this.runs.set(provider, { provider, status: "running", reason: null, result: null, model: null });
  }
  async finish(provider: ProviderName, f: RunFinish) {
    Object.assign(this.runs.get(provider)!, { status: f.status, reason: f.reason ?? null });
  }
  async skip(provider: ProviderName, _position: number, reason: string) {
    this.runs.set(provider, { provider, status: "skipped", reason, result: null, model: null });
  }
  async monthToDateMicros() {
    return 0n;
  }
}

const policy: ChainPolicy = {
  chain: ["gemini", "claude", "offline"],
  localOnly: false,
  providers: {
    gemini: { config: { apiKey: "g", model: "gemini-2.5-flash" }, monthlyCapCentavos: null },
    claude: { config: { apiKey: "c", model: "claude-sonnet-4-5" }, monthlyCapCentavos: null },
  },
};

/** Counts the statements a breaker sends (each select/update/insert builder is one). */
function counted(db: DbHandle["db"]) {
  let n = 0;
  const proxy = new Proxy(db, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (key === "select" || key === "update" || key === "insert")
        return (...args: unknown[]) => {
          n++;
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      return v;
    },
  });
  return { db: proxy, count: () => n };
}

describe("the circuit breaker is shared by every replica", () => {
  it("one replica opens it, the other skips the provider without calling it; after the cool-down exactly one trial goes out", async () => {
    let clock = Date.parse("2026-11-29T09:00:00Z");
    const now = () => clock;
    const opts = { threshold: 2, coolOffMs: 60_000, probeLeaseMs: 30_000, cacheMs: 1_000, now };
    const a = counted(first.db);
    const replicaA = new SharedBreaker(a.db, opts);
    const replicaB = new SharedBreaker(second.db, opts);
    let geminiDown = true;
    let gate = Promise.resolve();
    const gemini = fake(
      "gemini",
      () => geminiDown,
      () => gate,
    );
    const claude = fake("claude", () => false);
    const run = (breaker: SharedBreaker) => {
      const store = new Runs();
      const factory = (name: ProviderName) => (name === "gemini" ? gemini.provider : claude.provider);
      return runChain(
        { factory, breaker, callTimeoutMs: 1_000, deadlineMs: 10_000, maxRetries: 0, now },
        policy,
        store,
        async () => ({
          kind: "receipt" as const,
          image: { bytes: new Uint8Array([1]), mediaType: "image/jpeg" },
          context: { kind: "receipt" as const, categories: [], accounts: [] },
        }),
      ).then((out) => ({ out, store }));
    };

    // replica A: two failures in a row open gemini's breaker
    expect((await run(replicaA)).out).toMatchObject({ provider: "claude" });
    clock += 5_000;
    expect((await run(replicaA)).out).toMatchObject({ provider: "claude" });
    expect(gemini.calls()).toBe(2);

    // replica B never called gemini: it reads the open breaker and skips it
    const skipped = await run(replicaB);
    expect(skipped.out).toMatchObject({ provider: "claude" });
    expect(skipped.store.runs.get("gemini")).toMatchObject({ status: "skipped" });
    expect(skipped.store.runs.get("gemini")!.reason).toBe(
      "circuit open after repeated failures; tried again after 2026-11-29T09:01:05.000Z",
    );
    expect(gemini.calls()).toBe(2);

    // the cool-down is over and gemini is back: both replicas at once, one trial between them
    // (held until the other replica has made its choice, so it cannot see the trial's outcome)
    clock += 60_000;
    geminiDown = false;
    let release = () => {};
    gate = new Promise((r) => {
      release = r;
    });
    const runs = [run(replicaA), run(replicaB)];
    await Promise.race(runs);
    release();
    const both = await Promise.all(runs);
    expect(gemini.calls()).toBe(3);
    expect(both.map((r) => r.out).filter((o) => "provider" in o && o.provider === "gemini")).toHaveLength(1);
    const loser = both.find((r) => "provider" in r.out && r.out.provider === "claude")!;
    expect(loser.store.runs.get("gemini")!.reason).toMatch(/^circuit open/);

    // the trial succeeded: closed for every replica once its copy is read again
    clock += 1_000;
    expect((await run(replicaB)).out).toMatchObject({ provider: "gemini" });
    expect((await run(replicaA)).out).toMatchObject({ provider: "gemini" });
    expect(gemini.calls()).toBe(5);

    // a successful run on a closed breaker costs replica A at most the one read of the table
    clock += 1_000;
    const before = a.count();
    await run(replicaA);
    await run(replicaA);
    expect(a.count() - before).toBe(1);
  });

  it("a failed trial opens it again for everyone; a replica that dies with the trial holds it only for its lease", async () => {
    let clock = Date.parse("2026-11-29T10:00:00Z");
    const now = () => clock;
    const opts = { threshold: 3, coolOffMs: 10_000, probeLeaseMs: 30_000, cacheMs: 0, now };
    const replicaA = new SharedBreaker(first.db, opts);
    const replicaB = new SharedBreaker(second.db, opts);
    for (let i = 0; i < 3; i++) await (i % 2 ? replicaA : replicaB).failure("claude");
    expect(await replicaA.tryAcquire("claude")).toBe(false);
    expect(await replicaB.tryAcquire("claude")).toBe(false);

    clock += 10_000;
    expect(await replicaA.tryAcquire("claude")).toBe(true);
    expect(await replicaB.tryAcquire("claude")).toBe(false);
    expect(await replicaA.tryAcquire("claude")).toBe(false); // one trial at a time, even here
    await replicaA.failure("claude");
    clock += 9_999;
    expect(await replicaB.tryAcquire("claude")).toBe(false); // opened again at the failed trial
    clock += 1;
    // B takes the trial and dies with it: nobody else tries until its lease runs out
    expect(await replicaB.tryAcquire("claude")).toBe(true);
    clock += 29_999;
    expect(await replicaA.tryAcquire("claude")).toBe(false);
    clock += 1;
    expect(await replicaA.tryAcquire("claude")).toBe(true);
    await replicaA.success("claude");
    expect(await replicaB.tryAcquire("claude")).toBe(true);
    expect(await replicaB.retryAt("claude")).toBeNull();
  });
});
