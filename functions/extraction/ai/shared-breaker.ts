import { type Queryable, schema } from "@fintrack/db";
import type { AiProviderName } from "@fintrack/db/schema";
import { and, eq, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import type { Breaker } from "./breaker";

const { aiBreakers } = schema;

interface Row {
  failures: number;
  openedAt: Date | null;
  probeUntil: Date | null;
}

const columns = {
  failures: aiBreakers.failures,
  openedAt: aiBreakers.openedAt,
  probeUntil: aiBreakers.probeUntil,
};

export interface SharedBreakerOptions {
  threshold?: number;
  coolOffMs?: number;
  /** How long one replica holds the half-open trial: the chain's whole budget is enough. */
  probeLeaseMs?: number;
  /** How long a read of the table is trusted before reading it again. */
  cacheMs?: number;
  now?: () => number;
}

/**
 * The circuit breaker's rule (breaker.ts) with its state in `ai_breakers`, so every extraction
 * replica sees a provider another one found down. The table (a row per provider) is read at most
 * once per `cacheMs` for all providers; each outcome is one statement: a failure counted and
 * the breaker opened in one upsert whose RETURNING refreshes this replica's copy, a success
 * (only when the copy shows something to reset) clearing the row. After the cool-down, the
 * half-open trial goes to the one replica whose conditional UPDATE takes `probe_until`; the
 * others keep skipping until it ends (or its lease runs out, when that replica died).
 */
export class SharedBreaker implements Breaker {
  private cache: { at: number; rows: Map<string, Row> } | null = null;

  constructor(
    private db: Queryable,
    private opts: SharedBreakerOptions = {},
  ) {}

  private get threshold() {
    return this.opts.threshold ?? 3;
  }
  private get coolOffMs() {
    return this.opts.coolOffMs ?? 5 * 60_000;
  }
  private get probeLeaseMs() {
    return this.opts.probeLeaseMs ?? 5 * 60_000;
  }
  private now() {
    return (this.opts.now ?? Date.now)();
  }

  private async rows(): Promise<Map<string, Row>> {
    const t = this.now();
    if (this.cache && t - this.cache.at < (this.opts.cacheMs ?? 2_000)) return this.cache.rows;
    const list = await this.db.select({ provider: aiBreakers.provider, ...columns }).from(aiBreakers);
    const rows = new Map(list.map(({ provider, ...row }) => [provider as string, row]));
    this.cache = { at: t, rows };
    return rows;
  }

  /** A row this replica just wrote is newer than its copy of the table. */
  private remember(name: string, row: Row) {
    this.cache?.rows.set(name, row);
  }

  async tryAcquire(name: string): Promise<boolean> {
    const row = (await this.rows()).get(name);
    if (!row?.openedAt) return true;
    const t = this.now();
    if (t - row.openedAt.getTime() < this.coolOffMs) return false;
    if (row.probeUntil && row.probeUntil.getTime() > t) return false;
    const [won] = await this.db
      .update(aiBreakers)
      .set({ probeUntil: new Date(t + this.probeLeaseMs), updatedAt: sql`now()` })
      .where(
        and(
          eq(aiBreakers.provider, name as AiProviderName),
          isNotNull(aiBreakers.openedAt),
          lte(aiBreakers.openedAt, new Date(t - this.coolOffMs)),
          or(isNull(aiBreakers.probeUntil), lte(aiBreakers.probeUntil, new Date(t))),
        ),
      )
      .returning(columns);
    if (won) {
      this.remember(name, won);
      return true;
    }
    // another replica took the trial, or its trial already closed the breaker: the table says which
    this.cache = null;
    return !(await this.rows()).get(name)?.openedAt;
  }

  async retryAt(name: string): Promise<number | null> {
    const row = (await this.rows()).get(name);
    return row?.openedAt ? row.openedAt.getTime() + this.coolOffMs : null;
  }

  async success(name: string): Promise<void> {
    const row = (await this.rows()).get(name);
    if (!row || (row.failures === 0 && !row.openedAt && !row.probeUntil)) return;
    await this.db
      .update(aiBreakers)
      .set({ failures: 0, openedAt: null, probeUntil: null, updatedAt: sql`now()` })
      .where(eq(aiBreakers.provider, name as AiProviderName));
    this.remember(name, { failures: 0, openedAt: null, probeUntil: null });
  }

  async failure(name: string): Promise<void> {
    const at = new Date(this.now()).toISOString();
    // a failed trial opens it again at once, like `threshold` failures in a row
    const [row] = await this.db
      .insert(aiBreakers)
      .values({
        provider: name as AiProviderName,
        failures: 1,
        openedAt: this.threshold <= 1 ? new Date(at) : null,
      })
      .onConflictDoUpdate({
        target: aiBreakers.provider,
        set: {
          failures: sql`${aiBreakers.failures} + 1`,
          openedAt: sql`CASE WHEN ${aiBreakers.probeUntil} IS NOT NULL OR ${aiBreakers.failures} + 1 >= ${this.threshold}
            THEN ${at}::timestamptz ELSE ${aiBreakers.openedAt} END`,
          probeUntil: null,
          updatedAt: sql`now()`,
        },
      })
      .returning(columns);
    if (row) this.remember(name, row);
  }
}
