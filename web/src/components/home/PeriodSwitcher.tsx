import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { currentMonth, formatMonth } from "../../lib/dates";
import { isCurrent, type Period, periodParams, shiftPeriod } from "../../lib/period";
import { PeriodStepper } from "../PeriodStepper";

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
  return (
    <nav aria-label="Period" class="mb-4" data-testid="period-switcher">
      <PeriodStepper
        label={periodLabel(props.period)}
        previousHref={hrefOf(shiftPeriod(props.period, -1))}
        nextHref={hrefOf(shiftPeriod(props.period, 1))}
        after={
          <Show when={!isCurrent(props.period)}>
            <A
              href="/"
              class="ml-1 rounded-full px-3 py-1.5 text-sm font-semibold text-emerald-800 hover:underline dark:text-emerald-300"
              data-testid="period-today"
            >
              This month
            </A>
          </Show>
        }
        kinds={[
          { label: "Month", href: hrefOf(asMonth()), active: props.period.kind === "month" },
          {
            label: "Year",
            href: hrefOf(asYear()),
            active: props.period.kind === "year",
            testId: "period-year",
          },
        ]}
      />
    </nav>
  );
}
