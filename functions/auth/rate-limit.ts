import { type Queryable, rows, schema } from "@fintrack/db";
import { eq, sql } from "drizzle-orm";

export const LOGIN_WINDOW_SECONDS = 15 * 60;
const LIMITS: Record<string, number> = { email: 5, ip: 20 };

/**
 * Failed logins are counted in the database, not in process memory, so the limit holds across
 * every replica of the auth function. Returns the seconds to wait, or 0 when allowed.
 */
export async function loginRetryAfter(db: Queryable, keys: { email: string; ip: string }): Promise<number> {
  let wait = 0;
  for (const [kind, value] of Object.entries(keys)) {
    const key = `${kind}:${value}`;
    const [r] = await rows<{ n: number; oldest: string | null }>(
      db,
      sql`SELECT count(*)::int AS n, min(attempted_at)::text AS oldest FROM login_attempts
          WHERE key = ${key} AND attempted_at > now() - make_interval(secs => ${LOGIN_WINDOW_SECONDS})`,
    );
    if (r && r.n >= (LIMITS[kind] ?? 5) && r.oldest) {
      const freesAt = new Date(r.oldest).getTime() + LOGIN_WINDOW_SECONDS * 1000;
      wait = Math.max(wait, Math.ceil((freesAt - Date.now()) / 1000));
    }
  }
  return Math.max(wait, 0);
}

export async function recordFailedLogin(db: Queryable, keys: { email: string; ip: string }) {
  await db.insert(schema.loginAttempts).values([{ key: `email:${keys.email}` }, { key: `ip:${keys.ip}` }]);
  // keep the table small: old attempts no longer count
  await db
    .delete(schema.loginAttempts)
    .where(sql`attempted_at < now() - make_interval(secs => ${LOGIN_WINDOW_SECONDS * 2})`);
}

export async function clearFailedLogins(db: Queryable, email: string) {
  await db.delete(schema.loginAttempts).where(eq(schema.loginAttempts.key, `email:${email}`));
}
