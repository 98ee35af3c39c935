import type { CreditCard } from "../lib/ledger";

/** Below 30% is healthy for a credit score; above 70% is worth a nudge. */
function tone(utilization: number): string {
  if (utilization >= 0.7) return "bg-red-600 dark:bg-red-500";
  if (utilization >= 0.3) return "bg-amber-500 dark:bg-amber-400";
  return "bg-emerald-600 dark:bg-emerald-400";
}

export function utilisationPercent(card: CreditCard): string {
  return `${Math.round(card.utilization * 100)}%`;
}

export function UtilisationBar(props: { card: CreditCard; label: string; class?: string }) {
  const percent = () => Math.min(100, Math.max(0, card().utilization * 100));
  const card = () => props.card;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a styled bar; <meter> cannot be themed consistently across browsers
    <div
      role="meter"
      aria-label={`${props.label} utilisation`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(percent())}
      aria-valuetext={`${utilisationPercent(card())} of the credit limit used`}
      class={`h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800 ${props.class ?? ""}`}
    >
      <div
        class={`h-full rounded-full transition-[width] ${tone(card().utilization)}`}
        style={{ width: `${percent() > 0 ? Math.max(percent(), 2) : 0}%` }}
      />
    </div>
  );
}
