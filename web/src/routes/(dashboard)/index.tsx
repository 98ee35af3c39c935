import { Title } from "@solidjs/meta";
import { A, createAsync } from "@solidjs/router";
import { For, Show } from "solid-js";
import { Avatar } from "../../components/Avatar";
import { buttonClass } from "../../components/Button";
import { Card, PageHeader } from "../../components/Card";
import { UserPlusIcon } from "../../components/Icons";
import { NotificationList } from "../../components/NotificationList";
import { getMe } from "../../lib/auth";
import { greeting } from "../../lib/format";
import { getNotifications } from "../../lib/notifications";

export default function HomePage() {
  const me = createAsync(() => getMe());
  const notifications = createAsync(() => getNotifications());
  const firstName = () => me()?.user.name.split(/\s+/)[0] ?? "";

  return (
    <Show when={me()}>
      {(current) => (
        <>
          <Title>Home · FinTrack</Title>
          <PageHeader
            title={`${greeting()}, ${firstName()}`}
            description={`Welcome to ${current().household.name}.`}
          />
          <div class="grid gap-4 lg:grid-cols-2">
            <Card title="Household" description={current().household.name}>
              <ul class="space-y-3" aria-label="Household members">
                <For each={current().household.members}>
                  {(member) => (
                    <li class="flex items-center gap-3">
                      <Avatar name={member.name} />
                      <div class="min-w-0 flex-1">
                        <p class="truncate text-sm font-semibold">
                          {member.name}
                          <Show when={member.id === current().user.id}>
                            <span class="font-normal text-zinc-500 dark:text-zinc-400"> (you)</span>
                          </Show>
                        </p>
                        <p class="truncate text-xs text-zinc-600 dark:text-zinc-400">{member.email}</p>
                      </div>
                      <span class="rounded-full bg-zinc-100 px-2.5 py-1 text-xs font-medium text-zinc-700 capitalize dark:bg-zinc-800 dark:text-zinc-300">
                        {member.role}
                      </span>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={current().user.role === "owner" && current().household.members.length < 2}>
                <div class="mt-5 rounded-xl bg-emerald-50 p-4 dark:bg-emerald-950/50">
                  <p class="text-sm text-emerald-900 dark:text-emerald-100">
                    FinTrack works best together. Invite your partner to share this household.
                  </p>
                  <A href="/settings#invite" class={buttonClass("primary", "mt-3")}>
                    <UserPlusIcon class="size-4" />
                    Invite your partner
                  </A>
                </div>
              </Show>
            </Card>

            <Card
              title="Recent notifications"
              actions={
                <A
                  href="/notifications"
                  class="rounded-lg px-2 py-1 text-sm font-semibold text-emerald-800 hover:underline dark:text-emerald-300"
                >
                  View all
                </A>
              }
            >
              <Show when={notifications()}>
                {(list) => <NotificationList items={list().items.slice(0, 5)} compact />}
              </Show>
            </Card>
          </div>
        </>
      )}
    </Show>
  );
}
