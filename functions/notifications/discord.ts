import { type Database, schema } from "@fintrack/db";
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Config } from "../lib/config";
import type { Logger } from "../lib/logger";
import type { Embed } from "./service";
import { deriveWebhookKey, unseal } from "./webhook-secret";

export interface DiscordWorkerOptions {
  db: Database;
  config: Config;
  log: Logger;
  /** Replaced in tests to route discord.com to a fake on 127.0.0.1. */
  fetch?: typeof fetch;
  /** First retry after a 5xx or network failure; doubles each time. */
  baseDelayMs?: number;
  /** Attempts before a post is recorded as failed. */
  maxAttempts?: number;
  /** How often due posts are looked for without a wake-up (quiet hours ending, retries). */
  pollMs?: number;
  /** Longest wait a 429 may ask for before the post counts as failed this attempt. */
  maxRetryAfterMs?: number;
}

type Delivery = typeof schema.discordDeliveries.$inferSelect;

const CLAIM_SECONDS = 60;
const BATCH = 20;

/**
 * Posts queued notifications to Discord. Several replicas may run it: a post is claimed with
 * FOR UPDATE SKIP LOCKED and a lease, so it is sent by one of them. Discord's 429 is honoured
 * (retry_after), 5xx and network failures are retried with exponential backoff up to
 * maxAttempts and then recorded as failed; the in-app notification is never touched.
 */
export class DiscordWorker {
  readonly #key: Buffer;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  /** Mutable: tests shorten delays and route discord.com to a fake. */
  readonly opts: DiscordWorkerOptions;

  constructor(opts: DiscordWorkerOptions) {
    this.opts = opts;
    this.#key = deriveWebhookKey(opts.config.jwtSecret);
  }

