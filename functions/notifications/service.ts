import { type Queryable, schema } from "@fintrack/db";
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { HttpProblem } from "../lib/problem";
import { KINDS, type Kind, kindNames } from "./kinds";

export const ZONE = "Asia/Manila";

/** A Discord embed as the delivery queue stores it (no secrets: titles, amounts, dates, a link). */
export interface Embed {
  title: string;
  description?: string;
  url?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
}

export interface NewNotification {
  householdId: string;
  type: Kind;
  title: string;
  body?: string;
  link?: string;
  sourceEventId: string;
  /** Extra Discord embed fields (amounts, due dates); the title, body and link are always there. */
  fields?: Embed["fields"];
  /**
   * About something only the recipient sees (a private card, their own budget): posted to their
   * own webhook only, never to the household's shared DISCORD_WEBHOOK_URL channel.
   */
  personal?: boolean;
}

export interface DeliverOptions {
  /** Whether DISCORD_WEBHOOK_URL is configured (the household channel for members without their own). */
  envWebhook: boolean;
  publicUrl?: string;
  now?: Date;
}

const COLORS: Partial<Record<Kind, number>> = {
  "budget.alert": 0xf59e0b,
  "statement.due": 0x3b82f6,
  "statement.overdue": 0xef4444,
  "bill.due": 0x3b82f6,
  "document.failed": 0xef4444,
};

/**
 * Records one notification for each recipient as their preferences say: in-app (silent during
 * their quiet hours) and/or a Discord post queued for after their quiet hours. Idempotent per
 * source event and recipient (in-app) and per source event and webhook (Discord), so a shared
 * household channel gets one post for an event both members receive. Returns who got an in-app one.
 */
export async function deliver(
  tx: Queryable,
  recipients: string[],
  n: NewNotification,
  opts: DeliverOptions,
): Promise<string[]> {
  if (recipients.length === 0) return [];
  const now = opts.now ?? new Date();
  const [prefs, settings] = await Promise.all([
    tx
      .select()
      .from(schema.notificationPreferences)
      .where(
        and(
          inArray(schema.notificationPreferences.userId, recipients),
          eq(schema.notificationPreferences.kind, n.type),
        ),
      ),
    tx
      .select()
      .from(schema.notificationSettings)
      .where(inArray(schema.notificationSettings.userId, recipients)),
  ]);
  const inAppRows: (typeof schema.notifications.$inferInsert)[] = [];
  const discordRows: (typeof schema.discordDeliveries.$inferInsert)[] = [];
  for (const userId of recipients) {
    const pref = prefs.find((p) => p.userId === userId) ?? KINDS[n.type];
    const s = settings.find((x) => x.userId === userId);
    const quietUntil = s ? quietEnd(now, s.quietStart, s.quietEnd) : null;
    if (pref.inApp) {
      inAppRows.push({
        householdId: n.householdId,
        userId,
        type: n.type,
        title: n.title,
        body: n.body ?? "",
        link: n.link ?? null,
        sourceEventId: n.sourceEventId,
        silent: quietUntil !== null,
      });
    }
    const target = s?.discordWebhookSealed ? `user:${userId}` : opts.envWebhook && !n.personal ? "env" : null;
    if (pref.discord && target) {
      discordRows.push({
        householdId: n.householdId,
        userId,
        sourceKey: n.sourceEventId,
        target,
        kind: n.type,
        payload: embedOf(n, opts.publicUrl),
        nextAttemptAt: quietUntil ?? now,
      });
    }
  }
  if (inAppRows.length > 0) await insertNotifications(tx, n.householdId, inAppRows);
  for (const row of discordRows) {
    // a shared channel: the post goes out as soon as one recipient's quiet hours allow
    await tx
      .insert(schema.discordDeliveries)
      .values(row)
      .onConflictDoUpdate({
        target: [schema.discordDeliveries.sourceKey, schema.discordDeliveries.target],
        set: {
          nextAttemptAt: sql`least(${schema.discordDeliveries.nextAttemptAt}, excluded.next_attempt_at)`,
        },
        setWhere: sql`${schema.discordDeliveries.status} = 'pending' and ${schema.discordDeliveries.attempts} = 0`,
      });
  }
  return inAppRows.map((r) => r.userId);
}

/**
 * Inserts notifications one household at a time: the transaction-scoped lock makes a member's
 * notification ids (uuidv7, taken after the lock) increase in commit order, which is what lets
 * an SSE stream resume from Last-Event-ID with `id > last` and never skip one committed late.
 */
