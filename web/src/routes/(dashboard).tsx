import { A, createAsync, type RouteSectionProps, useSubmission } from "@solidjs/router";
import { createEffect, ErrorBoundary, onCleanup, onMount, Show, Suspense } from "solid-js";
import { SideNav, TabBar } from "../components/AppNav";
import { Avatar } from "../components/Avatar";
import { Button } from "../components/Button";
import { errorMessage } from "../components/FormAlert";
import { LogOutIcon, PlusIcon } from "../components/Icons";
import { Logo } from "../components/Logo";
import { NotificationBell } from "../components/NotificationBell";
import { QuickAddSheet } from "../components/QuickAddSheet";
import { ThemeToggle } from "../components/ThemeToggle";
import { ToastRegion } from "../components/Toast";
import { getMe, logoutAction } from "../lib/auth";
import { getNotifications, setUnreadCount, useLiveUnreadCount } from "../lib/notifications";
import { isQuickAddShortcut, openQuickAdd } from "../lib/quickAdd";

/** Every signed-in page: side nav (desktop) or bottom tabs (phone), header with bell and sign out. */
export default function DashboardLayout(props: RouteSectionProps) {
  const me = createAsync(() => getMe());

  return (
    <Show when={me()} fallback={<LoadingShell />}>
      {(current) => (
        <div class="min-h-dvh md:flex">
          <LiveUnreadCount />
          {/* the rail stretches with the page (its background never ends early); the nav inside stays in view */}
          <div
            class="hidden w-64 shrink-0 border-r border-zinc-200 bg-white md:block dark:border-zinc-800 dark:bg-zinc-900"
            data-testid="sidebar"
          >
            <aside class="sticky top-0 flex h-dvh flex-col px-4 py-5">
              <A href="/" class="mb-8 rounded-lg px-2" aria-label="FinTrack home">
                <Logo />
              </A>
              <SideNav />
              <div class="mt-auto flex items-center gap-3 rounded-xl px-2 py-2">
                <Avatar name={current().user.name} />
                <div class="min-w-0 flex-1">
                  <p class="truncate text-sm font-semibold" data-testid="user-name">
                    {current().user.name}
                  </p>
                  <p class="truncate text-xs text-zinc-600 capitalize dark:text-zinc-400">
                    {current().user.role}
                  </p>
                </div>
              </div>
            </aside>
          </div>

          <div class="flex min-w-0 flex-1 flex-col">
            <header class="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 pt-[env(safe-area-inset-top)] backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
              <div class="mx-auto flex h-16 max-w-5xl items-center gap-2 px-4 sm:px-6">
                <A href="/" class="rounded-lg md:hidden" aria-label="FinTrack home">
                  <Logo />
                </A>
                <p class="hidden text-sm text-zinc-600 md:block dark:text-zinc-400">
                  {current().household.name}
                </p>
                <div class="ml-auto flex items-center gap-1">
                  <div class="mr-2 hidden md:block">
                    <Button onClick={() => openQuickAdd()} aria-keyshortcuts="n">
                      <PlusIcon class="size-4" />
                      Add transaction
                      <kbd class="ml-1 rounded-md bg-white/20 px-1.5 font-sans text-xs font-medium dark:bg-zinc-950/20">
                        N
                      </kbd>
                    </Button>
                  </div>
                  <ThemeToggle />
                  <NotificationBell />
                  <SignOutButton />
                </div>
              </div>
            </header>
            <main id="main" class="mx-auto w-full max-w-5xl flex-1 px-4 pt-6 pb-40 sm:px-6 md:pb-12">
              <ErrorBoundary fallback={(error, reset) => <PageError error={error} reset={reset} />}>
                <Suspense fallback={<PageSkeleton />}>{props.children}</Suspense>
              </ErrorBoundary>
            </main>
          </div>
          <TabBar />
          <AddButton />
          <QuickAddSheet />
          <ToastRegion />
          <QuickAddShortcut />
        </div>
      )}
    </Show>
  );
}

/** Signed in only: feeds the bell from the notification list and the live stream. */
function LiveUnreadCount() {
  const notifications = createAsync(() => getNotifications());
  createEffect(() => {
    const list = notifications();
    if (list) setUnreadCount(list.unread);
  });
  useLiveUnreadCount();
  return null;
}

/** Phone: the big + above the tab bar, where the thumb rests. */
function AddButton() {
  return (
    <button
      type="button"
      class="fixed right-4 bottom-[calc(5rem+env(safe-area-inset-bottom))] z-30 inline-flex size-14 items-center justify-center rounded-full bg-emerald-700 text-white shadow-lg shadow-emerald-900/30 hover:bg-emerald-800 md:hidden dark:bg-emerald-500 dark:text-zinc-950"
      aria-label="Add transaction"
      onClick={() => openQuickAdd()}
    >
      <PlusIcon class="size-7" />
    </button>
  );
}

function QuickAddShortcut() {
  onMount(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isQuickAddShortcut(event)) return;
      event.preventDefault();
      openQuickAdd();
    };
    document.addEventListener("keydown", onKeyDown);
    onCleanup(() => document.removeEventListener("keydown", onKeyDown));
  });
  return null;
}

function SignOutButton() {
  const submission = useSubmission(logoutAction);
  return (
    <form action={logoutAction} method="post">
      <button
        type="submit"
        class="inline-flex min-h-11 items-center gap-2 rounded-xl px-3 text-sm font-medium text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 disabled:opacity-60 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-50"
        disabled={submission.pending}
        aria-label="Sign out"
      >
        <LogOutIcon />
        <span class="hidden sm:inline">Sign out</span>
      </button>
    </form>
  );
}

function LoadingShell() {
  return (
    <div class="flex min-h-dvh items-center justify-center" aria-busy="true">
      <p class="sr-only">Loading FinTrack…</p>
      <div class="size-10 animate-pulse rounded-2xl bg-emerald-700/80" aria-hidden="true" />
    </div>
  );
}

function PageSkeleton() {
  return (
    <div class="space-y-4" role="status" aria-busy="true" aria-label="Loading">
      <div class="h-8 w-48 animate-pulse rounded-lg bg-zinc-200 dark:bg-zinc-800" />
      <div class="h-40 animate-pulse rounded-2xl bg-zinc-200/70 dark:bg-zinc-800/70" />
    </div>
  );
}

function PageError(props: { error: unknown; reset: () => void }) {
  return (
    <div
      role="alert"
      class="rounded-2xl bg-white p-6 ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800"
    >
      <h1 class="text-lg font-semibold">This page couldn't load</h1>
      <p class="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{errorMessage(props.error)}</p>
      <Button variant="secondary" class="mt-4" onClick={props.reset}>
        Try again
      </Button>
    </div>
  );
}
