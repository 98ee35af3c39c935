import { Title } from "@solidjs/meta";
import { A, createAsync, useSearchParams } from "@solidjs/router";
import { createMemo, createSignal, For, Show } from "solid-js";
import { BudgetBar } from "../../components/BudgetBar";
import { Button } from "../../components/Button";
import { Card, PageHeader } from "../../components/Card";
import { FormAlert, fieldErrors } from "../../components/FormAlert";
import { ChevronLeftIcon, ChevronRightIcon, PlusIcon } from "../../components/Icons";
import { SelectField } from "../../components/SelectField";
import { TextField } from "../../components/TextField";
import { showToast } from "../../components/Toast";
import {
  type BudgetProgress,
  budgetName,
  budgetsApi,
  budgetsChanged,
  getBudgetProgress,
} from "../../lib/budgets";
import { currentMonth, formatMonth } from "../../lib/dates";
import { getCategories } from "../../lib/ledger";
import { centavosToInput, formatPeso, toCentavos } from "../../lib/money";
import { shiftMonth } from "../../lib/period";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** "80, 100" → [80, 100]; null when it is not a list of whole percentages. */
function parseThresholds(text: string): number[] | null {
  const parts = text
    .split(/[,\s]+/)
    .map((p) => p.replace(/%$/, ""))
    .filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !/^\d{1,4}$/.test(p))) return null;
  return parts.map(Number).sort((a, b) => a - b);
}

