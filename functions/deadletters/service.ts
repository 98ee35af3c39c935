import { type Queryable, schema } from "@fintrack/db";
import { desc, eq, isNull, or } from "drizzle-orm";

export interface DeadLetter {
  eventId: string;
  type: string;
  source: string;
  data: unknown;
  destination?: string;
  errorCode?: string;
  errorData?: string;
}

const householdOf = (data: unknown): string | null => {
  const id = (data as { householdId?: unknown } | null)?.householdId;
  return typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
};

export async function storeDeadLetter(db: Queryable, d: DeadLetter) {
  await db.insert(schema.deadLetters).values({ ...d, householdId: householdOf(d.data) });
}

/** A household sees its own dead letters and those that belong to no household. */
export async function listDeadLetters(db: Queryable, householdId: string, limit = 100) {
  const list = await db
    .select()
    .from(schema.deadLetters)
    .where(or(eq(schema.deadLetters.householdId, householdId), isNull(schema.deadLetters.householdId)))
    .orderBy(desc(schema.deadLetters.receivedAt))
    .limit(limit);
  return list.map((d) => ({
    id: d.id,
    eventId: d.eventId,
    type: d.type,
    source: d.source,
    destination: d.destination,
    errorCode: d.errorCode,
    error: d.errorData ? Buffer.from(d.errorData, "base64").toString("utf8") : null,
    receivedAt: d.receivedAt.toISOString(),
  }));
}
