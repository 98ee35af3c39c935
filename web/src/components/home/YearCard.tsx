import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { YearSummary } from "../../lib/ledger";
import { formatPeso, formatSignedPeso, toCentavos } from "../../lib/money";
import { Card } from "../Card";

const shortMonth = new Intl.DateTimeFormat("en-PH", { timeZone: "UTC", month: "short" });

/** A year at a glance: totals, then each month's income and spending as bars; a month opens its own view. */
export function YearCard(props: { year: number; summary: YearSummary | undefined; class?: string }) {
  const max = () =>
    (props.summary?.months ?? []).reduce((top, m) => {
      const bigger =
        toCentavos(m.incomeCentavos) > toCentavos(m.expenseCentavos) ? m.incomeCentavos : m.expenseCentavos;
      return toCentavos(bigger) > top ? toCentavos(bigger) : top;
    }, 1n);
  const width = (centavos: string) => `${Number((toCentavos(centavos) * 100n) / max())}%`;
  const net = () => toCentavos(props.summary?.netCentavos ?? "0");
  return (
    <Card
      title={`${props.year} at a glance`}
      description="Income and spending, month by month"
      class={props.class}
    >
      <Show
        when={props.summary}
        fallback={<div class="h-64 animate-pulse rounded-xl bg-zinc-100 dark:bg-zinc-800" />}
      >
        {(summary) => (
          <>
            <dl class="grid grid-cols-1 gap-2 sm:grid-cols-3 sm:gap-4" data-testid="year-summary">
              <Total
                label="Income"
                value={formatPeso(summary().incomeCentavos)}
                tone="text-emerald-700 dark:text-emerald-400"
              />
              <Total label="Spending" value={formatPeso(summary().expenseCentavos)} />
              <Total
                label="Net"
                value={formatSignedPeso(net(), net() < 0n ? "-" : "")}
                tone={net() < 0n ? "text-red-700 dark:text-red-400" : ""}
              />
            </dl>
            <ul class="mt-5 space-y-1" aria-label={`Months of ${props.year}`}>
              <For each={summary().months}>
                {(month) => (
                  <li>
                    <A
                      href={`/?month=${month.month}`}
                      class="grid grid-cols-[2.5rem_1fr_auto] items-center gap-3 rounded-lg px-2 py-1.5 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/60"
                      data-testid="year-month"
                    >
                      <span class="font-medium">
                        {shortMonth.format(new Date(`${month.month}-01T00:00:00Z`))}
                      </span>
                      <span class="space-y-1" aria-hidden="true">
                        <span
                          class="block h-1.5 rounded-full bg-emerald-600 dark:bg-emerald-400"
                          style={{ width: width(month.incomeCentavos) }}
                        />
                        <span
                          class="block h-1.5 rounded-full bg-zinc-400 dark:bg-zinc-500"
                          style={{ width: width(month.expenseCentavos) }}
                        />
                      </span>
                      <span class="text-right tabular-nums whitespace-nowrap">
                        <span class="sr-only">
                          Income {formatPeso(month.incomeCentavos)}, spending{" "}
                          {formatPeso(month.expenseCentavos)}, net{" "}
                        </span>
                        <span
                          aria-hidden="false"
                          class={toCentavos(month.netCentavos) < 0n ? "text-red-700 dark:text-red-400" : ""}
                          data-testid="year-month-net"
                        >
                          {formatSignedPeso(month.netCentavos, toCentavos(month.netCentavos) < 0n ? "-" : "")}
                        </span>
                      </span>
                    </A>
                  </li>
                )}
              </For>
            </ul>
            <p class="mt-3 flex gap-4 text-xs text-zinc-600 dark:text-zinc-400" aria-hidden="true">
              <span class="flex items-center gap-1.5">
                <span class="inline-block h-1.5 w-4 rounded-full bg-emerald-600 dark:bg-emerald-400" /> Income
              </span>
              <span class="flex items-center gap-1.5">
                <span class="inline-block h-1.5 w-4 rounded-full bg-zinc-400 dark:bg-zinc-500" /> Spending
              </span>
            </p>
          </>
        )}
      </Show>
    </Card>
  );
}

function Total(props: { label: string; value: string; tone?: string }) {
  return (
    <div class="flex items-baseline justify-between gap-3 rounded-xl bg-zinc-50 px-4 py-3 sm:block dark:bg-zinc-950/60">
      <dt class="text-sm font-medium text-zinc-600 sm:text-xs dark:text-zinc-400">{props.label}</dt>
      <dd
        class={`text-lg font-semibold whitespace-nowrap tabular-nums sm:mt-1 sm:text-2xl ${props.tone ?? ""}`}
      >
        {props.value}
      </dd>
    </div>
  );
}