export default function BudgetsPage() {
  const [params] = useSearchParams<{ month?: string }>();
  const month = createMemo(() => (params.month && MONTH.test(params.month) ? params.month : currentMonth()));
  const progress = createAsync(() => getBudgetProgress(month()));
  const isCurrent = () => month() === currentMonth();
  const [adding, setAdding] = createSignal(false);

  return (
    <>
      <Title>Budgets · FinTrack</Title>
      <PageHeader
        title="Budgets"
        description={
          <Show when={progress()} fallback="What's left to spend this month.">
            {(p) =>
              p().daysLeft > 0 && isCurrent()
                ? `${p().daysLeft} ${p().daysLeft === 1 ? "day" : "days"} left in ${formatMonth(month())}.`
                : p().daysLeft === 0
                  ? `${formatMonth(month())} is over: these are its final figures.`
                  : `Plans for ${formatMonth(month())}.`
            }
          </Show>
        }
        actions={
          <Button variant="secondary" onClick={() => setAdding(!adding())} aria-expanded={adding()}>
            <PlusIcon class="size-4" />
            Add budget
          </Button>
        }
      />
      <MonthNav month={month()} />
      <Show when={adding()}>
        <AddBudget month={month()} existing={progress()?.items ?? []} onDone={() => setAdding(false)} />
      </Show>
      <Show
        when={progress()}
        fallback={<div class="h-56 animate-pulse rounded-2xl bg-zinc-200/70 dark:bg-zinc-800/70" />}
      >
        {(p) => (
          <Show
            when={p().items.length > 0}
            fallback={
              <Card>
                <div class="py-6 text-center">
                  <h2 class="text-base font-semibold">No budgets for {formatMonth(month())}</h2>
                  <p class="mx-auto mt-1 max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
                    Set how much to spend in a month, overall or per category. You get an alert at 80% and at
                    100%.
                  </p>
                  <Show when={!adding()}>
                    <Button class="mt-5" onClick={() => setAdding(true)}>
                      <PlusIcon class="size-4" />
                      Add a budget
                    </Button>
                  </Show>
                </div>
              </Card>
            }
          >
            <ul class="grid grid-cols-1 gap-4 md:grid-cols-2" aria-label="Budgets">
              <For each={p().items}>
                {(budget) => <BudgetPanel budget={budget} month={month()} daysLeft={p().daysLeft} />}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </>
  );
}

function MonthNav(props: { month: string }) {
  const step =
    "flex size-10 shrink-0 items-center justify-center rounded-full text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-emerald-600 dark:text-zinc-300 dark:hover:bg-zinc-800";
  return (
    <nav aria-label="Month" class="mb-4 flex flex-wrap items-center gap-1" data-testid="budget-month-nav">
      <A
        href={`/budgets?month=${shiftMonth(props.month, -1)}`}
        class={step}
        aria-label="Previous month"
        data-testid="budget-month-previous"
      >
        <ChevronLeftIcon class="size-5" />
      </A>
      <h2 class="min-w-36 text-center text-lg font-semibold" data-testid="budget-month" aria-live="polite">
        {formatMonth(props.month)}
      </h2>
      <A
        href={`/budgets?month=${shiftMonth(props.month, 1)}`}
        class={step}
        aria-label="Next month"
        data-testid="budget-month-next"
      >
        <ChevronRightIcon class="size-5" />
      </A>
      <Show when={props.month !== currentMonth()}>
        <A
          href="/budgets"
          class="ml-1 rounded-full px-3 py-1.5 text-sm font-semibold text-emerald-800 hover:underline dark:text-emerald-300"
        >
          This month
        </A>
      </Show>
    </nav>
  );
}

function BudgetPanel(props: { budget: BudgetProgress; month: string; daysLeft: number }) {
  const b = () => props.budget;
  const name = () => budgetName(b());
  const left = () => toCentavos(b().leftCentavos);
  const carried = () => toCentavos(b().carriedCentavos);
  const [editing, setEditing] = createSignal(false);
  return (
    <li
      class={`rounded-2xl bg-white p-5 shadow-sm ring-1 sm:p-6 dark:bg-zinc-900 ${b().over ? "ring-red-300 dark:ring-red-900" : "ring-zinc-200 dark:ring-zinc-800"}`}
      data-testid="budget"
      aria-label={name()}
    >
      <div class="flex items-start justify-between gap-3">
        <div class="min-w-0">
          <h3 class="truncate text-base font-semibold">{name()}</h3>
          <p class="text-sm text-zinc-600 tabular-nums dark:text-zinc-400" data-testid="budget-spent">
            {formatPeso(b().spentCentavos)} of {formatPeso(b().availableCentavos)}
          </p>
        </div>
        <Show
          when={b().over}
          fallback={
            <span
              class="shrink-0 rounded-full bg-emerald-50 px-2.5 py-1 text-xs font-semibold text-emerald-800 tabular-nums dark:bg-emerald-950/70 dark:text-emerald-200"
              data-testid="budget-left"
            >
              {formatPeso(left())} left
            </span>
          }
        >
          <span
            class="shrink-0 rounded-full bg-red-50 px-2.5 py-1 text-xs font-semibold text-red-800 tabular-nums dark:bg-red-950/70 dark:text-red-200"
            data-testid="budget-left"
          >
            Over by {formatPeso(-left())}
          </span>
        </Show>
      </div>
      <BudgetBar budget={b()} label={name()} class="mt-4" />
      <dl class="mt-3 grid grid-cols-2 gap-3 text-sm">
        <div>
          <dt class="text-xs font-medium text-zinc-600 dark:text-zinc-400">Per day</dt>
          <dd class="mt-0.5 font-semibold tabular-nums" data-testid="budget-daily">
            {b().dailyAllowanceCentavos === null
              ? "n/a"
              : `${formatPeso(b().dailyAllowanceCentavos ?? "0")} × ${props.daysLeft} ${props.daysLeft === 1 ? "day" : "days"}`}
          </dd>
        </div>
        <div>
          <dt class="text-xs font-medium text-zinc-600 dark:text-zinc-400">
            {props.daysLeft === 0 ? "Month-end" : "On pace for"}
          </dt>
          <dd class="mt-0.5 font-semibold tabular-nums" data-testid="budget-projected">
            {b().projectedCentavos === null ? "—" : formatPeso(b().projectedCentavos ?? "0")}
          </dd>
        </div>
      </dl>
      <p class="mt-3 text-xs text-zinc-600 dark:text-zinc-400">
        Limit {formatPeso(b().limitCentavos)}
        <Show when={carried() !== 0n}>
          {carried() > 0n ? " + " : " − "}
          {formatPeso(carried() > 0n ? carried() : -carried())}{" "}
          {carried() > 0n ? "carried over" : "overspent last month"}
        </Show>
        {" · "}alerts at{" "}
        {b()
          .thresholds.map((t) => `${t}%`)
          .join(", ")}
        {b().rollover ? " · rollover on" : ""}
      </p>
      <Show
        when={editing()}
        fallback={
          <Button
            variant="secondary"
            class="mt-4"
            onClick={() => setEditing(true)}
            aria-label={`Edit ${name()}`}
          >
            Edit
          </Button>
        }
      >
        <EditBudget budget={b()} month={props.month} name={name()} onDone={() => setEditing(false)} />
      </Show>
    </li>
  );
}

function EditBudget(props: { budget: BudgetProgress; month: string; name: string; onDone: () => void }) {
  const [limit, setLimit] = createSignal(centavosToInput(props.budget.limitCentavos));
  const [thresholds, setThresholds] = createSignal(props.budget.thresholds.join(", "));
  const [rollover, setRollover] = createSignal(props.budget.rollover);
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const list = parseThresholds(thresholds());
    if (!list) {
      setError(new Error("Thresholds are whole percentages, e.g. 80, 100"));
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      await budgetsApi.update(props.budget.budgetId, {
        limit: limit(),
        fromMonth: props.month,
        rollover: rollover(),
        thresholds: list,
      });
      await budgetsChanged();
      showToast(`${props.name} saved`);
      props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };
  const remove = async () => {
    setPending(true);
    try {
      await budgetsApi.remove(props.budget.budgetId);
      await budgetsChanged();
      showToast(`${props.name} deleted`);
    } catch (err) {
      setError(err);
      setPending(false);
    }
  };
  return (
    <form class="mt-4 space-y-3 border-t border-zinc-100 pt-4 dark:border-zinc-800" onSubmit={save}>
      <FormAlert error={error()} />
      <TextField
        label="Monthly limit (₱)"
        name="limit"
        inputmode="decimal"
        value={limit()}
        onInput={(e) => setLimit(e.currentTarget.value)}
        hint={`From ${formatMonth(props.month)} on; earlier months keep theirs.`}
        error={fieldErrors(error()).limit}
        required
      />
      <TextField
        label="Alert at (%)"
        name="thresholds"
        value={thresholds()}
        onInput={(e) => setThresholds(e.currentTarget.value)}
        error={fieldErrors(error()).thresholds}
      />
      <label class="flex min-h-11 items-center gap-3 text-sm">
        <input
          type="checkbox"
          class="size-5 accent-emerald-600"
          checked={rollover()}
          onChange={(e) => setRollover(e.currentTarget.checked)}
        />
        Roll over what's left (or overspent) into next month
      </label>
      <div class="flex flex-wrap gap-3">
        <Button type="submit" pending={pending()}>
          Save
        </Button>
        <Button variant="secondary" onClick={props.onDone}>
          Cancel
        </Button>
        <Button variant="secondary" class="ml-auto" onClick={remove} disabled={pending()}>
          Delete
        </Button>
      </div>
    </form>
  );
}

function AddBudget(props: { month: string; existing: BudgetProgress[]; onDone: () => void }) {
  const categories = createAsync(() => getCategories());
  const [categoryId, setCategoryId] = createSignal("");
  const [personal, setPersonal] = createSignal(false);
  const [limit, setLimit] = createSignal("");
  const [rollover, setRollover] = createSignal(false);
  const [thresholds, setThresholds] = createSignal("80, 100");
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const taken = (id: string | null) =>
    props.existing.some((b) => (b.categoryId ?? "") === (id ?? "") && b.personal === personal());
  const options = () =>
    (categories()?.items ?? []).filter((c) => c.kind === "expense" && !c.archivedAt && !taken(c.id));
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const list = parseThresholds(thresholds());
    if (!list) {
      setError(new Error("Thresholds are whole percentages, e.g. 80, 100"));
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      await budgetsApi.create({
        categoryId: categoryId() || null,
        personal: personal(),
        limit: limit(),
        fromMonth: props.month,
        rollover: rollover(),
        thresholds: list,
      });
      await budgetsChanged();
      showToast("Budget added");
      props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };
  return (
    <Card title="New budget" class="mb-4">
      <form class="grid grid-cols-1 gap-3 sm:grid-cols-2" onSubmit={submit} aria-label="New budget">
        <FormAlert error={error()} class="sm:col-span-2" />
        <SelectField
          label="For"
          name="categoryId"
          value={categoryId()}
          onChange={(e) => setCategoryId(e.currentTarget.value)}
          error={fieldErrors(error()).categoryId}
        >
          <Show when={!taken(null)}>
            <option value="">All spending (overall)</option>
          </Show>
          <For each={options()}>{(c) => <option value={c.id}>{c.name}</option>}</For>
        </SelectField>
        <TextField
          label="Monthly limit (₱)"
          name="limit"
          inputmode="decimal"
          placeholder="5,000"
          value={limit()}
          onInput={(e) => setLimit(e.currentTarget.value)}
          error={fieldErrors(error()).limit}
          required
        />
        <TextField
          label="Alert at (%)"
          name="thresholds"
          value={thresholds()}
          onInput={(e) => setThresholds(e.currentTarget.value)}
          error={fieldErrors(error()).thresholds}
        />
        <div class="flex flex-col justify-end">
          <label class="flex min-h-11 items-center gap-3 text-sm">
            <input
              type="checkbox"
              class="size-5 accent-emerald-600"
              checked={rollover()}
              onChange={(e) => setRollover(e.currentTarget.checked)}
            />
            Roll over what's left into next month
          </label>
          <label class="flex min-h-11 items-center gap-3 text-sm">
            <input
              type="checkbox"
              class="size-5 accent-emerald-600"
              checked={personal()}
              onChange={(e) => setPersonal(e.currentTarget.checked)}
            />
            Just mine (counts what I record, my private accounts too; only I see it)
          </label>
        </div>
        <p class="text-xs text-zinc-600 sm:col-span-2 dark:text-zinc-400">
          Starts in {formatMonth(props.month)}. Household budgets count spending from shared accounts;
          transfers and card payments never count, refunds reduce the overall.
        </p>
        <div class="flex gap-3 sm:col-span-2">
          <Button type="submit" pending={pending()}>
            Add budget
          </Button>
          <Button variant="secondary" onClick={props.onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
