import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { currentMonth, formatMonth } from "../../lib/dates";
import { isCurrent, type Period, periodParams, shiftPeriod } from "../../lib/period";
import { ChevronLeftIcon, ChevronRightIcon } from "../Icons";

const hrefOf = (period: Period) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(periodParams(period))) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `/?${search}` : "/";
};

export const periodLabel = (period: Period) =>
  period.kind === "year" ? String(period.year) : formatMonth(period.month);

/** Previous / next month or year, a month–year switch and a way back to today; all links, so the URL remembers. */
export function PeriodSwitcher(props: { period: Period }) {
  const asYear = (): Period =>
    props.period.kind === "year"
      ? props.period
      : { kind: "year", year: Number(props.period.month.slice(0, 4)) };
  // from a year, "Month" opens this month when it is this year, else that year's December
  const asMonth = (): Period => {
    const p = props.period;
    if (p.kind === "month") return p;
    return { kind: "month", month: isCurrent(p) ? currentMonth() : `${p.year}-12` };
  };
  const stepClass =
    "flex size-10 shrink-0 items-center justify-center rounded-full text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-emerald-600 dark:text-zinc-300 dark:hover:bg-zinc-800";
  const tabClass = (active: boolean) =>
    `rounded-full px-3 py-1.5 text-sm font-semibold ${
      active
        ? "bg-white text-zinc-900 shadow-sm dark:bg-zinc-700 dark:text-zinc-50"
        : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
    }`;
  return (
    <nav
      aria-label="Period"
      class="mb-4 flex flex-wrap items-center justify-between gap-2"
      data-testid="period-switcher"
    >
      <div class="flex min-w-0 items-center gap-1">
        <A
          href={hrefOf(shiftPeriod(props.period, -1))}
          class={stepClass}
          aria-label="Previous"
          data-testid="period-previous"
        >
          <ChevronLeftIcon class="size-5" />
        </A>
        <h2
          class="min-w-36 text-center text-lg font-semibold whitespace-nowrap"
          data-testid="period-label"
          aria-live="polite"
        >
          {periodLabel(props.period)}
        </h2>
        <A
          href={hrefOf(shiftPeriod(props.period, 1))}
          class={stepClass}
          aria-label="Next"
          data-testid="period-next"
        >
          <ChevronRightIcon class="size-5" />
        </A>
        <Show when={!isCurrent(props.period)}>
          <A
            href="/"
            class="ml-1 rounded-full px-3 py-1.5 text-sm font-semibold text-emerald-800 hover:underline dark:text-emerald-300"
            data-testid="period-today"
          >
            This month
          </A>
        </Show>
      </div>
      <div class="flex rounded-full bg-zinc-100 p-1 dark:bg-zinc-800">
        <A
          href={hrefOf(asMonth())}
          class={tabClass(props.period.kind === "month")}
          aria-current={props.period.kind === "month" ? "page" : undefined}
        >
          Month
        </A>
        <A
          href={hrefOf(asYear())}
          class={tabClass(props.period.kind === "year")}
          aria-current={props.period.kind === "year" ? "page" : undefined}
          data-testid="period-year"
        >
          Year
        </A>
      </div>
    </nav>
  );
}
