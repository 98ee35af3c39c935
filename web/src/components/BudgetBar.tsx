import { type BudgetProgress, barPercent } from "../lib/budgets";

/** Red once over, amber from the first threshold (80% by default), green below. */
function tone(b: BudgetProgress): string {
  if (b.over) return "bg-red-600 dark:bg-red-500";
  const first = b.thresholds[0] ?? 80;
  if ((b.percent ?? 0) >= first) return "bg-amber-500 dark:bg-amber-400";
  return "bg-emerald-600 dark:bg-emerald-400";
}

export function BudgetBar(props: { budget: BudgetProgress; label: string; class?: string }) {
  const percent = () => barPercent(props.budget);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a styled bar; <meter> cannot be themed consistently across browsers
    <div
      role="meter"
      aria-label={`${props.label} spent`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(percent())}
      aria-valuetext={
        props.budget.percent === null
          ? "nothing left to spend"
          : `${props.budget.percent}% of the budget spent`
      }
      class={`h-2.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800 ${props.class ?? ""}`}
      data-testid="budget-bar"
      data-over={props.budget.over ? "true" : "false"}
    >
      <div
        class={`h-full rounded-full transition-[width] ${tone(props.budget)}`}
        style={{ width: `${percent() > 0 ? Math.max(percent(), 2) : 0}%` }}
      />
    </div>
  );
}