  start() {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.wake(), this.opts.pollMs ?? 5000);
    this.#timer.unref?.();
  }

  async stop() {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    clearTimeout(this.#soon);
    this.#timer = undefined;
    await this.#running;
  }

  /** Looks for due posts now (after a commit that queued one). */
  wake(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          while ((await this.runOnce()) > 0 && !this.#stopped) {}
        } while (this.#again && !this.#stopped);
        await this.#wakeAtNextDue();
      } catch (err) {
        this.opts.log.error({ err }, "discord delivery pass failed");
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  #soon: ReturnType<typeof setTimeout> | undefined;

  // a retry or a 429 due before the next poll is not kept waiting for it
  async #wakeAtNextDue() {
    if (this.#stopped) return;
    const d = schema.discordDeliveries;
    const [next] = await this.opts.db
      .select({ ms: sql<number>`extract(epoch from (min(${d.nextAttemptAt}) - now())) * 1000` })
      .from(d)
      .where(and(eq(d.status, "pending"), or(isNull(d.claimedUntil), lt(d.claimedUntil, sql`now()`))));
    const ms = next?.ms === null || next?.ms === undefined ? undefined : Number(next.ms);
    if (ms === undefined || ms >= (this.opts.pollMs ?? 5000)) return;
    clearTimeout(this.#soon);
    this.#soon = setTimeout(() => void this.wake(), Math.max(50, ms + 5));
    this.#soon.unref?.();
  }

  /** Claims and sends the posts that are due; returns how many it handled. */
  async runOnce(): Promise<number> {
    const { db } = this.opts;
    const d = schema.discordDeliveries;
    const due = db
      .select({ id: d.id })
      .from(d)
      .where(
        and(
          eq(d.status, "pending"),
          lte(d.nextAttemptAt, sql`now()`),
          or(isNull(d.claimedUntil), lt(d.claimedUntil, sql`now()`)),
        ),
      )
      .orderBy(asc(d.nextAttemptAt))
      .limit(BATCH)
      .for("update", { skipLocked: true });
    const claimed = await db
      .update(d)
      .set({ claimedUntil: sql`now() + make_interval(secs => ${CLAIM_SECONDS})` })
      .where(inArray(d.id, due))
      .returning();
    await Promise.all(claimed.map((row) => this.#send(row)));
    return claimed.length;
  }

  async #webhookFor(target: string): Promise<string | undefined> {
    if (target === "env") return this.opts.config.DISCORD_WEBHOOK_URL;
    const userId = target.startsWith("user:") ? target.slice(5) : undefined;
    if (!userId) return undefined;
    const [s] = await this.opts.db
      .select({ sealed: schema.notificationSettings.discordWebhookSealed })
      .from(schema.notificationSettings)
      .where(eq(schema.notificationSettings.userId, userId));
    return s?.sealed ? unseal(this.#key, s.sealed) : undefined;
  }

  async #send(row: Delivery) {
    const url = await this.#webhookFor(row.target);
    if (!url) return this.#record(row, { failed: true, error: "No Discord webhook is set any more" });
    const embed = { ...(row.payload as Embed), timestamp: row.createdAt.toISOString() };
    const f = this.opts.fetch ?? fetch;
    let res: Response;
    try {
      res = await f(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "FinTrack", allowed_mentions: { parse: [] }, embeds: [embed] }),
        signal: AbortSignal.timeout(10_000),
        redirect: "error",
      });
    } catch (err) {
      // the message names no URL: a webhook URL is a secret
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      const name = (err as Error).name;
      return this.#retry(
        row,
        null,
        `Discord unreachable (${cause ?? (name === "TimeoutError" ? "timeout" : "network error")})`,
      );
    }
    const text = await res.text().catch(() => "");
    if (res.ok) return this.#record(row, { sent: true, status: res.status });
    if (res.status === 429) {
      const retryAfterMs = retryAfter(res, text);
      const limit = this.opts.maxRetryAfterMs ?? 15 * 60_000;
      if (retryAfterMs <= limit) {
        return this.#record(row, {
          status: 429,
          error: `Rate limited by Discord; retrying in ${Math.ceil(retryAfterMs / 1000)} s`,
          delayMs: retryAfterMs,
          // Discord said when: a rate limit is no failed attempt
          countAttempt: false,
        });
      }
    }
    if (res.status === 429 || res.status >= 500) {
      return this.#retry(row, res.status, `Discord answered ${res.status}`);
    }
    // 400/401/403/404: the webhook was deleted or refuses us; retrying cannot help
    return this.#record(row, {
      failed: true,
      status: res.status,
      error: `Discord refused the post (${res.status}${discordMessage(text)})`,
    });
  }

  #retry(row: Delivery, status: number | null, error: string) {
    const attempts = row.attempts + 1;
    if (attempts >= (this.opts.maxAttempts ?? 6)) {
      return this.#record(row, {
        failed: true,
        status,
        error: `${error}; gave up after ${attempts} attempts`,
      });
    }
    return this.#record(row, {
      status,
      error,
      delayMs: (this.opts.baseDelayMs ?? 2000) * 2 ** (attempts - 1),
    });
  }

  async #record(
    row: Delivery,
    r: {
      sent?: boolean;
      failed?: boolean;
      status?: number | null;
      error?: string;
      delayMs?: number;
      countAttempt?: boolean;
    },
  ) {
    const d = schema.discordDeliveries;
    await this.opts.db
      .update(d)
      .set({
        status: r.sent ? "sent" : r.failed ? "failed" : "pending",
        attempts: r.countAttempt === false ? row.attempts : row.attempts + 1,
        lastStatus: r.status ?? null,
        lastError: r.error ?? null,
        sentAt: r.sent ? sql`now()` : null,
        claimedUntil: null,
        ...(r.delayMs !== undefined
          ? { nextAttemptAt: sql`now() + make_interval(secs => ${r.delayMs / 1000})` }
          : {}),
      })
      .where(eq(d.id, row.id));
    if (r.failed)
      this.opts.log.warn({ deliveryId: row.id, status: r.status, error: r.error }, "discord post failed");
  }
}

/** Discord's retry_after (seconds, JSON body) or the Retry-After header, in milliseconds. */
function retryAfter(res: Response, text: string): number {
  try {
    const body = JSON.parse(text) as { retry_after?: unknown };
    if (typeof body.retry_after === "number" && body.retry_after >= 0)
      return Math.ceil(body.retry_after * 1000);
  } catch {}
  const header = Number(res.headers.get("retry-after"));
  return Number.isFinite(header) && header >= 0 ? Math.ceil(header * 1000) : 5000;
}

function discordMessage(text: string): string {
  try {
    const m = (JSON.parse(text) as { message?: unknown }).message;
    return typeof m === "string" ? `: ${m.slice(0, 100)}` : "";
  } catch {
    return "";
  }
}
