import { For, Show } from "solid-js";
import { formatDate } from "../../lib/dates";
import type { Comparison, FieldDiff, LineBrief } from "../../lib/extraction";
import { formatPeso } from "../../lib/money";

const FIELD_LABELS: Record<string, string> = {
  merchant: "merchant",
  date: "date",
  amountCentavos: "amount",
  categoryHint: "category",
  totalCentavos: "total",
  statementDate: "statement date",
  dueDate: "due date",
  totalDueCentavos: "total due",
  minimumDueCentavos: "minimum due",
  cardLast4: "card",
};

function show(field: string, value: string | null): string {
  if (value === null) return "—";
  if (field.endsWith("Centavos")) return formatPeso(value);
  if (field.toLowerCase().includes("date") && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  return value;
}

/** "amount: offline read ₱456.00" — the other reading, next to the AI's. */
export function DiffList(props: { diffs: FieldDiff[]; testid?: string }) {
  return (
    <ul class="space-y-0.5" data-testid={props.testid}>
      <For each={props.diffs}>
        {(d) => (
          <li data-field={d.field}>
            <span class="font-medium">{FIELD_LABELS[d.field] ?? d.field}</span>: AI read {show(d.field, d.ai)}
            , offline read <span class="font-semibold">{show(d.field, d.offline)}</span>
          </li>
        )}
      </For>
    </ul>
  );
}

/** "12 Jan 2026 · GRAB *TRIP · ₱250.00" (a credit says so). */
function BriefLine(props: { line: LineBrief }) {
  return (
    <li data-position={props.line.position}>
      {formatDate(props.line.date)} · <span class="break-words">{props.line.description}</span> ·{" "}
      <span class="font-semibold">{formatPeso(props.line.amountCentavos)}</span>
      {props.line.direction === "credit" ? " credit" : ""}
    </li>
  );
}

/** The review's summary of where the AI and the offline extractor disagree. */
export function CompareNotes(props: { compare: Comparison }) {
  const c = () => props.compare;
  const any = () =>
    c().totals.length > 0 || c().lines.length > 0 || c().aiOnly.length > 0 || c().offlineOnly.length > 0;
  return (
    <Show
      when={any()}
      fallback={
        <p class="text-sm text-emerald-800 dark:text-emerald-300" data-testid="compare-agree">
          The AI and the offline reader ({c().against}) agree on every field they both read.
        </p>
      }
    >
      <div
        class="space-y-2 rounded-xl bg-amber-50 p-3 text-sm text-amber-950 ring-1 ring-amber-200 ring-inset dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-900"
        data-testid="compare-notes"
      >
        <p class="font-semibold">
          {c().totals.length > 0 || c().lines.length > 0
            ? `The AI and the offline reader (${c().against}) disagree — check the highlighted fields.`
            : `The AI and the offline reader (${c().against}) agree on every line they both found, but not on which lines there are.`}
        </p>
        <Show when={c().totals.length}>
          <DiffList diffs={c().totals} testid="compare-totals" />
        </Show>
        <Show when={c().aiOnly.length}>
          <p data-testid="compare-ai-only">
            Only the AI found {c().aiOnly.length} line{c().aiOnly.length === 1 ? "" : "s"} (marked below) —
            check {c().aiOnly.length === 1 ? "it is" : "they are"} on the statement.
          </p>
        </Show>
        <Show when={c().offlineOnly.length}>
          <div data-testid="compare-offline-only">
            <p>
              Only the offline reader found {c().offlineOnly.length === 1 ? "this line" : "these lines"} — no
              draft holds {c().offlineOnly.length === 1 ? "it" : "them"}:
            </p>
            <ul class="mt-0.5 list-disc space-y-0.5 pl-5">
              <For each={c().offlineOnly}>{(l) => <BriefLine line={l} />}</For>
            </ul>
          </div>
        </Show>
      </div>
    </Show>
  );
}
