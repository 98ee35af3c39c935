import { type Database, type DbHandle, schema } from "@fintrack/db";
import { eq } from "drizzle-orm";
import type { Logger } from "./logger";
import type { AccessClaims } from "./tokens";

/** The channel the sessions table's trigger notifies with a session id when it is revoked. */
export const SESSION_REVOKED_CHANNEL = "session_revoked";
/**
 * How long an "active" answer is reused. It bounds how late a process that missed the
 * notification (a dropped LISTEN connection, a pooler without LISTEN) still honours a revoked
 * session: the next request after this re-reads the row. Below a second with room for the query.
 */
export const ACTIVE_TTL_MS = 750;
/** Ended sessions remembered; the oldest is forgotten first (a forgotten one is read again). */
export const MAX_ENDED = 10_000;

export interface SessionRow {
  userId: string;
  householdId: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

interface Active {
  row: SessionRow;
  until: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function loadSession(db: Database) {
  return async (id: string): Promise<SessionRow | undefined> => {
    const [row] = await db
      .select({
        userId: schema.sessions.userId,
        householdId: schema.sessions.householdId,
        expiresAt: schema.sessions.expiresAt,
        revokedAt: schema.sessions.revokedAt,
      })
      .from(schema.sessions)
      .where(eq(schema.sessions.id, id));
    return row;
  };
}

export interface SessionGuardOptions {
  load: (sessionId: string) => Promise<SessionRow | undefined>;
  /** Subscribes to revocations (DbHandle.listen); without it only the short cache bounds lateness. */
  listen?: DbHandle["listen"];
  log?: Logger;
  activeTtlMs?: number;
  maxEnded?: number;
  now?: () => number;
}

/**
 * Whether an access token's session is still active, for every function in this process.
 *
 * A signed token alone lives 15 minutes after its session ended; this closes that gap without
 * a query per request: an active session is re-read at most every ACTIVE_TTL_MS, concurrent
 * checks of one session share one query, an ended session (revoked, expired, missing or not the
 * token's user) is remembered for good since nothing revives it, and a revocation anywhere
 * reaches every process at once through LISTEN session_revoked.
 */
export class SessionGuard {
  readonly #active = new Map<string, Active>();
  // insertion-ordered: the oldest entry is the first key
  readonly #ended = new Map<string, true>();
  readonly #inflight = new Map<string, Promise<SessionRow | undefined>>();
  readonly #watchers = new Map<string, Set<() => void>>();
  readonly #ttl: number;
  readonly #maxEnded: number;
  readonly #now: () => number;
  #unlisten: (() => Promise<void>) | undefined;

  constructor(private readonly opts: SessionGuardOptions) {
    this.#ttl = opts.activeTtlMs ?? ACTIVE_TTL_MS;
    this.#maxEnded = opts.maxEnded ?? MAX_ENDED;
    this.#now = opts.now ?? Date.now;
  }

  /** Starts listening for revocations; a failure leaves the cache bound alone, logged. */
  async start(): Promise<void> {
    if (!this.opts.listen || this.#unlisten) return;
    try {
      this.#unlisten = await this.opts.listen(SESSION_REVOKED_CHANNEL, (id) => this.ended(id));
    } catch (err) {
      this.opts.log?.warn(
        { err },
        `LISTEN ${SESSION_REVOKED_CHANNEL} failed: revocations reach this process within ${this.#ttl} ms`,
      );
    }
  }

  async stop(): Promise<void> {
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    await unlisten?.();
  }

  /**
   * Calls `onEnd` when this process learns that the session ended (long-lived responses such
   * as event streams close then); returns the unsubscribe.
   */
  watch(sessionId: string, onEnd: () => void): () => void {
    const set = this.#watchers.get(sessionId) ?? new Set<() => void>();
    this.#watchers.set(sessionId, set);
    set.add(onEnd);
    return () => {
      set.delete(onEnd);
      if (set.size === 0) this.#watchers.delete(sessionId);
    };
  }

  /** Marks a session ended in this process (the notification handler; revocation is final). */
  ended(sessionId: string): void {
    for (const onEnd of this.#watchers.get(sessionId) ?? []) onEnd();
    this.#active.delete(sessionId);
    this.#ended.delete(sessionId);
    this.#ended.set(sessionId, true);
    if (this.#ended.size > this.#maxEnded) {
      const oldest = this.#ended.keys().next().value;
      if (oldest !== undefined) this.#ended.delete(oldest);
    }
  }

  async check(claims: AccessClaims): Promise<boolean> {
    const id = claims.sessionId;
    if (this.#ended.has(id)) return false;
    const cached = this.#active.get(id);
    if (cached && cached.until > this.#now()) return this.#matches(cached.row, claims);
    if (!UUID.test(id)) return false; // signed, but by nothing that issues sessions
    const row = await this.#read(id);
    // a notification that arrived while the query ran wins: the row may predate the revocation
    if (this.#ended.has(id)) return false;
    const now = this.#now();
    if (!row || row.revokedAt || row.expiresAt.getTime() <= now) {
      this.ended(id);
      return false;
    }
    this.#active.set(id, { row, until: Math.min(now + this.#ttl, row.expiresAt.getTime()) });
    this.#sweepActive(now);
    return this.#matches(row, claims);
  }

  #matches(row: SessionRow, claims: AccessClaims): boolean {
    return row.userId === claims.userId && row.householdId === claims.householdId;
  }

  #read(id: string): Promise<SessionRow | undefined> {
    let pending = this.#inflight.get(id);
    if (!pending) {
      pending = this.opts.load(id).finally(() => this.#inflight.delete(id));
      this.#inflight.set(id, pending);
    }
    return pending;
  }

  // active entries are few (one per signed-in device) but stale ones must not pile up
  #sweepActive(now: number): void {
    if (this.#active.size <= this.#maxEnded) return;
    for (const [id, entry] of this.#active) if (entry.until <= now) this.#active.delete(id);
  }
}
