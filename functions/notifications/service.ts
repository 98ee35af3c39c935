import { type Queryable, schema } from "@fintrack/db";
import { and, desc, eq, isNull, ne, sql } from "drizzle-orm";
import { HttpProblem } from "../lib/problem";

export interface NewNotification {
  householdId: string;
  type: string;
  title: string;
  body?: string;
  link?: string;
  sourceEventId: string;
}

/** Notifies every member of the household except `exceptUserId`; returns who was notified. */
export async function notifyMembers(
  tx: Queryable,
  n: NewNotification,
  exceptUserId?: string,
): Promise<string[]> {
  const members = await tx
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(
      exceptUserId
        ? and(eq(schema.users.householdId, n.householdId), ne(schema.users.id, exceptUserId))
        : eq(schema.users.householdId, n.householdId),
    );
  if (members.length === 0) return [];
  await tx
    .insert(schema.notifications)
    .values(members.map((m) => ({ ...n, body: n.body ?? "", userId: m.id })))
    .onConflictDoNothing();
  return members.map((m) => m.id);
}

export async function listNotifications(db: Queryable, userId: string, limit: number, unreadOnly: boolean) {
  const items = await db
    .select()
    .from(schema.notifications)
    .where(
      unreadOnly
        ? and(eq(schema.notifications.userId, userId), isNull(schema.notifications.readAt))
        : eq(schema.notifications.userId, userId),
    )
    .orderBy(desc(schema.notifications.createdAt), desc(schema.notifications.id))
    .limit(limit);
  return {
    items: items.map((n) => ({
      id: n.id,
      type: n.type,
      title: n.title,
      body: n.body,
      link: n.link,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    })),
    unread: await unreadCount(db, userId),
  };
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
