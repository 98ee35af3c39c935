import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { unreadCount } from "../lib/notifications";
import { BellIcon } from "./Icons";

export function UnreadBadge(props: { count: number; class?: string }) {
  return (
    <Show when={props.count > 0}>
      <span
        data-testid="unread-badge"
        class={`inline-flex min-w-5 items-center justify-center rounded-full bg-red-600 px-1.5 text-[11px] leading-5 font-bold text-white ${props.class ?? ""}`}
        aria-hidden="true"
      >
        {props.count > 99 ? "99+" : props.count}
      </span>
    </Show>
  );
}

/** The header bell: links to /notifications, badge shows the live unread count. */
export function NotificationBell() {
  const count = () => unreadCount() ?? 0;
  return (
    <A
      href="/notifications"
      class="relative inline-flex size-11 items-center justify-center rounded-xl text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      aria-label={count() > 0 ? `Notifications, ${count()} unread` : "Notifications"}
      data-testid="notification-bell"
    >
      <BellIcon />
      <UnreadBadge count={count()} class="absolute top-1 right-0.5 ring-2 ring-white dark:ring-zinc-950" />
    </A>
  );
}
