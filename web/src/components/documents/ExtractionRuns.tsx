import { createResource, For, Show } from "solid-js";
import { aiApi, type ExtractionRun, PROVIDER_LABELS } from "../../lib/ai";
import { formatPeso } from "../../lib/money";

const STATUS: Record<ExtractionRun["status"], string> = {
  pending: "waiting",
  running: "reading…",
  succeeded: "read it",
  failed: "failed",
  skipped: "skipped",
};

/** Which providers the chain tried for this attempt, why others were skipped, tokens and cost. */
export function ExtractionRuns(props: { documentId: string; attempt: number; status: string }) {
  const [runs] = createResource(
    () => [props.documentId, props.attempt, props.status] as const,
    ([id]) => aiApi.runs(id),
  );
  return (
    <Show when={runs()?.runs.length}>
      <div class="mt-3" data-testid="extraction-runs">
        <h3 class="text-sm font-semibold text-zinc-900 dark:text-zinc-100">How it was read</h3>
        <ul class="mt-1 space-y-1 text-sm">
          <For each={runs()!.runs}>
            {(r) => (
              <li data-provider={r.provider} data-status={r.status}>
                <span class="font-medium">{PROVIDER_LABELS[r.provider]}</span>
                {r.role === "compare" ? " (to compare)" : ""}: {STATUS[r.status]}
                <Show when={r.model}> · {r.model}</Show>
                <Show when={r.inputTokens + r.outputTokens > 0}>
                  {" "}
                  · {r.inputTokens.toLocaleString()} in / {r.outputTokens.toLocaleString()} out tokens ·{" "}
                  {formatPeso(r.costCentavos)}
                </Show>
                <Show when={r.reason}>
                  <span class="block text-xs text-zinc-600 dark:text-zinc-400">{r.reason}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </div>
    </Show>
  );
}