export async function insertNotifications(
  tx: Queryable,
  householdId: string,
  rows: (typeof schema.notifications.$inferInsert)[],
) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`notifications:${householdId}`}))`);
  await tx.insert(schema.notifications).values(rows).onConflictDoNothing();
}

function embedOf(n: NewNotification, publicUrl: string | undefined): Embed {
  const base = publicUrl?.replace(/\/$/, "");
  return {
    title: n.title.slice(0, 256),
    ...(n.body ? { description: n.body.slice(0, 2000) } : {}),
    ...(base && n.link ? { url: `${base}${n.link}` } : {}),
    ...(COLORS[n.type] ? { color: COLORS[n.type] } : {}),
    ...(n.fields?.length ? { fields: n.fields } : {}),
  };
}

/** Minutes since midnight of "HH:MM". */
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When the quiet hours that `now` falls in end (Manila time), or null outside them. A window
 * whose start is after its end spans midnight (22:00–07:00); equal ends mean none.
 */
export function quietEnd(now: Date, start: string | null, end: string | null): Date | null {
  if (!start || !end || start === end) return null;
  const local = DateTime.fromJSDate(now, { zone: ZONE });
  const m = local.hour * 60 + local.minute;
  const s = minutesOf(start);
  const e = minutesOf(end);
  const inside = s < e ? m >= s && m < e : m >= s || m < e;
  if (!inside) return null;
  let until = local.startOf("day").plus({ minutes: e });
  if (until <= local) until = until.plus({ days: 1 });
  return until.toJSDate();
}

/** Every member of the household (optionally but one). */
export async function householdMembers(tx: Queryable, householdId: string, exceptUserId?: string) {
  const members = await tx
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(
      exceptUserId
        ? and(eq(schema.users.householdId, householdId), ne(schema.users.id, exceptUserId))
        : eq(schema.users.householdId, householdId),
    );
  return members.map((m) => m.id);
}

/** The member's own user id if they belong to the household, else nobody. */
export async function memberOf(tx: Queryable, householdId: string, userId: string) {
  const [m] = await tx
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(and(eq(schema.users.householdId, householdId), eq(schema.users.id, userId)));
  return m ? [m.id] : [];
}

type NotificationRow = typeof schema.notifications.$inferSelect;

export const toJson = (n: NotificationRow) => ({
  id: n.id,
  type: n.type,
  title: n.title,
  body: n.body,
  link: n.link,
  silent: n.silent,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});

export async function listNotifications(db: Queryable, userId: string, limit: number, unreadOnly: boolean) {
  const items = await db
    .select()
    .from(schema.notifications)
    .where(
      unreadOnly
        ? and(eq(schema.notifications.userId, userId), isNull(schema.notifications.readAt))
        : eq(schema.notifications.userId, userId),
    )
    .orderBy(desc(schema.notifications.id))
    .limit(limit);
  return { items: items.map(toJson), unread: await unreadCount(db, userId) };
}

/** The member's notifications after `afterId` in id (= commit) order: what a resuming stream missed. */
export async function notificationsAfter(db: Queryable, userId: string, afterId: string, limit = 200) {
  return db
    .select()
    .from(schema.notifications)
    .where(and(eq(schema.notifications.userId, userId), gt(schema.notifications.id, afterId)))
    .orderBy(asc(schema.notifications.id))
    .limit(limit);
}

/** The newest notification id of the member (where a fresh stream starts). */
export async function latestId(db: Queryable, userId: string): Promise<string | null> {
  const [r] = await db
    .select({ id: schema.notifications.id })
    .from(schema.notifications)
    .where(eq(schema.notifications.userId, userId))
    .orderBy(desc(schema.notifications.id))
    .limit(1);
  return r?.id ?? null;
}

export async function unreadCount(db: Queryable, userId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.notifications)
    .where(and(eq(schema.notifications.userId, userId), isNull(schema.notifications.readAt)));
  return r?.n ?? 0;
}

export async function markRead(db: Queryable, userId: string, id: string) {
  const res = await db
    .update(schema.notifications)
    .set({ readAt: sql`coalesce(read_at, now())` })
    .where(and(eq(schema.notifications.id, id), eq(schema.notifications.userId, userId)))
    .returning({ id: schema.notifications.id });
  if (res.length === 0) throw new HttpProblem(404, "Notification not found");
}

export async function markAllRead(db: Queryable, userId: string) {
  await db
    .update(schema.notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(schema.notifications.userId, userId), isNull(schema.notifications.readAt)));
}

export async function deleteNotification(db: Queryable, userId: string, id: string) {
  const res = await db
    .delete(schema.notifications)
    .where(and(eq(schema.notifications.id, id), eq(schema.notifications.userId, userId)))
    .returning({ id: schema.notifications.id });
  if (res.length === 0) throw new HttpProblem(404, "Notification not found");
}

export async function deleteRead(db: Queryable, userId: string): Promise<number> {
  const res = await db
    .delete(schema.notifications)
    .where(and(eq(schema.notifications.userId, userId), isNotNull(schema.notifications.readAt)))
    .returning({ id: schema.notifications.id });
  return res.length;
}

export async function getPreferences(db: Queryable, userId: string) {
  const [rows, [s]] = await Promise.all([
    db.select().from(schema.notificationPreferences).where(eq(schema.notificationPreferences.userId, userId)),
    db.select().from(schema.notificationSettings).where(eq(schema.notificationSettings.userId, userId)),
  ]);
  return {
    kinds: kindNames.map((kind) => {
      const row = rows.find((r) => r.kind === kind);
      return {
        kind,
        label: KINDS[kind].label,
        inApp: row?.inApp ?? KINDS[kind].inApp,
        discord: row?.discord ?? KINDS[kind].discord,
      };
    }),
    quietHours: s?.quietStart && s.quietEnd ? { start: s.quietStart, end: s.quietEnd } : null,
    timeZone: ZONE,
  };
}

export async function savePreferences(
  db: Queryable,
  userId: string,
  input: {
    kinds?: { kind: Kind; inApp: boolean; discord: boolean }[];
    quietHours?: { start: string; end: string } | null;
  },
) {
  await db.transaction(async (tx) => {
    for (const k of input.kinds ?? []) {
      await tx
        .insert(schema.notificationPreferences)
        .values({ userId, kind: k.kind, inApp: k.inApp, discord: k.discord })
        .onConflictDoUpdate({
          target: [schema.notificationPreferences.userId, schema.notificationPreferences.kind],
          set: { inApp: k.inApp, discord: k.discord },
        });
    }
    if (input.quietHours !== undefined) {
      const q = input.quietHours;
      await tx
        .insert(schema.notificationSettings)
        .values({ userId, quietStart: q?.start ?? null, quietEnd: q?.end ?? null })
        .onConflictDoUpdate({
          target: schema.notificationSettings.userId,
          set: { quietStart: q?.start ?? null, quietEnd: q?.end ?? null, updatedAt: sql`now()` },
        });
    }
  });
}
