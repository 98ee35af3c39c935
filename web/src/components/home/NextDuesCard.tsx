import { A, createAsync } from "@solidjs/router";
import { For, Show } from "solid-js";
import { dueWords, getUpcomingDues } from "../../lib/bills";
import { formatDay } from "../../lib/dates";
import { formatPeso } from "../../lib/money";
import { Card } from "../Card";
import { CardIcon, ReceiptIcon } from "../Icons";

/** The dashboard's "Next dues": card statements and bills due in the next 7 days, and overdue ones. */
export function NextDuesCard() {
  const dues = createAsync(() => getUpcomingDues(7));
  return (
    <Card
      title="Next dues"
      description="Cards and bills in the next 7 days"
      actions={
        <A
          href="/bills"
          class="-my-1 shrink-0 rounded-lg px-2 py-1 text-sm font-semibold text-emerald-800 hover:underline dark:text-emerald-300"
        >
          All bills
        </A>
      }
    >
      <Show
        when={dues()}
        fallback={<div class="h-16 animate-pulse rounded-xl bg-zinc-100 dark:bg-zinc-800" />}
      >
        {(list) => (
          <Show
            when={list().items.length > 0}
            fallback={<p class="text-sm text-zinc-600 dark:text-zinc-400">Nothing due this week.</p>}
          >
            <ul
              class="divide-y divide-zinc-100 dark:divide-zinc-800"
              aria-label="Next dues"
              data-testid="next-dues"
            >
              <For each={list().items}>
                {(item) => (
                  <li class="flex items-center gap-3 py-2.5" data-testid="next-due">
                    <span class="inline-flex size-9 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                      {item.kind === "card" ? <CardIcon class="size-5" /> : <ReceiptIcon class="size-5" />}
                    </span>
                    <div class="min-w-0 flex-1">
                      <p class="truncate text-sm font-semibold">{item.name}</p>
                      <p
                        class={`text-xs ${item.daysLeft < 0 ? "font-semibold text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
                      >
                        {formatDay(item.dueDate, list().today)} · {dueWords(item.daysLeft)}
                      </p>
                    </div>
                    <Show when={item.amountCentavos}>
                      {(amount) => (
                        <p class="shrink-0 text-sm font-semibold tabular-nums">{formatPeso(amount())}</p>
                      )}
                    </Show>
                    <div class="shrink-0">
                      <A
                        href={item.payLink}
                        class="inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg px-2 text-sm font-semibold text-emerald-800 hover:underline dark:text-emerald-300"
                        aria-label={`Pay ${item.name}`}
                      >
                        Pay
                      </A>
                    </div>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </Card>
  );
}
