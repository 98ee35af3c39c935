import { A, createAsync } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, type JSX, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { ApiError } from "../../lib/api";
import {
  type Draft,
  type DraftPatch,
  extractionApi,
  type FieldDiff,
  type Review,
} from "../../lib/extraction";
import { type Account, type Category, getAccounts, getCategories, ledgerChanged } from "../../lib/ledger";
import { centavosToInput, formatPeso } from "../../lib/money";
import { Button } from "../Button";
import { FormAlert } from "../FormAlert";
import { controlClass } from "../SelectField";
import { showToast } from "../Toast";
import { CompareNotes, DiffList } from "./CompareNotes";

/**
 * The review screen for drafts, whatever made them (a statement, a receipt photo, a pasted AI
 * answer): every line editable — date, merchant, amount, category, account, split, include —
 * as a table on a desktop and one card per draft on a phone, likely duplicates badged and left
 * out, and one Confirm that records the chosen lines at once.
 */
export function DocumentDrafts(props: {
  documentId?: string;
  /** The document's status: drafts are fetched once it is extracted (and again when it changes). */
  status?: string;
  initial?: Review;
  onConfirmed?: () => void;
}) {
  // a pasted answer arrives with its drafts; a document's are fetched (and both after confirm)
  let useInitial = props.initial !== undefined;
  const readable = () =>
    props.status === undefined || props.status === "extracted" || props.status === "confirmed";
  const [review, { refetch }] = createResource(
    () => (readable() ? `${props.initial?.batch.id ?? props.documentId}|${props.status ?? ""}` : false),
    (key) => {
      const id = key.split("|")[0]!;
      if (useInitial && props.initial) return Promise.resolve(props.initial);
      return props.initial ? extractionApi.batch(id) : extractionApi.documentDrafts(id);
    },
  );
  const accounts = createAsync(() => getAccounts());
  const categories = createAsync(() => getCategories());
  const [drafts, setDrafts] = createStore<Draft[]>([]);
  const [errors, setErrors] = createStore<Record<string, string | undefined>>({});
  const [error, setError] = createSignal<unknown>();
  const [confirming, setConfirming] = createSignal(false);
  const [result, setResult] = createSignal<{ count: number; cycle: boolean }>();
  createEffect(() => {
    const r = review();
    if (r) setDrafts(reconcile(r.drafts));
  });
  const current = () => review();
  const confirmed = () => current()?.batch.status === "confirmed" || result() !== undefined;
  const included = () => drafts.filter((d) => d.include && !d.confirmedTransactionId);
  const sum = (direction: Draft["direction"]) =>
    included()
      .filter((d) => d.direction === direction)
      .reduce((s, d) => s + BigInt(d.amountCentavos), 0n);
  included().reduce((s, d) => s + (d.direction === "debit" ? 1n : -1n) * BigInt(d.amountCentavos), 0n);

  // Confirm waits for these: a field is saved on change, which fires on blur, so a tap on
  // Confirm right after typing would otherwise record the draft as it was before the edit.
  const saving = new Set<Promise<void>>();
  function save(draft: Draft, patch: DraftPatch) {
    const p = saveNow(draft, patch).finally(() => saving.delete(p));
    saving.add(p);
    return p;
  }

  async function saveNow(draft: Draft, patch: DraftPatch) {
    setError(undefined);
    setErrors(draft.id, undefined);
    try {
      const updated = await extractionApi.updateDraft(draft.id, patch);
      setDrafts((d) => d.id === draft.id, updated);
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) {
        setErrors(draft.id, err.problem.errors.map((e) => e.message).join("; "));
      } else setError(err);
    }
  }

  async function chooseAccount(accountId: string) {
    const r = current();
    if (!r) return;
    setError(undefined);
    try {
      await extractionApi.setAccount(r.batch.id, accountId);
      useInitial = false;
      await refetch();
    } catch (err) {
      setError(err);
    }
  }

  async function confirm() {
    const r = current();
    if (!r) return;
    setConfirming(true);
    setError(undefined);
    try {
      await Promise.all(saving);
      const res = await extractionApi.confirm(r.batch.id);
      setResult({ count: res.transactionCount, cycle: res.statementCycleId !== null });
      await ledgerChanged();
      useInitial = false;
      await refetch();
      showToast(`Recorded ${res.transactionCount} transaction${res.transactionCount === 1 ? "" : "s"}`);
      props.onConfirmed?.();
    } catch (err) {
      if (err instanceof ApiError) {
        for (const e of err.problem.errors ?? []) {
          const id = /^drafts\.([^.]+)\./.exec(e.path)?.[1];
          if (id) setErrors(id, e.message);
        }
      }
      setError(err);
    } finally {
      setConfirming(false);
    }
  }

  return (
    <div data-testid="document-drafts" class="space-y-4">
      <Show when={review.error}>
        <Show
          when={review.error instanceof ApiError && review.error.status === 404}
          fallback={<FormAlert error={review.error} />}
        >
          <p class="text-sm text-zinc-600 dark:text-zinc-400">No drafts to review for this document.</p>
        </Show>
      </Show>
      <Show when={current()}>
        {(r) => (
          <>
            <Summary review={r()} />
            <Show when={!confirmed()}>
              <label class="block max-w-sm text-sm font-medium text-zinc-800 dark:text-zinc-200">
                {r().batch.kind === "statement" ? "Card for every line" : "Paid from (every line)"}
                <select
                  class={controlClass}
                  aria-label={
                    r().batch.kind === "statement" ? "Card for every line" : "Account for every line"
                  }
                  onChange={(e) => e.currentTarget.value && chooseAccount(e.currentTarget.value)}
                >
                  <option value="">{r().batch.accountId ? "" : "Choose…"}</option>
                  <For
                    each={(accounts()?.items ?? []).filter(
                      (a) => !a.archivedAt && (r().batch.kind !== "statement" || a.kind === "credit_card"),
                    )}
                  >
                    {(a) => (
                      <option value={a.id} selected={a.id === r().batch.accountId}>
                        {a.name}
                      </option>
                    )}
                  </For>
                </select>
              </label>
            </Show>
            <Show when={r().batch.warnings.length}>
              <ul class="space-y-1 rounded-xl bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
                <For each={r().batch.warnings}>{(w) => <li>{w}</li>}</For>
              </ul>
            </Show>
            <Show when={r().compare}>{(c) => <CompareNotes compare={c()} />}</Show>
            <ul class="space-y-3" aria-label="Drafts">
              <For each={drafts}>
                {(draft) => (
                  <DraftCard
                    draft={draft}
                    kind={r().batch.kind}
                    accounts={accounts()?.items ?? []}
                    categories={categories()?.items ?? []}
                    readOnly={confirmed()}
                    diffs={r().compare?.lines.find((l) => l.position === draft.position)?.diffs}
                    aiOnly={r().compare?.aiOnly.some((l) => l.position === draft.position) ?? false}
                    error={errors[draft.id]}
                    onSave={(patch) => save(draft, patch)}
                  />
                )}
              </For>
            </ul>
            <FormAlert error={error()} />
            <Show
              when={!confirmed()}
              fallback={
                <p
                  data-testid="confirm-result"
                  class="rounded-xl bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
                >
                  {result()
                    ? `Recorded ${result()!.count} transaction${result()!.count === 1 ? "" : "s"}${result()!.cycle ? " and the statement cycle" : ""}.`
                    : "These drafts were confirmed."}{" "}
                  <A href="/transactions" class="font-semibold underline">
                    View transactions
                  </A>
                </p>
              }
            >
              <div class="sticky bottom-20 flex flex-wrap items-center justify-between gap-3 rounded-2xl bg-white/95 p-3 shadow ring-1 ring-zinc-200 sm:bottom-4 dark:bg-zinc-900/95 dark:ring-zinc-800">
                <p class="text-sm text-zinc-700 dark:text-zinc-300">
                  {included().length} of {drafts.length} lines · {formatPeso(sum("debit"))} charges
                  <Show when={sum("credit") > 0n}> · {formatPeso(sum("credit"))} credits</Show>
                </p>
                <Button
                  onClick={confirm}
                  pending={confirming()}
                  pendingLabel="Recording…"
                  disabled={included().length === 0}
                >
                  Confirm {included().length} transaction{included().length === 1 ? "" : "s"}
                </Button>
              </div>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}

function Summary(props: { review: Review }) {
  const s = () => (props.review.batch.summary ?? {}) as Record<string, string | null | undefined>;
  const money = (v: string | null | undefined) => (v ? formatPeso(v) : "—");
  return (
    <Show when={props.review.batch.kind === "statement"}>
      <dl data-testid="statement-summary" class="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        <Fact label="Card">{s().cardLast4 ? `•••• ${s().cardLast4}` : "—"}</Fact>
        <Fact label="Statement date">{s().statementDate ?? "—"}</Fact>
        <Fact label="Due date">{s().dueDate ?? "—"}</Fact>
        <Fact label="Total due">{money(s().totalDueCentavos)}</Fact>
        <Fact label="Minimum due">{money(s().minimumDueCentavos)}</Fact>
      </dl>
    </Show>
  );
}

function Fact(props: { label: string; children: JSX.Element }) {
  return (
    <div class="rounded-xl bg-zinc-50 p-2.5 dark:bg-zinc-800/60">
      <dt class="text-xs text-zinc-600 dark:text-zinc-400">{props.label}</dt>
      <dd class="font-medium text-zinc-900 dark:text-zinc-100">{props.children}</dd>
    </div>
  );
}

const small = `${controlClass} !mt-1 !min-h-10`;

/** The plan a line starts from its stated total, as the note says it (nothing for a guessed plan). */
function newPlanTerms(p: NonNullable<Draft["attachesToPlan"]>["newPlan"]): string {
  if (!p) return "";
  const interest =
    BigInt(p.interestCentavos) > 0n ? `, ${formatPeso(p.interestCentavos)} interest a month` : "";
  return ` (${formatPeso(p.principalCentavos)} over ${p.months} months${interest})`;
}

function DraftCard(props: {
  draft: Draft;
  kind: "receipt" | "statement";
  accounts: Account[];
  categories: Category[];
  readOnly: boolean;
  /** Where the offline reader read this line differently from the AI. */
  diffs?: FieldDiff[];
  /** The AI read this line and the offline reader found nothing like it. */
  aiOnly?: boolean;
  error?: string;
  onSave: (patch: DraftPatch) => void;
}) {
  const d = () => props.draft;
  const isPayment = () => d().direction === "credit" && d().kind === "payment";
  const categoryKind = () => (d().direction === "credit" ? "income" : "expense");
  const [splitting, setSplitting] = createSignal(d().splits.length > 0);
  const [splitRows, setSplitRows] = createStore(
    d().splits.length
      ? d().splits.map((s) => ({ categoryId: s.categoryId, amount: centavosToInput(s.amountCentavos) }))
      : [
          { categoryId: d().categoryId ?? "", amount: centavosToInput(d().amountCentavos) },
          { categoryId: "", amount: "" },
        ],
  );
  const label = (what: string) => `${what}, line ${d().position + 1}`;
  return (
    <li
      data-testid="draft"
      data-include={d().include ? "true" : "false"}
      class={`rounded-2xl p-3 ring-1 sm:p-4 ${d().include ? "bg-white ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800" : "bg-zinc-50 opacity-80 ring-zinc-200 dark:bg-zinc-950 dark:ring-zinc-800"}`}
    >
      <div class="flex flex-wrap items-start justify-between gap-2">
        <div class="min-w-0">
          <p class="text-sm font-semibold break-words text-zinc-900 dark:text-zinc-50">{d().description}</p>
          <p class="text-xs text-zinc-600 dark:text-zinc-400">
            {d().direction === "credit" ? `Credit · ${d().kind}` : d().kind}
            {d().installment ? ` · ${d().installment!.number}/${d().installment!.of}` : ""}
            {d().foreignCurrency ? ` · ${d().foreignCurrency} ${d().foreignAmount}` : ""}
            {d().confidence < 0.7 ? " · check this" : ""}
          </p>
        </div>
        <div class="flex items-center gap-2">
          <Show when={props.aiOnly}>
            <span
              data-testid="ai-only-badge"
              class="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-900 dark:text-amber-100"
            >
              Only the AI found this
            </span>
          </Show>
          <Show when={d().duplicate}>
            <span
              data-testid="duplicate-badge"
              class="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-900 dark:text-amber-100"
            >
              Possible duplicate
            </span>
          </Show>
          <Show when={d().confirmedTransactionId}>
            <span class="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">
              Recorded
            </span>
          </Show>
          <label class="flex min-h-10 items-center gap-2 text-sm font-medium text-zinc-800 dark:text-zinc-200">
            <input
              type="checkbox"
              class="size-5 accent-emerald-600"
              checked={d().include}
              disabled={props.readOnly}
              aria-label={label("Include")}
              onChange={(e) => props.onSave({ include: e.currentTarget.checked })}
            />
            Include
          </label>
        </div>
      </div>
      <Show when={props.diffs?.length}>
        <div
          class="mt-2 rounded-lg bg-amber-50 px-2.5 py-1.5 text-xs text-amber-950 ring-1 ring-amber-300 ring-inset dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-800"
          data-testid="draft-diffs"
        >
          <DiffList diffs={props.diffs!} />
        </div>
      </Show>
      <Show when={d().duplicate}>
        <p class="mt-1 text-xs text-amber-800 dark:text-amber-300">{d().duplicate!.reason}</p>
      </Show>
      <Show when={d().attachesToPlan}>
        {(plan) => (
          <p data-testid="plan-note" class="mt-1 text-xs text-sky-800 dark:text-sky-300">
            {plan().planId
              ? `Attaches to plan “${plan().label}”`
              : `Starts a new installment plan from this statement${newPlanTerms(plan().newPlan)}`}
          </p>
        )}
      </Show>
      <div class="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-6">
        <label class="col-span-1 text-xs text-zinc-600 sm:col-span-1 dark:text-zinc-400">
          Date
          <input
            type="date"
            class={small}
            value={d().date}
            disabled={props.readOnly}
            aria-label={label("Date")}
            onChange={(e) => props.onSave({ date: e.currentTarget.value })}
          />
        </label>
        <label class="col-span-1 text-xs text-zinc-600 sm:col-span-1 dark:text-zinc-400">
          Amount (₱)
          <input
            inputmode="decimal"
            class={small}
            value={centavosToInput(d().amountCentavos)}
            disabled={props.readOnly}
            aria-label={label("Amount")}
            onChange={(e) => props.onSave({ amount: e.currentTarget.value })}
          />
        </label>
        <label class="col-span-2 text-xs text-zinc-600 sm:col-span-2 dark:text-zinc-400">
          Merchant
          <input
            class={small}
            value={d().merchant ?? ""}
            disabled={props.readOnly}
            aria-label={label("Merchant")}
            onChange={(e) => props.onSave({ merchant: e.currentTarget.value || null })}
          />
        </label>
        <Show
          when={!isPayment()}
          fallback={
            <label class="col-span-2 text-xs text-zinc-600 dark:text-zinc-400">
              Paid from
              <select
                class={small}
                disabled={props.readOnly}
                aria-label={label("Paid from")}
                onChange={(e) => props.onSave({ fromAccountId: e.currentTarget.value || null })}
              >
                <option value="">Choose the bank account…</option>
                <For each={props.accounts.filter((a) => a.kind !== "credit_card" && !a.archivedAt)}>
                  {(a) => (
                    <option value={a.id} selected={a.id === d().fromAccountId}>
                      {a.name}
                    </option>
                  )}
                </For>
              </select>
            </label>
          }
        >
          <label class="col-span-2 text-xs text-zinc-600 dark:text-zinc-400">
            Category
            <select
              class={small}
              disabled={props.readOnly || splitting()}
              aria-label={label("Category")}
              onChange={(e) => props.onSave({ categoryId: e.currentTarget.value || null })}
            >
              <option value="">{splitting() ? "Split" : "No category"}</option>
              <For each={props.categories.filter((c) => c.kind === categoryKind() && !c.archivedAt)}>
                {(c) => (
                  <option value={c.id} selected={c.id === d().categoryId}>
                    {c.name}
                  </option>
                )}
              </For>
            </select>
          </label>
        </Show>
        <label class="col-span-2 text-xs text-zinc-600 sm:col-span-3 dark:text-zinc-400">
          {props.kind === "statement" ? "Card" : "Account"}
          <select
            class={small}
            disabled={props.readOnly}
            aria-label={label(props.kind === "statement" ? "Card" : "Account")}
            onChange={(e) => props.onSave({ accountId: e.currentTarget.value || null })}
          >
            <option value="">Choose…</option>
            <For
              each={props.accounts.filter(
                (a) => !a.archivedAt && (props.kind !== "statement" || a.kind === "credit_card"),
              )}
            >
              {(a) => (
                <option value={a.id} selected={a.id === d().accountId}>
                  {a.name}
                </option>
              )}
            </For>
          </select>
        </label>
        <Show when={!isPayment() && d().direction === "debit" && !props.readOnly}>
          <div class="col-span-2 flex items-end sm:col-span-3">
            <Button variant="ghost" class="min-h-10 text-sm" onClick={() => setSplitting(!splitting())}>
              {splitting() ? "Cancel split" : "Split"}
            </Button>
          </div>
        </Show>
      </div>
      <Show when={splitting() && !props.readOnly}>
        <div class="mt-2 space-y-2 rounded-xl bg-zinc-50 p-2 dark:bg-zinc-800/60">
          <For each={splitRows}>
            {(row, i) => (
              <div class="grid grid-cols-2 gap-2">
                <select
                  class={small}
                  aria-label={label(`Split ${i() + 1} category`)}
                  onChange={(e) => setSplitRows(i(), "categoryId", e.currentTarget.value)}
                >
                  <option value="">Category…</option>
                  <For each={props.categories.filter((c) => c.kind === "expense" && !c.archivedAt)}>
                    {(c) => (
                      <option value={c.id} selected={c.id === row.categoryId}>
                        {c.name}
                      </option>
                    )}
                  </For>
                </select>
                <input
                  inputmode="decimal"
                  class={small}
                  value={row.amount}
                  aria-label={label(`Split ${i() + 1} amount`)}
                  onChange={(e) => setSplitRows(i(), "amount", e.currentTarget.value)}
                />
              </div>
            )}
          </For>
          <div class="flex gap-2">
            <Button
              variant="ghost"
              class="min-h-10 text-sm"
              onClick={() => setSplitRows(splitRows.length, { categoryId: "", amount: "" })}
            >
              Add part
            </Button>
            <Button
              variant="secondary"
              class="min-h-10 text-sm"
              onClick={() =>
                props.onSave({
                  splits: splitRows.filter((r) => r.categoryId && r.amount).map((r) => ({ ...r })),
                })
              }
            >
              Save split
            </Button>
          </div>
        </div>
      </Show>
      <Show when={props.error}>
        <p role="alert" class="mt-2 text-sm text-red-700 dark:text-red-400">
          {props.error}
        </p>
      </Show>
    </li>
  );
}
