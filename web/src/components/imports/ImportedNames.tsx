import { For, Show } from "solid-js";
import type { ImportNamesReport } from "../../lib/import-values";
import { formatPeso } from "../../lib/money";

const KIND_LABELS: Record<string, string> = { ewallet: "e-wallet", bank: "bank account", cash: "cash" };

/** The result screen's account of the answers: what was created, what was mapped, start dates moved. */
export function ImportedNames(props: { report: ImportNamesReport | null | undefined }) {
  const r = () => props.report ?? {};
  return (
    <div class="mt-4 space-y-1 text-sm" data-testid="import-names-result">
      <For each={r().createdAccounts ?? []}>
        {(a) => (
          <p>
            Created {KIND_LABELS[a.kind] ?? a.kind} “{a.name}”
          </p>
        )}
      </For>
      <For each={r().mappedAccounts ?? []}>
        {(a) => (
          <p>
            “{a.value}” recorded in {a.name}
          </p>
        )}
      </For>
      <Show when={(r().createdCategories ?? []).length > 0}>
        <p>Created categories: {(r().createdCategories ?? []).join(", ")}</p>
      </Show>
      <For each={r().mappedCategories ?? []}>
        {(c) => (
          <p>
            Category “{c.value}” → {c.name}
          </p>
        )}
      </For>
      <Show when={(r().transferPairs ?? 0) > 0}>
        <p>{r().transferPairs} transfers joined from two rows</p>
      </Show>
      <For each={r().openingBalances ?? []}>
        {(o) => (
          <p>
            {o.name}:{" "}
            {o.mode === "move"
              ? `start date moved from ${o.previousOpeningDate} to ${o.openingDate}; today's balance unchanged`
              : `today's balance changed by ${formatPeso(o.todayChangeCentavos)}`}
          </p>
        )}
      </For>
    </div>
  );
}
