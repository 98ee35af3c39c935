import type { EventData, EventType } from "@fintrack/events";
import { signEvent } from "@fintrack/events";
import { CloudEvent } from "cloudevents";
import type { TestApp, TestClient } from "../testing";
import type { NotificationsModule } from "./index";

/** Sends an event through the app's local broker, as a producer's outbox would; returns its id. */
export async function deliverEvent<T extends EventType>(
  app: TestApp,
  type: T,
  data: EventData<T>,
  id?: string,
): Promise<string> {
  const event = signEvent(
    new CloudEvent({ ...(id ? { id } : {}), type, source: "/fintrack/test", data }),
    app.config.eventKey,
  );
  await app.runtime.broker!.send(event);
  await app.runtime.broker!.idle();
  return event.id;
}

export const notificationsOf = (app: TestApp) =>
  app.runtime.modules.get("notifications") as NotificationsModule;

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
  comment?: string;
  at: number;
}

/** An open event stream read as the browser's EventSource would parse it. */
export interface Stream {
  status: number;
  events: SseEvent[];
  /** Resolves with the first event (after those already seen, from `from`) that matches. */
  next(match: (e: SseEvent) => boolean, timeoutMs?: number, from?: number): Promise<SseEvent>;
  close(): Promise<void>;
}

/** Opens GET /api/notifications/stream as `client` (its cookies) on `app`. */
export async function openStream(app: TestApp, client: TestClient, lastEventId?: string): Promise<Stream> {
  const headers = new Headers({ accept: "text/event-stream" });
  headers.set("cookie", [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
  if (lastEventId) headers.set("last-event-id", lastEventId);
  const res = await app.fetch(new Request("http://localhost/api/notifications/stream", { headers }));
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let closed = false;
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut = buffer.indexOf("\n\n");
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const e: SseEvent = { data: "", at: performance.now() };
          const data: string[] = [];
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) e.comment = line.slice(1).trim();
            else if (line.startsWith("id:")) e.id = line.slice(3).trim();
            else if (line.startsWith("event:")) e.event = line.slice(6).trim();
            else if (line.startsWith("data:")) data.push(line.slice(5).trim());
          }
          e.data = data.join("\n");
          events.push(e);
          for (const w of waiters) w();
          cut = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // cancelled
    } finally {
      closed = true;
      for (const w of waiters) w();
    }
  })();
  return {
    status: res.status,
    events,
    next(match, timeoutMs = 2000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.slice(from).find(match);
          if (found) {
            done();
            resolve(found);
          } else if (closed) {
            done();
            reject(new Error("stream closed"));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching event within ${timeoutMs} ms: ${JSON.stringify(events)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      await reader.cancel().catch(() => {});
      await pump;
    },
  };
}

export const unreadOf = (e: SseEvent) => (JSON.parse(e.data) as { unread: number }).unread;
