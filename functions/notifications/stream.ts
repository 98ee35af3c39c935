import type { SignedInUser } from "../lib/auth";
import type { FunctionDeps } from "../lib/function-app";
import type { NotificationHub } from "./hub";
import { toJson } from "./service";

const encoder = new TextEncoder();

/**
 * The body of GET /api/notifications/stream. Built apart from the request's context on purpose:
 * an open stream keeps only what it needs (the member, its cursor, a timer), not the request,
 * its headers and logger, which the handler's scope would hold for the stream's whole life.
 */
export function notificationStream(
  deps: Pick<FunctionDeps, "sessions">,
  hub: NotificationHub,
  user: SignedInUser,
  from: string,
): ReadableStream<Uint8Array> {
  let cursor = from;
  let aborted = false;
  let dirty = true;
  let wake: (() => void) | undefined;
  const poke = () => {
    dirty = true;
    wake?.();
  };
  let unsubscribe = () => {};
  let unwatch = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const userId = user.userId;
      unsubscribe = hub.subscribe(userId, poke);
      // a signed-out session's stream ends, as its requests do
      unwatch = deps.sessions.watch(user.sessionId, poke);
      const send = (text: string) => {
        if (!aborted) controller.enqueue(encoder.encode(text));
      };
      void (async () => {
        let last = -1;
        let first = true;
        try {
          while (!aborted) {
            if (!(await deps.sessions.check(user))) break;
            const changed = dirty;
            dirty = false;
            if (changed) {
              let unread: number;
              for (;;) {
                const snapshot = await hub.read(userId, cursor);
                for (const n of snapshot.rows) {
                  send(`id: ${n.id}\nevent: notification\ndata: ${JSON.stringify(toJson(n))}\n\n`);
                  cursor = n.id;
                }
                unread = snapshot.unread;
                if (!snapshot.more) break;
              }
              if (unread !== last) {
                send(`${first ? "retry: 3000\n" : ""}event: unread\ndata: ${JSON.stringify({ unread })}\n\n`);
                last = unread;
                first = false;
              }
            } else {
              send(": heartbeat\n\n");
              dirty = !hub.listening; // without LISTEN, each heartbeat re-reads
            }
            if (dirty || aborted) continue;
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, hub.heartbeatMs);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wake = undefined;
          }
        } catch {
          // the database went away mid-stream: end it, the browser reconnects with Last-Event-ID
        } finally {
          unsubscribe();
          unwatch();
          if (!aborted) {
            aborted = true;
            try {
              controller.close();
            } catch {}
          }
        }
      })();
    },
    cancel() {
      aborted = true;
      poke();
    },
  });
}
