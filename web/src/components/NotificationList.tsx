import { A, useAction, useSubmissions } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { Notification } from "../lib/api";
import { formatDateTime, formatRelative } from "../lib/format";
import { deleteNotificationAction, markReadAction } from "../lib/notifications";
import { BellIcon } from "./Icons";

function isAppLink(link: string | null): link is string {
  return !!link && link.startsWith("/") && !link.startsWith("//");
}

export function NotificationList(props: { items: Notification[]; compact?: boolean }) {
  const markRead = useAction(markReadAction);
  const marking = useSubmissions(markReadAction);
  const remove = useAction(deleteNotificationAction);
  const removing = useSubmissions(deleteNotificationAction);
  const isRemoved = (item: Notification) => removing.some((s) => s.input[0] === item.id && !s.error);
  const isRead = (item: Notification) =>
    !!item.readAt || marking.some((s) => s.input[0] === item.id && !s.error);

  return (
    <Show
      when={props.items.length > 0}
      fallback={
        <div class="flex flex-col items-center gap-2 py-8 text-center text-sm text-zinc-600 dark:text-zinc-400">
          <BellIcon class="size-8 text-zinc-400" />
          <p>You're all caught up. New notifications will appear here.</p>
        </div>
      }
    >
      <ul class="-my-2 divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="notification-list">
        <For each={props.items.filter((item) => !isRemoved(item))}>
          {(item) => (
            <li class="flex items-start gap-3 py-3" data-read={isRead(item) ? "true" : "false"}>
              <span
                class={`mt-2 size-2 shrink-0 rounded-full ${isRead(item) ? "bg-transparent" : "bg-emerald-600 dark:bg-emerald-400"}`}
                aria-hidden="true"
              />
              <div class="min-w-0 flex-1">
                <p
                  class={`text-sm ${isRead(item) ? "text-zinc-700 dark:text-zinc-300" : "font-semibold text-zinc-900 dark:text-zinc-50"}`}
                >
                  <Show when={isAppLink(item.link)} fallback={item.title}>
                    <A href={item.link as string} class="hover:underline">
                      {item.title}
                    </A>
                  </Show>
                  <Show when={!isRead(item)}>
                    <span class="sr-only"> (unread)</span>
                  </Show>
                </p>
                <Show when={item.body && !props.compact}>
                  <p class="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{item.body}</p>
                </Show>
                <p class="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                  <time datetime={item.createdAt} title={formatDateTime(item.createdAt)}>
                    {formatRelative(item.createdAt)}
                  </time>
                </p>
              </div>
              <Show when={!isRead(item) && !props.compact}>
                <button
                  type="button"
                  class="shrink-0 rounded-lg px-2.5 py-1.5 text-xs font-semibold text-emerald-800 hover:bg-emerald-50 dark:text-emerald-300 dark:hover:bg-emerald-950"
                  onClick={() => markRead(item.id)}
                  aria-label={`Mark "${item.title}" as read`}
                >
                  Mark read
                </button>
              </Show>
              <Show when={!props.compact}>
                <button
                  type="button"
                  class="shrink-0 rounded-lg px-2.5 py-1.5 text-xs font-semibold text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
                  onClick={() => remove(item.id)}
                  aria-label={`Delete "${item.title}"`}
                  data-testid="notification-delete"
                >
                  Delete
                </button>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
