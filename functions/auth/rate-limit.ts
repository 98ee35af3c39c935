import { type Database, type Queryable, rows, schema } from "@fintrack/db";
import { eq, inArray, sql } from "drizzle-orm";
import { HttpProblem } from "../lib/problem";

export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** Failures allowed per window: a known device; an unknown one per account; any client at all. */
export const LOGIN_LIMITS = { device: 10, accountClient: 5, client: 20 } as const;
/** Failures on one account from unknown devices after which unknown devices wait (backoff). */
export const ACCOUNT_BACKOFF_AFTER = 10;

export interface LoginCaller {
  email: string;
  /** The resolved client's limit key (functions/lib/client-address.ts). */
  client: string;
  /** The id of a known device of this account (device cookie), or null. */
  deviceId: string | null;
}

export interface LoginAttempt {
  failed(): Promise<void>;
  succeeded(): Promise<void>;
}

const keysOf = (who: LoginCaller) => ({
  device: `device:${who.deviceId}`,
  accountClient: `account-client:${who.email}|${who.client}`,
  client: `client:${who.client}`,
  account: `account:${who.email}`,
});

/**
 * Admits a sign-in attempt or throws 429 with Retry-After. Counts live in the database so the
 * limits hold across every replica of the auth function.
 *
 * A known device is limited by its own failures only: failures from elsewhere, however many,
 * never stop a member on their own device. Unknown devices are limited per account and client
 * and per client, and — against guessing spread over many clients — wait an exponential
 * backoff once the account has had ACCOUNT_BACKOFF_AFTER failures from unknown devices.
 *
 * The attempt is written before the password is checked (and removed again if it succeeds),
 * so parallel guesses cannot all slip under a limit while argon2 runs.
 */
export async function startLoginAttempt(db: Database, who: LoginCaller): Promise<LoginAttempt> {
  const keys = keysOf(who);
  const limited: [string, number][] = who.deviceId
    ? [[keys.device, LOGIN_LIMITS.device]]
    : [
        [keys.accountClient, LOGIN_LIMITS.accountClient],
        [keys.client, LOGIN_LIMITS.client],
      ];
  if (!who.deviceId) {
    const wait = await accountBackoff(db, keys.account);
    if (wait > 0) throw tooMany(wait);
  }
  // Check and write under a lock per key, so guesses sent together are admitted one by one
  // and no more than the limit of them get through while argon2 runs.
  const reserved = await db.transaction(async (tx) => {
    let wait = 0;
    for (const [key, limit] of limited) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`login:${key}`}))`);
      wait = Math.max(wait, await retryAfter(tx, key, limit));
    }
    if (wait > 0) throw tooMany(wait);
    return tx
      .insert(schema.loginAttempts)
      .values(limited.map(([key]) => ({ key })))
      .returning({ id: schema.loginAttempts.id });
  });
  const ids = reserved.map((r) => r.id);
  const release = () => db.delete(schema.loginAttempts).where(inArray(schema.loginAttempts.id, ids));
  return {
    async failed() {
      if (!who.deviceId) await db.insert(schema.loginAttempts).values({ key: keys.account });
      // keep the table small: old attempts no longer count
      await db
        .delete(schema.loginAttempts)
        .where(sql`attempted_at < now() - make_interval(secs => ${LOGIN_WINDOW_SECONDS * 2})`);
    },
    async succeeded() {
      await release();
      // the member proved who they are here: this device's or client's earlier typos are forgiven
      const forgiven = who.deviceId ? keys.device : keys.accountClient;
      await db.delete(schema.loginAttempts).where(eq(schema.loginAttempts.key, forgiven));
    },
  };
}

/** Seconds until `key` has fewer than `limit` attempts in the window; 0 when it has now. */
async function retryAfter(db: Queryable, key: string, limit: number): Promise<number> {
  const [r] = await rows<{ n: number; oldest: string | null }>(
    db,
    sql`SELECT count(*)::int AS n, min(attempted_at)::text AS oldest FROM login_attempts
        WHERE key = ${key} AND attempted_at > now() - make_interval(secs => ${LOGIN_WINDOW_SECONDS})`,
  );
  if (!r?.oldest || r.n < limit) return 0;
  return secondsUntil(new Date(r.oldest).getTime() + LOGIN_WINDOW_SECONDS * 1000);
}

/** 2, 4, 8 … seconds after the account's latest failure, at most the window. */
async function accountBackoff(db: Queryable, key: string): Promise<number> {
  const [r] = await rows<{ n: number; latest: string | null }>(
    db,
    sql`SELECT count(*)::int AS n, max(attempted_at)::text AS latest FROM login_attempts
        WHERE key = ${key} AND attempted_at > now() - make_interval(secs => ${LOGIN_WINDOW_SECONDS})`,
  );
  if (!r?.latest || r.n < ACCOUNT_BACKOFF_AFTER) return 0;
  const delay = Math.min(LOGIN_WINDOW_SECONDS, 2 ** (r.n - ACCOUNT_BACKOFF_AFTER + 1));
  return secondsUntil(new Date(r.latest).getTime() + delay * 1000);
}

const secondsUntil = (at: number) => Math.max(0, Math.ceil((at - Date.now()) / 1000));

const tooMany = (wait: number) =>
  new HttpProblem(429, "Too many sign-in attempts", `Try again in ${Math.ceil(wait / 60)} minute(s).`, {
    headers: { "retry-after": String(wait) },
  });
