import { type Database, schema, type Tx } from "@fintrack/db";
import { and, eq } from "drizzle-orm";
import { catalog, type EventData, type EventType, isEventType } from "./catalog";
import { readCloudEvent } from "./read";
import { verifyEvent } from "./signature";

export interface ReceivedEvent<T extends EventType> {
  id: string;
  type: T;
  source: string;
  subject?: string;
  time?: string;
  data: EventData<T>;
}

export type EventHandler<T extends EventType> = (event: ReceivedEvent<T>, tx: Tx) => Promise<void>;
export type EventHandlers = { [T in EventType]?: EventHandler<T> };
/**
 * Work done before the handler's transaction, for what must not hold one open (a slow call to
 * an outside service). It keeps its own progress in the database: it may run again on a
 * redelivery, and the handler then reads what it left.
 */
export type EventPreparer<T extends EventType> = (event: ReceivedEvent<T>) => Promise<void>;
export type EventPreparers = { [T in EventType]?: EventPreparer<T> };

export interface ReceiverOptions {
  consumer: string;
  db: Database;
  handlers: EventHandlers;
  /** Runs outside (before) the handler's transaction, skipped for an event already processed. */
  prepare?: EventPreparers;
  /** Only events signed with this key (by the outbox publisher) are accepted. */
  signingKey: Uint8Array;
  /** Runs after the handler's transaction commits (flush the outbox, push to SSE clients…). */
  afterCommit?: () => void;
  log?: (level: "warn" | "error" | "info", msg: string, fields: Record<string, unknown>) => void;
}

const problem = (status: number, title: string, detail: string) =>
  Response.json(
    { type: "about:blank", title, status, detail },
    { status, headers: { "content-type": "application/problem+json" } },
  );

/**
 * Receives CloudEvents over HTTP (binary or structured), checks their signature, validates them against the catalog
 * and runs the handler once per event id and consumer: the `processed_events` row and the
 * handler's writes commit together, so a redelivery after success is acknowledged and skipped,
 * and a failure rolls everything back for the broker to retry.
 */
export function createEventReceiver(opts: ReceiverOptions) {
  return async (request: Request): Promise<Response> => {
    const read = await readCloudEvent(request);
    if ("error" in read) return problem(400, read.error.title, read.error.detail);
    const { event } = read;
    // In the cluster anyone who can reach the pod could post here: only the broker, relaying
    // what our outbox signed, may deliver. 401 is not retried, so a forgery is dropped at once.
    if (!verifyEvent(event, opts.signingKey)) {
      opts.log?.("warn", "event refused: missing or bad signature", {
        consumer: opts.consumer,
        eventId: event.id,
      });
      return problem(401, "Unsigned event", "the event carries no valid signature");
    }
    const type = event.type;
    if (!isEventType(type)) return problem(400, "Unknown event type", `${type} is not in the catalog`);
    const handler = opts.handlers[type] as EventHandler<EventType> | undefined;
    if (!handler) return problem(400, "No handler", `${opts.consumer} does not consume ${type}`);
    const raw = typeof event.data === "string" ? safeJson(event.data) : event.data;
    const parsed = catalog[type].safeParse(raw);
    if (!parsed.success) {
      return problem(400, "Invalid event data", parsed.error.issues.map((i) => i.message).join("; "));
    }
    const received: ReceivedEvent<EventType> = {
      id: event.id,
      type,
      source: event.source,
      subject: event.subject,
      time: event.time,
      data: parsed.data,
    };
    try {
      const prepare = opts.prepare?.[type] as EventPreparer<EventType> | undefined;
      if (prepare) {
        const [seen] = await opts.db
          .select({ eventId: schema.processedEvents.eventId })
          .from(schema.processedEvents)
          .where(
            and(
              eq(schema.processedEvents.eventId, event.id),
              eq(schema.processedEvents.consumer, opts.consumer),
            ),
          );
        if (seen) return Response.json({ processed: false, duplicate: true }, { status: 200 });
        await prepare(received);
      }
      const ran = await opts.db.transaction(async (tx) => {
        const inserted = await tx
          .insert(schema.processedEvents)
          .values({ eventId: event.id, consumer: opts.consumer })
          .onConflictDoNothing()
          .returning({ eventId: schema.processedEvents.eventId });
        if (inserted.length === 0) return false;
        await handler(received, tx);
        return true;
      });
      if (ran) opts.afterCommit?.();
      return Response.json({ processed: ran, duplicate: !ran }, { status: 200 });
    } catch (err) {
      opts.log?.("error", "event handler failed", {
        consumer: opts.consumer,
        eventId: event.id,
        type,
        err: err instanceof Error ? err.message : String(err),
      });
      return problem(500, "Event handler failed", "the event will be retried");
    }
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
