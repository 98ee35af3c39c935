import { Title } from "@solidjs/meta";
import { createAsync } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { Button } from "../../components/Button";
import { Card, PageHeader } from "../../components/Card";
import { AddPlanSheet, PlanRow } from "../../components/cards/InstallmentsPanel";
import { CardIcon, PlusIcon } from "../../components/Icons";
import { formatDate, formatMonth } from "../../lib/dates";
import { getObligations, getPlans, type ObligationMonth } from "../../lib/installments";
import { formatPeso } from "../../lib/money";

export default function InstallmentsPage() {
  const plans = createAsync(() => getPlans());
  const obligations = createAsync(() => getObligations());
  const [adding, setAdding] = createSignal(false);
  const largest = () =>
    (obligations()?.months ?? []).reduce(
      (max, m) => (BigInt(m.totalCentavos) > max ? BigInt(m.totalCentavos) : max),
      1n,
    );

  return (
    <>
      <Title>Installments · FinTrack</Title>
      <PageHeader
        title="Installments"
        description="Card purchases paid in monthly instalments, and what plans and bills will cost in the next 12 months."
        actions={
          <Button onClick={() => setAdding(true)}>
            <PlusIcon class="size-4" />
            Add plan
          </Button>
        }
      />
      <div class="grid gap-4 lg:grid-cols-2">
        <Card title="Plans">
          <Show
            when={plans()}
            fallback={<div class="h-32 animate-pulse rounded-2xl bg-zinc-200/70 dark:bg-zinc-800/70" />}
          >
            <Show
              when={(plans()?.items.length ?? 0) > 0}
              fallback={
                <div class="py-6 text-center">
                  <CardIcon class="mx-auto size-10 text-zinc-400" />
                  <h2 class="mt-3 text-base font-semibold">No installment plans</h2>
                  <p class="mx-auto mt-1 max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
                    Record a 0% or add-on plan ("3/12") once; FinTrack bills each instalment on its statement.
                  </p>
                </div>
              }
            >
              <ul class="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Installment plans">
                <For each={plans()?.items}>{(plan) => <PlanRow plan={plan} showCard />}</For>
              </ul>
            </Show>
          </Show>
        </Card>
        <Card
          title="Future obligations"
          description="Instalments by the due date of the statement that bills them, plus your recurring bills."
        >
          <ol class="space-y-3" aria-label="Next 12 months">
            <For each={obligations()?.months ?? []}>{(m) => <MonthBar month={m} largest={largest()} />}</For>
          </ol>
        </Card>
      </div>
      <AddPlanSheet open={adding()} onClose={() => setAdding(false)} />
    </>
  );
}

function MonthBar(props: { month: ObligationMonth; largest: bigint }) {
  const share = (c: string) => `${Number((BigInt(c) * 1000n) / props.largest) / 10}%`;
  return (
    <li aria-label={formatMonth(props.month.month)}>
      <details class="group">
        <summary class="flex cursor-pointer list-none items-center gap-3">
          <span class="w-24 shrink-0 text-sm text-zinc-700 sm:w-32 dark:text-zinc-300">
            {formatMonth(props.month.month)}
          </span>
          <span
            class="flex h-3 flex-1 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
            aria-hidden="true"
          >
            <span
              class="h-full bg-emerald-600 dark:bg-emerald-400"
              style={{ width: share(props.month.installmentsCentavos) }}
            />
            <span
              class="h-full bg-sky-500 dark:bg-sky-400"
              style={{ width: share(props.month.billsCentavos) }}
            />
          </span>
          <span class="shrink-0 text-right text-sm font-semibold tabular-nums">
            {formatPeso(props.month.totalCentavos)}
          </span>
        </summary>
        <ul class="mt-2 space-y-1 pl-2 text-xs text-zinc-600 sm:pl-24 dark:text-zinc-400">
          <For each={props.month.items}>
            {(item) => (
              <li class="flex justify-between gap-2">
                <span>
                  {formatDate(item.dueDate)} · {item.name} ({item.kind === "bill" ? "bill" : item.detail})
                </span>
                <span class="tabular-nums">
                  {item.amountCentavos ? formatPeso(item.amountCentavos) : "—"}
                </span>
              </li>
            )}
          </For>
        </ul>
      </details>
    </li>
  );
}
