import { For, Show } from "solid-js";
import { formatDate, todayInManila } from "../../lib/dates";
import type { ImportDuplicateRow } from "../../lib/ledger";
import { formatPeso } from "../../lib/money";

const TYPE_LABELS: Record<ImportDuplicateRow["type"], string> = {
  expense: "Expense",
  income: "Income",
  transfer: "Transfer",
};

/** "Already imported on Nov 12, 2026 from notion-export.csv", or what else the row matched. */
export function duplicateReason(matched: ImportDuplicateRow["matched"]): string {
  if (matched.by === "id") return `Already in FinTrack (ID ${matched.transactionId})`;
  // the day the earlier import ran, in Manila like every date the ledger shows
  const on = `Already imported on ${formatDate(todayInManila(new Date(matched.importedAt)))}`;
  if (matched.importedBy) return `${on} by ${matched.importedBy}`;
  return matched.filename ? `${on} from ${matched.filename}` : on;
}

/**
 * The rows skipped as already there, collapsed under their count: one stacked entry per row
 * (row, date, amount, description, reason) so it reads on a phone without a table.
 */
export function DuplicateRows(props: { count: number; rows: ImportDuplicateRow[] | undefined }) {
  const rows = () => props.rows ?? [];
  const unlisted = () => Math.max(props.count - rows().length, 0);
  const summary = () =>
    `${props.count === 1 ? "1 row was" : `${props.count.toLocaleString("en-PH")} rows were`} skipped because FinTrack already has ${props.count === 1 ? "it" : "them"}`;
  return (
    <Show
      when={rows().length > 0}
      fallback={
        <p class="mt-3 text-sm text-zinc-600 dark:text-zinc-400" data-testid="import-duplicates-note">
          {summary()} (imported before, or the same transaction in an earlier export).
        </p>
      }
    >
      <details class="mt-3 text-sm" data-testid="import-duplicates">
        <summary
          class="cursor-pointer py-1 text-zinc-600 dark:text-zinc-400"
          data-testid="import-duplicates-note"
        >
          {summary()}. <span class="font-medium text-emerald-800 dark:text-emerald-300">Show why</span>
        </summary>
        <ul class="mt-2 max-h-80 divide-y divide-zinc-100 overflow-y-auto rounded-xl ring-1 ring-zinc-200 dark:divide-zinc-800 dark:ring-zinc-800">
          <For each={rows()}>
            {(d) => (
              <li class="px-3 py-2" data-testid="import-duplicate-row">
                <p class="flex flex-wrap items-baseline gap-x-3 tabular-nums">
                  <span class="font-medium text-zinc-600 dark:text-zinc-400">Row {d.row}</span>
                  <span>{formatDate(d.date)}</span>
                  <span class="font-semibold">{formatPeso(d.amountCentavos)}</span>
                </p>
                <p class="wrap-anywhere">{d.description ?? TYPE_LABELS[d.type]}</p>
                <p class="text-zinc-600 wrap-anywhere dark:text-zinc-400">{duplicateReason(d.matched)}</p>
              </li>
            )}
          </For>
        </ul>
        <Show when={unlisted() > 0}>
          <p class="mt-2 text-zinc-600 dark:text-zinc-400">
            …and {unlisted().toLocaleString("en-PH")} more, not listed.
          </p>
        </Show>
      </details>
    </Show>
  );
}
