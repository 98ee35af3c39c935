import { A, createAsync } from "@solidjs/router";
import { For, Show } from "solid-js";
import { budgetName, getBudgetProgress } from "../../lib/budgets";
import { formatPeso, toCentavos } from "../../lib/money";
import { BudgetBar } from "../BudgetBar";
import { Card } from "../Card";

/** The dashboard's budget status for a month: the overall budget and the categories closest to their limit. */
export function BudgetCard(props: { month: string; class?: string }) {
  const progress = createAsync(() => getBudgetProgress(props.month));
  const shown = () => {
    const items = progress()?.items ?? [];
    const byUse = [...items].sort((a, b) => (b.percent ?? 1000) - (a.percent ?? 1000));
    const overall = items.filter((b) => !b.categoryId);
    return [...overall, ...byUse.filter((b) => b.categoryId).slice(0, Math.max(1, 4 - overall.length))];
  };
  const overCount = () => (progress()?.items ?? []).filter((b) => b.over).length;
  return (
    <Card
      title="Budgets"
      description={
        <Show when={progress()} fallback={<span class="invisible">Budgets</span>}>
          {(p) =>
            p().items.length === 0
              ? "None set for this month."
              : overCount() > 0
                ? `${overCount()} over budget`
                : "All within budget"
          }
        </Show>
      }
      actions={
        <A
          href={`/budgets?month=${props.month}`}
          class="-my-1 shrink-0 rounded-lg px-2 py-1 text-sm font-semibold text-emerald-800 hover:underline dark:text-emerald-300"
        >
          {(progress()?.items.length ?? 0) > 0 ? "All budgets" : "Set a budget"}
        </A>
      }
      class={props.class}
    >
      <Show
        when={progress()}
        fallback={<div class="h-16 animate-pulse rounded-xl bg-zinc-100 dark:bg-zinc-800" />}
      >
        <Show
          when={shown().length > 0}
          fallback={
            <p class="text-sm text-zinc-600 dark:text-zinc-400">
              Set a monthly limit overall or per category and get an alert at 80% and 100%.
            </p>
          }
        >
          <ul class="space-y-4" aria-label="Budget status" data-testid="budget-status">
            <For each={shown()}>
              {(b) => (
                <li data-testid="budget-status-item">
                  <div class="flex items-baseline justify-between gap-3 text-sm">
                    <span class="truncate font-semibold">{budgetName(b)}</span>
                    <span
                      class={`shrink-0 tabular-nums ${b.over ? "font-semibold text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
                    >
                      {b.over
                        ? `Over by ${formatPeso(-toCentavos(b.leftCentavos))}`
                        : `${formatPeso(b.leftCentavos)} left`}
                    </span>
                  </div>
                  <BudgetBar budget={b} label={budgetName(b)} class="mt-2" />
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </Card>
  );
}
