import { A } from "@solidjs/router";
import { For, type JSX, Show } from "solid-js";
import { unreadCount } from "../lib/notifications";
import { BellIcon, CardIcon, HomeIcon, ListIcon, SettingsIcon, WalletIcon } from "./Icons";
import { UnreadBadge } from "./NotificationBell";

interface NavItem {
  href: string;
  label: string;
  icon: (props: { class?: string }) => JSX.Element;
  /** only "/" needs an exact match; the others stay active on their sub-pages */
  end?: boolean;
  badge?: () => number;
  /** left out of the phone tab bar (the header bell already leads there) */
  desktopOnly?: boolean;
}

/** The pages in the nav. Add a page here when it works (transactions, accounts, cards, …). */
export const navItems: NavItem[] = [
  { href: "/", label: "Home", icon: HomeIcon, end: true },
  { href: "/transactions", label: "Transactions", icon: ListIcon },
  { href: "/accounts", label: "Accounts", icon: WalletIcon },
  { href: "/cards", label: "Cards", icon: CardIcon },
  {
    href: "/notifications",
    label: "Notifications",
    icon: BellIcon,
    badge: () => unreadCount() ?? 0,
    desktopOnly: true,
  },
  { href: "/settings", label: "Settings", icon: SettingsIcon },
];

/** Desktop: a vertical list in the sidebar. */
export function SideNav() {
  return (
    <nav aria-label="Main" class="flex flex-col gap-1">
      <For each={navItems}>
        {(item) => (
          <A
            href={item.href}
            end={item.end}
            class="flex min-h-11 items-center gap-3 rounded-xl px-3 text-sm font-medium text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-50"
            activeClass="!bg-emerald-50 !text-emerald-800 dark:!bg-emerald-950/70 dark:!text-emerald-200"
          >
            <item.icon class="size-5" />
            <span class="flex-1">{item.label}</span>
            <Show when={item.badge}>{(badge) => <UnreadBadge count={badge()()} />}</Show>
          </A>
        )}
      </For>
    </nav>
  );
}

/** Phone: a bottom tab bar within thumb reach. */
export function TabBar() {
  return (
    <nav
      aria-label="Main"
      class="fixed inset-x-0 bottom-0 z-30 border-t border-zinc-200 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur md:hidden dark:border-zinc-800 dark:bg-zinc-950/95"
    >
      <ul class="mx-auto flex max-w-md">
        <For each={navItems.filter((item) => !item.desktopOnly)}>
          {(item) => (
            <li class="min-w-0 flex-1">
              <A
                href={item.href}
                end={item.end}
                class="relative flex min-h-16 flex-col items-center justify-center gap-1 text-[11px] font-medium text-zinc-600 dark:text-zinc-400"
                activeClass="!text-emerald-700 dark:!text-emerald-300"
              >
                <span class="relative">
                  <item.icon class="size-6" />
                  <Show when={item.badge}>
                    {(badge) => <UnreadBadge count={badge()()} class="absolute -top-1.5 -right-3" />}
                  </Show>
                </span>
                {item.label}
              </A>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
