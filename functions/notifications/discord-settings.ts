import { type Queryable, schema } from "@fintrack/db";
import { and, count, desc, eq, sql } from "drizzle-orm";
import type { Config } from "../lib/config";
import { HttpProblem } from "../lib/problem";
import { deriveWebhookKey, maskWebhook, seal, unseal } from "./webhook-secret";

const d = schema.discordDeliveries;
const s = schema.notificationSettings;

export async function saveWebhook(db: Queryable, config: Config, userId: string, url: string) {
  const sealed = seal(deriveWebhookKey(config.jwtSecret), url);
  const hint = maskWebhook(url);
  await db
    .insert(s)
    .values({ userId, discordWebhookSealed: sealed, discordWebhookHint: hint })
    .onConflictDoUpdate({
      target: s.userId,
      set: { discordWebhookSealed: sealed, discordWebhookHint: hint, updatedAt: sql`now()` },
    });
}

export async function removeWebhook(db: Queryable, userId: string) {
  await db
    .update(s)
    .set({ discordWebhookSealed: null, discordWebhookHint: null, updatedAt: sql`now()` })
    .where(eq(s.userId, userId));
}

/** Where this member's posts go: their own saved webhook first, else DISCORD_WEBHOOK_URL. */
export async function webhookTarget(db: Queryable, config: Config, userId: string) {
  const [row] = await db.select().from(s).where(eq(s.userId, userId));
  if (row?.discordWebhookSealed && unseal(deriveWebhookKey(config.jwtSecret), row.discordWebhookSealed)) {
    return { target: `user:${userId}`, source: "settings" as const, masked: row.discordWebhookHint };
  }
  if (config.DISCORD_WEBHOOK_URL) {
    return { target: "env", source: "environment" as const, masked: maskWebhook(config.DISCORD_WEBHOOK_URL) };
  }
  return null;
}

export async function discordStatus(db: Queryable, config: Config, userId: string) {
  const target = await webhookTarget(db, config, userId);
  const [last] = await db.select().from(d).where(eq(d.userId, userId)).orderBy(desc(d.createdAt)).limit(1);
  const [failed] = await db
    .select({ n: count() })
    .from(d)
    .where(and(eq(d.userId, userId), eq(d.status, "failed")));
  return {
    source: target?.source ?? null,
    masked: target?.masked ?? null,
    lastDelivery: last
      ? {
          id: last.id,
          kind: last.kind,
          status: last.status as "pending" | "sent" | "failed",
          attempts: last.attempts,
          error: last.lastError,
          createdAt: last.createdAt.toISOString(),
          sentAt: last.sentAt?.toISOString() ?? null,
        }
      : null,
    failedCount: Number(failed?.n ?? 0),
  };
}

/** Queues a test post to this member's webhook (sent by the worker, like any other). */
export async function queueTest(
  db: Queryable,
  config: Config,
  user: { userId: string; householdId: string },
) {
  const target = await webhookTarget(db, config, user.userId);
  if (!target) throw new HttpProblem(409, "No Discord webhook", "Save a Discord webhook URL first.");
  const base = config.PUBLIC_URL?.replace(/\/$/, "");
  const [row] = await db
    .insert(d)
    .values({
      householdId: user.householdId,
      userId: user.userId,
      sourceKey: `test:${crypto.randomUUID()}`,
      target: target.target,
      kind: "test",
      payload: {
        title: "FinTrack test message",
        description: "Discord notifications from FinTrack reach this channel.",
        color: 0x10b981,
        ...(base ? { url: `${base}/settings/notifications` } : {}),
      },
    })
    .returning({ id: d.id });
  return { deliveryId: row!.id };
}
