import { createRoute, z } from "@hono/zod-openapi";
import { requireUser } from "../lib/auth";
import { createFunctionApp, type FunctionDeps } from "../lib/function-app";
import { json, problems } from "../lib/openapi";
import type { DiscordWorker } from "./discord";
import { discordStatus, queueTest, removeWebhook, saveWebhook } from "./discord-settings";
import type { NotificationHub } from "./hub";
import {
  Deleted,
  DiscordInput,
  DiscordStatus,
  IdParam,
  ListQuery,
  NotificationList,
  Preferences,
  PreferencesInput,
  TestQueued,
} from "./schemas";
import {
  deleteNotification,
  deleteRead,
  getPreferences,
  latestId,
  listNotifications,
  markAllRead,
  markRead,
  savePreferences,
} from "./service";
import { notificationStream } from "./stream";

const security = [{ cookieAuth: [] }];
const NIL = "00000000-0000-0000-0000-000000000000";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function notificationRoutes(deps: FunctionDeps, hub: NotificationHub, discord: DiscordWorker) {
  const app = createFunctionApp("notifications", deps);
  const signedIn = requireUser(deps.config.jwtSecret, deps.sessions);
  for (const path of [
    "/api/notifications",
    "/api/notifications/stream",
    "/api/notifications/read-all",
    "/api/notifications/read",
    "/api/notifications/preferences",
    "/api/notifications/discord",
    "/api/notifications/discord/test",
    "/api/notifications/:id/read",
  ]) {
    app.use(path, signedIn);
  }
  // DELETE only: POST /api/notifications/events is the broker's, signed by the outbox instead
  app.on("DELETE", "/api/notifications/:id", signedIn);

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
      method: "delete",
      path: "/api/notifications/read",
      operationId: "deleteReadNotifications",
      summary: "Delete every notification already read",
      security,
      responses: { 200: json(Deleted, "How many were deleted"), ...problems(401) },
    }),
    async (c) => {
      const userId = c.get("user").userId;
      const deleted = await deleteRead(deps.db, userId);
      hub.changed([userId]);
      return c.json({ deleted }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/notifications/preferences",
      operationId: "getNotificationPreferences",
      summary: "Which kinds reach the member in the app and on Discord, and their quiet hours",
      security,
      responses: { 200: json(Preferences, "Preferences"), ...problems(401) },
    }),
    async (c) => c.json(await getPreferences(deps.db, c.get("user").userId), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/notifications/preferences",
      operationId: "updateNotificationPreferences",
      summary: "Change channels per kind and/or quiet hours (Asia/Manila; null turns them off)",
      security,
      request: { body: { content: { "application/json": { schema: PreferencesInput } }, required: true } },
      responses: { 200: json(Preferences, "Preferences"), ...problems(400, 401) },
    }),
    async (c) => {
      const userId = c.get("user").userId;
      await savePreferences(deps.db, userId, c.req.valid("json"));
      return c.json(await getPreferences(deps.db, userId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/notifications/discord",
      operationId: "getDiscordSettings",
      summary: "Where the member's Discord posts go (masked) and how the last one went",
      security,
      responses: { 200: json(DiscordStatus, "Discord settings"), ...problems(401) },
    }),
    async (c) => c.json(await discordStatus(deps.db, deps.config, c.get("user").userId), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/notifications/discord",
      operationId: "saveDiscordWebhook",
      summary: "Save the member's Discord webhook URL (stored encrypted, never shown again in full)",
      security,
      request: { body: { content: { "application/json": { schema: DiscordInput } }, required: true } },
      responses: { 200: json(DiscordStatus, "Discord settings"), ...problems(400, 401) },
    }),
    async (c) => {
      const userId = c.get("user").userId;
      await saveWebhook(deps.db, deps.config, userId, c.req.valid("json").url);
      return c.json(await discordStatus(deps.db, deps.config, userId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/notifications/discord",
      operationId: "removeDiscordWebhook",
      summary: "Forget the member's own Discord webhook",
      security,
      responses: { 200: json(DiscordStatus, "Discord settings"), ...problems(401) },
    }),
    async (c) => {
      const userId = c.get("user").userId;
      await removeWebhook(deps.db, userId);
      return c.json(await discordStatus(deps.db, deps.config, userId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/notifications/discord/test",
      operationId: "sendDiscordTestMessage",
      summary: "Queue a test post to the member's Discord webhook; its result shows in the settings",
      security,
      responses: { 202: json(TestQueued, "Queued"), ...problems(401, 409) },
    }),
    async (c) => {
      const queued = await queueTest(deps.db, deps.config, c.get("user"));
      void discord.wake();
      return c.json(queued, 202);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/notifications/stream",
      operationId: "streamNotifications",
      summary:
        "Server-sent events: `notification` (id = the notification's id) for each new one, `unread` with the count whenever it changes, comment heartbeats; resumes after Last-Event-ID",
      security,
      request: {
        headers: z.object({ "last-event-id": z.string().max(100).optional() }),
      },
      responses: {
        200: { description: "text/event-stream", content: { "text/event-stream": { schema: {} } } },
        ...problems(401),
      },
    }),
    async (c) => {
      const user = c.get("user");
      const userId = user.userId;
      const resume = c.req.valid("header")["last-event-id"];
      await hub.start();
      // a resuming client gets exactly what committed after the last id it saw; a new one
      // starts at the newest (its list came from GET /api/notifications)
      const cursor =
        resume && UUID.test(resume) ? resume.toLowerCase() : ((await latestId(deps.db, userId)) ?? NIL);
      return c.body(notificationStream(deps, hub, user, cursor), 200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
      }) as never;
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
      method: "delete",
      path: "/api/notifications/{id}",
      operationId: "deleteNotification",
      summary: "Delete one notification",
      security,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...problems(401, 404) },
    }),
    async (c) => {
      const userId = c.get("user").userId;
      await deleteNotification(deps.db, userId, c.req.valid("param").id);
      hub.changed([userId]);
      return c.body(null, 204);
    },
  );
  return app;
}
