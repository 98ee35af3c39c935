import { createEffect, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { isDark } from "../../lib/theme";

export interface TimeChartSeries {
  label: string;
  /** Centavos as the API gives them: drawn as pesos, shown exactly. */
  values: string[];
  light: string;
  dark: string;
}

/**
 * A monthly chart (bars or a line) drawn by uPlot, which is loaded here on first use so only
 * the pages with charts download it. Values are never hover-only: the figures of the selected
 * month are written under the chart (tap or hover a month, or step with the buttons; the latest
 * month at first), and the whole series is in a table below.
 */
export function TimeChart(props: {
  labels: string[];
  longLabels: string[];
  series: TimeChartSeries[];
  kind: "bars" | "line";
  format: (centavos: string) => string;
  testId: string;
  height?: number;
}) {
  let host!: HTMLDivElement;
  const [selected, setSelected] = createSignal(Math.max(0, props.labels.length - 1));
  const [failed, setFailed] = createSignal(false);
  let chart: { resize: (w: number) => void; destroy: () => void } | undefined;
  let observer: ResizeObserver | undefined;

  onMount(() => {
    observer = new ResizeObserver(() => chart?.resize(host.clientWidth));
    observer.observe(host);
  });
  createEffect(() => {
    const dark = isDark();
    const labels = props.labels;
    const series = props.series.map((s) => ({
      label: s.label,
      color: dark ? s.dark : s.light,
      values: s.values.map((v) => Number(v) / 100),
    }));
    setSelected(Math.max(0, labels.length - 1));
    let cancelled = false;
    import("../../lib/uplot-chart")
      .then(({ drawChart }) => {
        if (cancelled) return;
        chart?.destroy();
        chart = drawChart(host, {
          labels,
          series,
          kind: props.kind,
          dark,
          width: host.clientWidth || 320,
          height: props.height ?? 220,
          onSelect: setSelected,
        });
      })
      .catch(() => setFailed(true));
    onCleanup(() => {
      cancelled = true;
    });
  });
  onCleanup(() => {
    observer?.disconnect();
    chart?.destroy();
  });

  const step = (delta: number) =>
    setSelected((i) => Math.min(props.labels.length - 1, Math.max(0, i + delta)));
  const stepClass =
    "flex size-9 items-center justify-center rounded-full text-lg text-zinc-700 hover:bg-zinc-100 disabled:opacity-40 dark:text-zinc-300 dark:hover:bg-zinc-800";

  return (
    <div data-testid={props.testId}>
      <div
        ref={host}
        class="w-full touch-pan-y"
        role="img"
        aria-label={`Chart: ${props.series.map((s) => s.label).join(", ")} by month`}
      />
      <Show when={failed()}>
        <p class="text-sm text-red-700 dark:text-red-400">
          The chart could not load; the figures are in the table below.
        </p>
      </Show>
      <div
        class="mt-3 flex items-center gap-2 rounded-xl bg-zinc-50 px-3 py-2 dark:bg-zinc-950/60"
        data-testid={`${props.testId}-readout`}
      >
        <button
          type="button"
          class={stepClass}
          aria-label="Previous month"
          disabled={selected() <= 0}
          onClick={() => step(-1)}
        >
          ‹
        </button>
        <div class="min-w-0 flex-1" aria-live="polite">
          <p
            class="text-xs font-medium text-zinc-600 dark:text-zinc-400"
            data-testid={`${props.testId}-month`}
          >
            {props.longLabels[selected()] ?? ""}
          </p>
          <dl class="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            <For each={props.series}>
              {(s) => (
                <div class="flex items-baseline gap-1.5">
                  <svg class="size-2.5" viewBox="0 0 10 10" aria-hidden="true">
                    <circle cx="5" cy="5" r="5" fill={isDark() ? s.dark : s.light} />
                  </svg>
                  <dt class="text-zinc-600 dark:text-zinc-400">{s.label}</dt>
                  <dd class="font-semibold tabular-nums">{props.format(s.values[selected()] ?? "0")}</dd>
                </div>
              )}
            </For>
          </dl>
        </div>
        <button
          type="button"
          class={stepClass}
          aria-label="Next month"
          disabled={selected() >= props.labels.length - 1}
          onClick={() => step(1)}
        >
          ›
        </button>
      </div>
      <details class="mt-2 text-sm">
        <summary class="cursor-pointer py-1 font-medium text-emerald-800 dark:text-emerald-300">
          Show as a table
        </summary>
        <div class="mt-2 max-h-72 overflow-auto">
          <table class="w-full text-left tabular-nums">
            <thead>
              <tr class="text-xs text-zinc-600 dark:text-zinc-400">
                <th class="py-1 pr-2 font-medium">Month</th>
                <For each={props.series}>
                  {(s) => <th class="py-1 pl-2 text-right font-medium">{s.label}</th>}
                </For>
              </tr>
            </thead>
            <tbody>
              <For each={props.longLabels}>
                {(label, i) => (
                  <tr class="border-t border-zinc-100 dark:border-zinc-800">
                    <td class="py-1 pr-2">{label}</td>
                    <For each={props.series}>
                      {(s) => <td class="py-1 pl-2 text-right">{props.format(s.values[i()] ?? "0")}</td>}
                    </For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
