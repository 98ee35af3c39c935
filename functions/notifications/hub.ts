import { EventEmitter } from "node:events";
import type { Database, DbHandle } from "@fintrack/db";
import type { Logger } from "../lib/logger";
import { notificationsAfter, unreadCount } from "./service";

type Row = Awaited<ReturnType<typeof notificationsAfter>>[number];
export interface Snapshot {
  unread: number;
  /** Notifications after the cursor asked for (up to PAGE), in id order. */
  rows: Row[];
  /** A full page was read: there may be more after the last row. */
  more: boolean;
}

const PAGE = 200;

interface Read {
  generation: number;
  from: string;
  result: Promise<Snapshot>;
}

/** The channel the notifications table's trigger notifies with a member's id on every change. */
export const NOTIFICATIONS_CHANNEL = "notifications_changed";

/**
 * Tells open SSE streams that a member's notifications changed, in every replica: each replica
 * LISTENs on `notifications_changed`, which a trigger on the table notifies on commit of any
 * insert, update or delete, whoever made it. A change made here also wakes local streams at
 * once. Without LISTEN (a pooler that drops it) streams still re-check on their heartbeat.
 */
export class NotificationHub {
  readonly #emitter = new EventEmitter().setMaxListeners(0);
  #unlisten: (() => Promise<void>) | undefined;
  #starting: Promise<void> | undefined;
  /** A comment line this often keeps proxies from closing an idle stream (tests shorten it). */
  heartbeatMs = 15_000;

  // per member: how many changes were heard, and the read their streams share
  readonly #generation = new Map<string, number>();
  readonly #reads = new Map<string, Read>();

  constructor(
    private readonly db: Database,
    private readonly listen?: DbHandle["listen"],
    private readonly log?: Logger,
  ) {}

  /**
   * What a member's stream needs after a change: the unread count and the notifications after
   * `cursor`. All tabs of a member wake on the same change, so they share one read of it (two
   * queries per member and change, not per tab) as long as it started after the last change
   * and from a cursor no later than theirs; each stream keeps only the rows after its own cursor.
   */
  async read(userId: string, cursor: string): Promise<Snapshot> {
    const generation = this.#generation.get(userId) ?? 0;
    let read = this.#reads.get(userId);
    if (!read || read.generation !== generation || read.from > cursor) {
      const result = Promise.all([
        unreadCount(this.db, userId),
        notificationsAfter(this.db, userId, cursor, PAGE),
      ]).then(([unread, rows]) => ({ unread, rows, more: rows.length === PAGE }));
      read = { generation, from: cursor, result };
      this.#reads.set(userId, read);
      const mine = read;
      // forget it once settled (a later change starts a new one anyway)
      result
        .finally(() => {
          if (this.#reads.get(userId) === mine && this.#emitter.listenerCount(userId) === 0)
            this.#reads.delete(userId);
        })
        .catch(() => {});
    }
    const snapshot = await read.result;
    return read.from === cursor
      ? snapshot
      : { ...snapshot, rows: snapshot.rows.filter((r) => r.id > cursor) };
  }

  #bump(userId: string) {
    this.#generation.set(userId, (this.#generation.get(userId) ?? 0) + 1);
  }

  /** Starts listening (once); streams wait for it so no change between start and LISTEN is missed. */
  start(): Promise<void> {
    this.#starting ??= (async () => {
      if (!this.listen) return;
      try {
        this.#unlisten = await this.listen(NOTIFICATIONS_CHANNEL, (userId) => this.changed([userId]));
      } catch (err) {
        this.log?.warn(
          { err },
          `LISTEN ${NOTIFICATIONS_CHANNEL} failed: streams fall back to their heartbeat`,
        );
      }
    })();
    return this.#starting;
  }

  get listening(): boolean {
    return this.#unlisten !== undefined;
  }

  async stop(): Promise<void> {
    await this.#starting;
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    await unlisten?.();
  }

  changed(userIds: Iterable<string>) {
    for (const id of userIds) {
      this.#bump(id);
      this.#emitter.emit(id);
    }
  }

  subscribe(userId: string, onChange: () => void): () => void {
    this.#emitter.on(userId, onChange);
    return () => {
      this.#emitter.off(userId, onChange);
      if (this.#emitter.listenerCount(userId) === 0) {
        this.#generation.delete(userId);
        this.#reads.delete(userId);
      }
    };
  }

  /** Open streams in this replica (the benchmark reports it). */
  get streams(): number {
    return this.#emitter.eventNames().reduce((n, e) => n + this.#emitter.listenerCount(e), 0);
  }
}
