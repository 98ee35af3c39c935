import { A } from "@solidjs/router";
import { Show } from "solid-js";
import type { Cashflow } from "../../lib/analytics";
import { formatMonth } from "../../lib/dates";
import { formatPeso, formatSignedPeso, toCentavos } from "../../lib/money";
import { Card } from "../Card";

const W = 240;
const H = 56;

/**
 * Spending over the last twelve months as a small inline SVG line: no chart library, so the
 * dashboard stays small (the Insights page loads one). The figures are written beside it.
 */
export function SpendingTrend(props: { data: Cashflow | undefined; class?: string }) {
  const values = () => (props.data?.items ?? []).map((i) => Number(toCentavos(i.spendingCentavos)));
  const points = () => {
    const v = values();
    if (v.length === 0) return "";
    const max = Math.max(1, ...v);
    const min = Math.min(0, ...v);
    const step = v.length > 1 ? W / (v.length - 1) : 0;
    return v
      .map(
        (y, i) => `${(i * step).toFixed(1)},${(H - 4 - ((y - min) / (max - min || 1)) * (H - 8)).toFixed(1)}`,
      )
      .join(" ");
  };
  const last = () => props.data?.items.at(-1);
  const previous = () => props.data?.items.at(-2);
  const change = () => {
    const l = last();
    const p = previous();
    return l && p ? toCentavos(l.spendingCentavos) - toCentavos(p.spendingCentavos) : 0n;
  };
  return (
    <Card
      title="Spending trend"
      description="The last twelve months"
      class={props.class}
      actions={
        <A
          href="/insights"
          class="-my-1 shrink-0 rounded-lg px-2 py-1 text-sm font-semibold text-emerald-800 hover:underline dark:text-emerald-300"
        >
          Insights
        </A>
      }
    >
      <Show
        when={props.data}
        fallback={<div class="h-14 animate-pulse rounded-xl bg-zinc-100 dark:bg-zinc-800" />}
      >
        <div class="flex items-center gap-4" data-testid="spending-trend">
          <svg
            viewBox={`0 0 ${W} ${H}`}
            class="h-14 min-w-0 flex-1 text-emerald-600 dark:text-emerald-400"
            preserveAspectRatio="none"
            role="img"
            aria-label="Spending per month over the last twelve months"
          >
            <polyline
              points={points()}
              fill="none"
              stroke="currentColor"
              stroke-width="2"
              vector-effect="non-scaling-stroke"
            />
          </svg>
          <Show when={last()}>
            {(l) => (
              <div class="shrink-0 text-right">
                <p class="text-xs text-zinc-600 dark:text-zinc-400">{formatMonth(l().month)}</p>
                <p class="font-semibold tabular-nums" data-testid="spending-trend-last">
                  {formatPeso(l().spendingCentavos)}
                </p>
                <Show when={previous()}>
                  <p class="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
                    {change() === 0n
                      ? "same as the month before"
                      : `${formatSignedPeso(change() < 0n ? -change() : change(), change() < 0n ? "-" : "+")} vs the month before`}
                  </p>
                </Show>
              </div>
            )}
          </Show>
        </div>
      </Show>
    </Card>
  );
}
