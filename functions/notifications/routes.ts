import { createRoute } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { requireUser } from "../lib/auth";
import { createFunctionApp, type FunctionDeps } from "../lib/function-app";
import { json, problems } from "../lib/openapi";
import type { NotificationHub } from "./hub";
import { IdParam, ListQuery, NotificationList } from "./schemas";
import { listNotifications, markAllRead, markRead, unreadCount } from "./service";

const security = [{ cookieAuth: [] }];
const RECHECK_MS = 15_000;

export function notificationRoutes(deps: FunctionDeps, hub: NotificationHub) {
  const app = createFunctionApp("notifications", deps);
  const signedIn = requireUser(deps.config.jwtSecret, deps.sessions);
  app.use("/api/notifications", signedIn);
  app.use("/api/notifications/stream", signedIn);
  app.use("/api/notifications/read-all", signedIn);
  app.use("/api/notifications/:id/read", signedIn);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/notifications",
      operationId: "listNotifications",
      summary: "Notifications of the signed-in member, newest first",
      security,
      request: { query: ListQuery },
      responses: { 200: json(NotificationList, "Notifications"), ...problems(400, 401) },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await listNotifications(deps.db, c.get("user").userId, q.limit, q.unreadOnly), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/notifications/{id}/read",
      operationId: "markNotificationRead",
      summary: "Mark one notification read",
      security,
      request: { params: IdParam },
      responses: { 204: { description: "Marked read" }, ...problems(401, 404) },
    }),
    async (c) => {
      const userId = c.get("user").userId;
      await markRead(deps.db, userId, c.req.valid("param").id);
      hub.changed([userId]);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/notifications/read-all",
      operationId: "markAllNotificationsRead",
      summary: "Mark every notification read",
      security,
      responses: { 204: { description: "Marked read" }, ...problems(401) },
    }),
    async (c) => {
      const userId = c.get("user").userId;
      await markAllRead(deps.db, userId);
      hub.changed([userId]);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/notifications/stream",
      operationId: "streamUnreadCount",
      summary: "Server-sent events: `unread` with the unread count whenever it changes",
      security,
      responses: {
        200: { description: "text/event-stream", content: { "text/event-stream": { schema: {} } } },
      },
    }),
    (c) => {
      const user = c.get("user");
      const userId = user.userId;
      return streamSSE(c, async (stream) => {
        let last = -1;
        let wake: (() => void) | undefined;
        const unsubscribe = hub.subscribe(userId, () => wake?.());
        // a signed-out session's stream ends, as its requests do
        const unwatch = deps.sessions.watch(user.sessionId, () => wake?.());
        stream.onAbort(() => {
          unsubscribe();
          unwatch();
          wake?.();
        });
        while (!stream.aborted) {
          if (!(await deps.sessions.check(user))) break;
          const unread = await unreadCount(deps.db, userId);
          if (unread !== last) {
            await stream.writeSSE({ event: "unread", data: JSON.stringify({ unread }) });
            last = unread;
          } else {
            await stream.write(": keep-alive\n\n");
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, RECHECK_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        unsubscribe();
        unwatch();
      }) as never;
    },
  );
  return app;
}
