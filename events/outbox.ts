import { type Database, type Queryable, rows, schema } from "@fintrack/db";
import { CloudEvent } from "cloudevents";
import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { catalog, type EventData, type EventType } from "./catalog";
import { signEvent } from "./signature";

export interface EventSink {
  /** Resolves when the broker accepted the event; rejects otherwise. */
  send(event: CloudEvent<unknown>): Promise<void>;
}

export interface NewEvent<T extends EventType> {
  type: T;
  source: string;
  subject?: string;
  data: EventData<T>;
}

/**
 * Writes an event to the outbox inside the caller's transaction: it is published only if the
 * change that caused it commits. Returns the event id (also the CloudEvent id).
 */
export async function enqueue<T extends EventType>(tx: Queryable, event: NewEvent<T>): Promise<string> {
  const data = catalog[event.type].parse(event.data);
  const [row] = await tx
    .insert(schema.outbox)
    .values({ type: event.type, source: event.source, subject: event.subject, data })
    .returning({ id: schema.outbox.id });
  if (!row) throw new Error("outbox insert returned nothing");
  return row.id;
}

const MAX_BACKOFF_MS = 5 * 60_000;
/**
 * How long a claimed row is left to the publisher that claimed it. Long enough for a batch
 * through a slow broker (HttpSink gives each send 10 s), short enough that a crashed replica's
 * rows are published by another within a minute or so.
 */
export const CLAIM_LEASE_MS = 60_000;
const BATCH = 100;

type OutboxRow = typeof schema.outbox.$inferSelect;

export interface OutboxPublisherOptions {
  leaseMs?: number;
}

/**
 * Publishes outbox rows to a sink. `flush()` right after a commit makes delivery prompt; the
 * sweeper republishes whatever a crash or a broker outage left behind.
 *
 * Several publishers may share the database (replicas of a function, or several functions in
 * one database): each pass first claims its rows in one short statement (`FOR UPDATE SKIP
 * LOCKED`, setting a lease in `claimed_until`), so no two publishers send the same row; a
 * lease that lapsed (its publisher died) makes the row claimable again.
 */
export class OutboxPublisher {
  #flushing: Promise<number> | null = null;
  #again = false;
  #timer: ReturnType<typeof setInterval> | null = null;
  readonly #leaseMs: number;

  constructor(
    private readonly db: Database,
    private readonly sink: EventSink,
    /** Every event is signed: receivers accept nothing else (see signature.ts). */
    private readonly signingKey: Uint8Array,
    private readonly onError: (err: unknown, eventId: string) => void = () => {},
    opts: OutboxPublisherOptions = {},
  ) {
    this.#leaseMs = opts.leaseMs ?? CLAIM_LEASE_MS;
  }

  /** Publishes every due row; concurrent calls coalesce into one extra pass. */
  flush(): Promise<number> {
    if (this.#flushing) {
      this.#again = true;
      return this.#flushing;
    }
    this.#flushing = (async () => {
      let total = 0;
      do {
        this.#again = false;
        total += await this.#pass();
      } while (this.#again);
      return total;
    })().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  /** Claims up to a batch of due rows that no live lease holds, oldest first. */
  async #claim(): Promise<OutboxRow[]> {
    const o = schema.outbox;
    const due = this.db
      .select({ id: o.id })
      .from(o)
      .where(
        and(
          isNull(o.publishedAt),
          lte(o.nextAttemptAt, sql`now()`),
          or(isNull(o.claimedUntil), lte(o.claimedUntil, sql`now()`)),
        ),
      )
      .orderBy(asc(o.id))
      .limit(BATCH)
      .for("update", { skipLocked: true });
    const claimed = await this.db
      .update(o)
      .set({ claimedUntil: sql`now() + ${`${this.#leaseMs} milliseconds`}::interval` })
      .where(inArray(o.id, due))
      .returning();
    return claimed.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async #pass(): Promise<number> {
    const started = performance.now();
    const due = await this.#claim();
    // never start a send the lease may not cover: another replica could claim the row then
    const sendUntil = started + this.#leaseMs * 0.75;
    let sent = 0;
    for (const [i, row] of due.entries()) {
      if (performance.now() > sendUntil) {
        const rest = due.slice(i).map((r) => r.id);
        await this.db
          .update(schema.outbox)
          .set({ claimedUntil: null })
          .where(inArray(schema.outbox.id, rest));
        this.#again = true;
        break;
      }
      const event = signEvent(
        new CloudEvent({
          id: row.id,
          type: row.type,
          source: row.source,
          subject: row.subject ?? undefined,
          time: row.createdAt.toISOString(),
          datacontenttype: "application/json",
          data: row.data,
        }),
        this.signingKey,
      );
      try {
        await this.sink.send(event);
        await this.db
          .update(schema.outbox)
          .set({ publishedAt: sql`now()`, attempts: row.attempts + 1, lastError: null, claimedUntil: null })
          .where(eq(schema.outbox.id, row.id));
        sent++;
      } catch (err) {
        this.onError(err, row.id);
        const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** row.attempts);
        await this.db
          .update(schema.outbox)
          .set({
            attempts: row.attempts + 1,
            lastError: String(err instanceof Error ? err.message : err).slice(0, 500),
            nextAttemptAt: sql`now() + ${`${backoff} milliseconds`}::interval`,
            claimedUntil: null,
          })
          .where(eq(schema.outbox.id, row.id));
      }
    }
    return sent;
  }

  startSweeper(intervalMs = 5000): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.flush().catch((err) => this.onError(err, "sweeper"));
    }, intervalMs);
    this.#timer.unref?.();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async pendingCount(): Promise<number> {
    const [r] = await rows<{ n: number }>(
      this.db,
      sql`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`,
    );
    return r?.n ?? 0;
  }
}
