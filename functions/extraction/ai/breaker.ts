/**
 * A circuit breaker per provider: after `threshold` consecutive failures (down, timing out,
 * rate limited past its retries) the provider is skipped for `coolOffMs`; then one call is let
 * through (half-open) — success closes it, failure opens it again.
 */
export type BreakerState = "closed" | "open" | "half_open";

/** What the chain asks of a breaker: in memory (below) or shared by every replica (shared-breaker.ts). */
export interface Breaker {
  /** Whether a call may go out now; in half-open only one trial at a time. */
  tryAcquire(name: string): boolean | Promise<boolean>;
  /** When an open breaker lets the next trial through (ms epoch), or null when closed. */
  retryAt(name: string): number | null | Promise<number | null>;
  success(name: string): void | Promise<void>;
  failure(name: string): void | Promise<void>;
}

/** The rule in one process's memory: the reference for the shared breaker and the chain's unit tests. */
interface Entry {
  failures: number;
  openedAt: number | null;
  probing: boolean;
}

export class CircuitBreaker implements Breaker {
  private entries = new Map<string, Entry>();

  constructor(private opts: { threshold?: number; coolOffMs?: number; now?: () => number } = {}) {}

  private get threshold() {
    return this.opts.threshold ?? 3;
  }
  private get coolOffMs() {
    return this.opts.coolOffMs ?? 5 * 60_000;
  }
  private now() {
    return (this.opts.now ?? Date.now)();
  }
  private entry(name: string): Entry {
    let e = this.entries.get(name);
    if (!e) {
      e = { failures: 0, openedAt: null, probing: false };
      this.entries.set(name, e);
    }
    return e;
  }

  state(name: string): BreakerState {
    const e = this.entry(name);
    if (e.openedAt === null) return "closed";
    return this.now() - e.openedAt >= this.coolOffMs ? "half_open" : "open";
  }

  /** Whether a call may go out now; in half-open only one probe at a time. */
  tryAcquire(name: string): boolean {
    const state = this.state(name);
    if (state === "closed") return true;
    if (state === "open") return false;
    const e = this.entry(name);
    if (e.probing) return false;
    e.probing = true;
    return true;
  }

  /** When an open breaker lets the next probe through (ms epoch), or null when closed. */
  retryAt(name: string): number | null {
    const e = this.entry(name);
    return e.openedAt === null ? null : e.openedAt + this.coolOffMs;
  }

  success(name: string) {
    this.entries.set(name, { failures: 0, openedAt: null, probing: false });
  }

  failure(name: string) {
    const e = this.entry(name);
    e.failures++;
    if (e.probing || e.failures >= this.threshold) e.openedAt = this.now();
    e.probing = false;
  }
}
