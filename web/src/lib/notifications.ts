import { action, query, revalidate } from "@solidjs/router";
import { createSignal, onCleanup, onMount } from "solid-js";
import { showToast } from "../components/Toast";
import { type Notification, notificationsApi, refreshSession } from "./api";

export const getNotifications = query(() => notificationsApi.list(), "notifications");
export const getNotificationPreferences = query(
  () => notificationsApi.preferences(),
  "notification-preferences",
);
export const getDiscordSettings = query(() => notificationsApi.discord(), "discord-settings");

export const deleteNotificationAction = action(async (id: string) => {
  await notificationsApi.remove(id);
  return revalidate(getNotifications.key);
}, "notification-delete");

export const deleteReadAction = action(async () => {
  const { deleted } = await notificationsApi.removeRead();
  await revalidate(getNotifications.key);
  return { deleted };
}, "notifications-delete-read");

export const savePreferencesAction = action(
  async (body: Parameters<typeof notificationsApi.savePreferences>[0]) => {
    await notificationsApi.savePreferences(body);
    await revalidate(getNotificationPreferences.key);
    return { savedAt: Date.now() };
  },
  "notification-preferences-save",
);

export const saveDiscordAction = action(async (form: FormData) => {
  await notificationsApi.saveDiscord(String(form.get("url") ?? "").trim());
  await revalidate(getDiscordSettings.key);
  return { savedAt: Date.now() };
}, "discord-save");

export const removeDiscordAction = action(async () => {
  await notificationsApi.removeDiscord();
  await revalidate(getDiscordSettings.key);
}, "discord-remove");

export const testDiscordAction = action(async () => {
  const queued = await notificationsApi.testDiscord();
  // the post goes through the delivery queue: show its result when it has one
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const s = await notificationsApi.discord();
    if (s.lastDelivery?.id === queued.deliveryId && s.lastDelivery.status !== "pending") break;
  }
  await revalidate(getDiscordSettings.key);
  return queued;
}, "discord-test");

export const markReadAction = action(async (id: string) => {
  await notificationsApi.markRead(id);
  setUnreadCount((count) => Math.max(0, (count ?? 1) - 1));
}, "notification-read");

export const markAllReadAction = action(async () => {
  await notificationsApi.markAllRead();
  setUnreadCount(0);
}, "notifications-read-all");

/** The bell badge: fed by the notification list and, live, by the SSE stream. */
const [unreadCount, setUnreadCount] = createSignal<number | undefined>(undefined);

export { setUnreadCount, unreadCount };

const MAX_RETRY_DELAY_MS = 60_000;

/**
 * Keeps the unread count live from `GET /api/notifications/stream` (`event: unread`,
 * data `{"unread":N}`). When the stream closes (expired session, server restart, or no
 * stream at all) it refreshes the session, reloads the list and reconnects with backoff,
 * so the badge stays right even without SSE.
 */
export function useLiveUnreadCount(): void {
  onMount(() => {
    if (typeof EventSource === "undefined") return;
    let source: EventSource | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let delay = 2_000;
    let stopped = false;

    const connect = () => {
      source = new EventSource(notificationsApi.streamUrl, { withCredentials: true });
      source.addEventListener("open", () => {
        delay = 2_000;
      });
      source.addEventListener("unread", (event) => {
        const count = parseUnread((event as MessageEvent).data);
        if (count === undefined) return;
        const previous = unreadCount();
        setUnreadCount(count);
        // something new arrived: refresh the lists that show notifications
        if (previous !== undefined && count > previous) void revalidate(getNotifications.key);
      });
      // each new notification (`id:` = its id, so a reconnect resumes after it)
      source.addEventListener("notification", (event) => {
        const n = parseNotification((event as MessageEvent).data);
        if (!n) return;
        void revalidate(getNotifications.key);
        if (!n.silent && !n.readAt && document.visibilityState === "visible") showToast(n.title);
      });
      source.addEventListener("error", () => {
        if (source?.readyState !== EventSource.CLOSED || stopped) return;
        source = undefined;
        retryTimer = setTimeout(async () => {
          await refreshSession();
          if (stopped) return;
          void revalidate(getNotifications.key);
          connect();
        }, delay);
        delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
      });
    };

    connect();
    onCleanup(() => {
      stopped = true;
      source?.close();
      clearTimeout(retryTimer);
    });
  });
}

function parseUnread(data: unknown): number | undefined {
  if (typeof data !== "string") return undefined;
  try {
    const parsed = JSON.parse(data) as { unread?: unknown };
    return typeof parsed.unread === "number" && parsed.unread >= 0 ? parsed.unread : undefined;
  } catch {
    return undefined;
  }
}

function parseNotification(data: unknown): Notification | undefined {
  if (typeof data !== "string") return undefined;
  try {
    const parsed = JSON.parse(data) as Notification;
    return typeof parsed.id === "string" && typeof parsed.title === "string" ? parsed : undefined;
  } catch {
    return undefined;
  }
}
