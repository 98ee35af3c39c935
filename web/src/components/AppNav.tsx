import { A, useLocation } from "@solidjs/router";
import { createEffect, createSignal, For, type JSX, on, Show } from "solid-js";
import { unreadCount } from "../lib/notifications";
import {
  BellIcon,
  CalendarIcon,
  CameraIcon,
  CardIcon,
  ChartIcon,
  CopyIcon,
  DocumentIcon,
  HomeIcon,
  ListIcon,
  MoreIcon,
  PieChartIcon,
  ReceiptIcon,
  SettingsIcon,
  WalletIcon,
} from "./Icons";
import { UnreadBadge } from "./NotificationBell";

interface NavItem {
  href: string;
  label: string;
  icon: (props: { class?: string }) => JSX.Element;
  /** only "/" needs an exact match; the others stay active on their sub-pages */
  end?: boolean;
  badge?: () => number;
  /**
   * In the phone tab bar itself; the rest sit behind its "More" button (five tabs is what fits a
   * thumb on a 360 px screen).
   */
  tab?: boolean;
  /** left out of the phone nav (the header bell already leads there) */
  desktopOnly?: boolean;
}

/** The pages in the nav, in the order the side bar shows them. */
export const navItems: NavItem[] = [
  { href: "/", label: "Home", icon: HomeIcon, end: true, tab: true },
  { href: "/transactions", label: "Transactions", icon: ListIcon, tab: true },
  { href: "/scan", label: "Scan", icon: CameraIcon, tab: true },
  { href: "/budgets", label: "Budgets", icon: PieChartIcon, tab: true },
  { href: "/accounts", label: "Accounts", icon: WalletIcon },
  { href: "/cards", label: "Cards", icon: CardIcon },
  { href: "/installments", label: "Installments", icon: CalendarIcon },
  { href: "/bills", label: "Bills", icon: ReceiptIcon },
  { href: "/insights", label: "Insights", icon: ChartIcon },
  { href: "/documents", label: "Documents", icon: DocumentIcon },
  { href: "/paste", label: "Paste AI answer", icon: CopyIcon },
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

/** Phone: a bottom tab bar within thumb reach; "More" opens the other pages above it. */
export function TabBar() {
  const [moreOpen, setMoreOpen] = createSignal(false);
  const location = useLocation();
  // Leaving a page through the panel (or the back button) closes it.
  createEffect(
    on(
      () => location.pathname,
      () => setMoreOpen(false),
      { defer: true },
    ),
  );
  const phoneItems = navItems.filter((item) => !item.desktopOnly);
  const tabs = phoneItems.filter((item) => item.tab);
  const more = phoneItems.filter((item) => !item.tab);
  const moreActive = () => more.some((item) => location.pathname.startsWith(item.href));
  const tabClass =
    "relative flex min-h-16 w-full flex-col items-center justify-center gap-1 text-[11px] font-medium text-zinc-600 dark:text-zinc-400";
  return (
    <nav
      aria-label="Main"
      class="fixed inset-x-0 bottom-0 z-30 border-t border-zinc-200 bg-white/95 pb-[env(safe-area-inset-bottom)] backdrop-blur md:hidden dark:border-zinc-800 dark:bg-zinc-950/95"
      onKeyDown={(e) => {
        if (e.key === "Escape") setMoreOpen(false);
      }}
    >
      <Show when={moreOpen()}>
        <ul
          id="more-pages"
          class="mx-auto grid max-w-md grid-cols-3 gap-1 border-b border-zinc-200 p-2 dark:border-zinc-800"
        >
          <For each={more}>
            {(item) => (
              <li>
                <A
                  href={item.href}
                  class="flex min-h-16 flex-col items-center justify-center gap-1 rounded-xl px-1 text-center text-xs font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
                  activeClass="!bg-emerald-50 !text-emerald-800 dark:!bg-emerald-950/70 dark:!text-emerald-200"
                  onClick={() => setMoreOpen(false)}
                >
                  <item.icon class="size-6" />
                  {item.label}
                </A>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <ul class="mx-auto flex max-w-md">
        <For each={tabs}>
          {(item) => (
            <li class="min-w-0 flex-1">
              <A
                href={item.href}
                end={item.end}
                class={tabClass}
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
        <li class="min-w-0 flex-1">
          <button
            type="button"
            class={`${tabClass} ${moreOpen() || moreActive() ? "!text-emerald-700 dark:!text-emerald-300" : ""}`}
            aria-expanded={moreOpen()}
            aria-controls="more-pages"
            onClick={() => setMoreOpen((open) => !open)}
          >
            <MoreIcon class="size-6" />
            More
          </button>
        </li>
      </ul>
    </nav>
  );
}
