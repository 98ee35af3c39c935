import { Title } from "@solidjs/meta";
import { createAsync, useSearchParams } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { Button } from "../../components/Button";
import { PageHeader } from "../../components/Card";
import { FormAlert } from "../../components/FormAlert";
import { CloseIcon, FilterIcon, PlusIcon, SearchIcon } from "../../components/Icons";
import { SelectField } from "../../components/SelectField";
import { Sheet } from "../../components/Sheet";
import { TextField } from "../../components/TextField";
import { TransactionRow } from "../../components/TransactionRow";
import { getMe } from "../../lib/auth";
import { addDays, formatDate, formatDay, todayInManila } from "../../lib/dates";
import {
  getAccounts,
  getCategories,
  ledgerVersion,
  type Transaction,
  type TransactionFilters,
  transactionsApi,
} from "../../lib/ledger";
import { formatSignedPeso, toCentavos } from "../../lib/money";
import { openQuickAdd } from "../../lib/quickAdd";

const FILTER_KEYS = [
  "from",
  "to",
  "accountId",
  "categoryId",
  "type",
  "memberId",
  "q",
  "minAmount",
  "maxAmount",
  "tag",
  "sort",
] as const satisfies ReadonlyArray<keyof TransactionFilters>;

const PAGE_SIZE = 50;

type Params = Partial<Record<(typeof FILTER_KEYS)[number], string | string[]>>;

function readFilters(params: Params): TransactionFilters {
  const filters: TransactionFilters = {};
  for (const key of FILTER_KEYS) {
    const raw = params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value) filters[key] = value;
  }
  return filters;
}

interface DayGroup {
  date: string;
  items: Transaction[];
  /** income minus spending that day; transfers move money, they don't change it */
  netCentavos: bigint;
}

function groupByDay(items: Transaction[]): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const item of items) {
    let group = groups[groups.length - 1];
    if (!group || group.date !== item.date) {
      group = { date: item.date, items: [], netCentavos: 0n };
      groups.push(group);
    }
    group.items.push(item);
    const amount = toCentavos(item.amountCentavos);
    if (item.type === "income") group.netCentavos += amount;
    if (item.type === "expense") group.netCentavos -= amount;
  }
  return groups;
}

export default function TransactionsPage() {
  const [params, setParams] = useSearchParams<Params>();
  const filters = createMemo(() => readFilters(params), undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  const [list, setList] = createStore({
    items: [] as Transaction[],
    nextCursor: null as string | null,
    loading: true,
    loadingMore: false,
    loaded: false,
    error: undefined as unknown,
  });
  const [filtersOpen, setFiltersOpen] = createSignal(false);
  let generation = 0;

  async function reload(keepCount: boolean) {
    const current = ++generation;
    setList({ loading: true, error: undefined });
    try {
      // after an edit elsewhere, reload as many rows as are on screen so the scroll position holds
      const limit = keepCount ? Math.min(200, Math.max(PAGE_SIZE, list.items.length)) : PAGE_SIZE;
      const page = await transactionsApi.list({ ...filters(), limit });
      if (current !== generation) return;
      setList("items", reconcile(page.items, { key: "id" }));
      setList({
        nextCursor: page.nextCursor,
        loading: false,
        loaded: true,
      });
    } catch (error) {
      if (current !== generation) return;
      setList({ loading: false, loaded: true, error });
    }
  }

  async function loadMore() {
    if (!list.nextCursor || list.loading || list.loadingMore) return;
    const current = generation;
    setList("loadingMore", true);
    try {
      const page = await transactionsApi.list({ ...filters(), limit: PAGE_SIZE, cursor: list.nextCursor });
      if (current !== generation) return;
      const seen = new Set(list.items.map((item) => item.id));
      setList({
        items: [...list.items, ...page.items.filter((item) => !seen.has(item.id))],
        nextCursor: page.nextCursor,
      });
    } catch (error) {
      if (current === generation) setList("error", error);
    } finally {
      if (current === generation) setList("loadingMore", false);
    }
  }

  createEffect(on(filters, () => reload(false)));
  createEffect(on(ledgerVersion, () => reload(true), { defer: true }));

  const groups = createMemo(() => groupByDay(list.items));
  const activeCount = () => Object.keys(filters()).filter((key) => key !== "q" && key !== "sort").length;
  const today = todayInManila();

  let sentinel: HTMLDivElement | undefined;
  onMount(() => {
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void loadMore();
      },
      { rootMargin: "600px 0px" },
    );
    if (sentinel) observer.observe(sentinel);
    onCleanup(() => observer.disconnect());
  });

  return (
    <>
      <Title>Transactions · FinTrack</Title>
      <PageHeader
        title="Transactions"
        description="Everything you and your partner recorded, newest first."
      />

      <div class="sticky top-16 z-10 -mx-4 mb-3 bg-zinc-50/95 px-4 py-2 backdrop-blur sm:-mx-6 sm:px-6 dark:bg-zinc-950/95">
        <div class="flex gap-2">
          <SearchBox
            value={filters().q ?? ""}
            onSearch={(q) => setParams({ q: q || undefined }, { replace: true })}
          />
          <button
            type="button"
            class="relative inline-flex min-h-11 shrink-0 items-center gap-2 rounded-xl bg-white px-3.5 text-sm font-semibold text-zinc-800 ring-1 ring-zinc-300 ring-inset hover:bg-zinc-50 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700 dark:hover:bg-zinc-800"
            onClick={() => setFiltersOpen(true)}
            aria-label={activeCount() ? `Filters, ${activeCount()} active` : "Filters"}
          >
            <FilterIcon class="size-5" />
            <span class="hidden sm:inline">Filters</span>
            <Show when={activeCount() > 0}>
              <span class="inline-flex size-5 items-center justify-center rounded-full bg-emerald-700 text-[11px] font-bold text-white dark:bg-emerald-500 dark:text-zinc-950">
                {activeCount()}
              </span>
            </Show>
          </button>
        </div>
        <ActiveFilters
          filters={filters()}
          onRemove={(keys) => setParams(Object.fromEntries(keys.map((key) => [key, undefined])))}
        />
      </div>

      <FormAlert error={list.error} class="mb-4" />

      <div
        aria-busy={list.loading}
        class={list.loading && list.loaded ? "opacity-60 transition-opacity" : ""}
      >
        <Show when={list.loaded} fallback={<ListSkeleton />}>
          <Show
            when={groups().length > 0}
            fallback={
              <EmptyList filtered={Object.keys(filters()).length > 0} onClear={() => setParams(clearAll())} />
            }
          >
            <div class="space-y-4" data-testid="transaction-list">
              <For each={groups()}>
                {(group) => (
                  <section
                    aria-label={formatDay(group.date, today)}
                    class="rounded-2xl bg-white px-2 py-1 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800"
                    data-testid="day-group"
                  >
                    <header class="flex items-baseline justify-between px-2 pt-3 pb-1">
                      <h2 class="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
                        {formatDay(group.date, today)}
                      </h2>
                      <Show when={group.netCentavos !== 0n}>
                        <p
                          class="text-xs font-semibold text-zinc-600 tabular-nums dark:text-zinc-400"
                          data-testid="day-total"
                        >
                          {formatSignedPeso(group.netCentavos, group.netCentavos > 0n ? "+" : "-")}
                        </p>
                      </Show>
                    </header>
                    <ul class="divide-y divide-zinc-100 dark:divide-zinc-800/70">
                      <For each={group.items}>
                        {(transaction) => (
                          <TransactionRow transaction={transaction} accountId={filters().accountId} />
                        )}
                      </For>
                    </ul>
                  </section>
                )}
              </For>
            </div>
          </Show>
        </Show>
        <div ref={sentinel} class="h-px" aria-hidden="true" />
        <Show when={list.loadingMore}>
          <p class="py-6 text-center text-sm text-zinc-600 dark:text-zinc-400" role="status">
            Loading more…
          </p>
        </Show>
        <Show when={list.loaded && !list.nextCursor && list.items.length > 12}>
          <p class="py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">That's everything.</p>
        </Show>
        <Show when={list.nextCursor && !list.loadingMore}>
          <div class="py-4 text-center">
            <Button variant="ghost" onClick={loadMore}>
              Load more
            </Button>
          </div>
        </Show>
      </div>

      <FiltersSheet
        open={filtersOpen()}
        filters={filters()}
        onClose={() => setFiltersOpen(false)}
        onApply={(next) => {
          setParams({ ...clearAll(), ...next, q: filters().q });
          setFiltersOpen(false);
        }}
      />
    </>
  );
}

function clearAll(): Record<string, undefined> {
  return Object.fromEntries(FILTER_KEYS.map((key) => [key, undefined]));
}

function SearchBox(props: { value: string; onSearch: (q: string) => void }) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  return (
    <div class="relative min-w-0 flex-1">
      <label for="transaction-search" class="sr-only">
        Search merchant or notes
      </label>
      <SearchIcon class="pointer-events-none absolute top-1/2 left-3.5 size-5 -translate-y-1/2 text-zinc-400" />
      <input
        id="transaction-search"
        type="search"
        placeholder="Search merchant or notes"
        autocomplete="off"
        enterkeyhint="search"
        value={props.value}
        onInput={(event) => {
          const value = event.currentTarget.value.trim();
          clearTimeout(timer);
          timer = setTimeout(() => props.onSearch(value), 300);
        }}
        class="block min-h-11 w-full rounded-xl border-0 bg-white pr-3 pl-11 text-base text-zinc-900 shadow-sm ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-500 focus:ring-2 focus:ring-emerald-600 focus:outline-none sm:text-sm dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700 dark:focus:ring-emerald-400"
      />
    </div>
  );
}

function ActiveFilters(props: { filters: TransactionFilters; onRemove: (keys: string[]) => void }) {
  const accounts = createAsync(() => getAccounts(true));
  const categories = createAsync(() => getCategories());
  const me = createAsync(() => getMe());
  const chips = () => {
    const f = props.filters;
    const result: Array<{ label: string; keys: string[] }> = [];
    if (f.from || f.to) {
      const label =
        f.from && f.to
          ? `${formatDate(f.from)} – ${formatDate(f.to)}`
          : f.from
            ? `From ${formatDate(f.from)}`
            : `Until ${formatDate(f.to)}`;
      result.push({ label, keys: ["from", "to"] });
    }
    if (f.type) result.push({ label: f.type[0]?.toUpperCase() + f.type.slice(1), keys: ["type"] });
    if (f.accountId)
      result.push({
        label: accounts()?.items.find((a) => a.id === f.accountId)?.name ?? "Account",
        keys: ["accountId"],
      });
    if (f.categoryId)
      result.push({
        label: categories()?.items.find((c) => c.id === f.categoryId)?.name ?? "Category",
        keys: ["categoryId"],
      });
    if (f.memberId)
      result.push({
        label: `By ${me()?.household.members.find((m) => m.id === f.memberId)?.name ?? "member"}`,
        keys: ["memberId"],
      });
    if (f.minAmount || f.maxAmount)
      result.push({
        label:
          f.minAmount && f.maxAmount
            ? `₱${f.minAmount} – ₱${f.maxAmount}`
            : f.minAmount
              ? `At least ₱${f.minAmount}`
              : `At most ₱${f.maxAmount}`,
        keys: ["minAmount", "maxAmount"],
      });
    if (f.tag) result.push({ label: `#${f.tag}`, keys: ["tag"] });
    return result;
  };
  return (
    <Show when={chips().length > 0}>
      <ul class="mt-2 flex flex-wrap gap-2" aria-label="Active filters">
        <For each={chips()}>
          {(chip) => (
            <li>
              <button
                type="button"
                class="inline-flex min-h-9 items-center gap-1.5 rounded-full bg-emerald-100 pr-2 pl-3 text-sm font-medium text-emerald-900 hover:bg-emerald-200 dark:bg-emerald-950 dark:text-emerald-100 dark:hover:bg-emerald-900"
                onClick={() => props.onRemove(chip.keys)}
                aria-label={`Remove filter: ${chip.label}`}
              >
                {chip.label}
                <CloseIcon class="size-4" />
              </button>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

const CATEGORY_GROUPS = [
  { label: "Spending", kind: "expense" },
  { label: "Income", kind: "income" },
] as const;

function FiltersSheet(props: {
  open: boolean;
  filters: TransactionFilters;
  onClose: () => void;
  onApply: (filters: Record<string, string | undefined>) => void;
}) {
  const accounts = createAsync(() => getAccounts(true));
  const categories = createAsync(() => getCategories());
  const me = createAsync(() => getMe());
  const today = todayInManila();
  let formRef: HTMLFormElement | undefined;

  const setRange = (from: string, to: string) => {
    if (!formRef) return;
    (formRef.elements.namedItem("from") as HTMLInputElement).value = from;
    (formRef.elements.namedItem("to") as HTMLInputElement).value = to;
  };

  return (
    <Sheet open={props.open} onClose={props.onClose} title="Filter transactions">
      <form
        ref={formRef}
        class="flex min-h-0 flex-1 flex-col"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          const next: Record<string, string | undefined> = {};
          for (const key of FILTER_KEYS) {
            const value = String(data.get(key) ?? "").trim();
            if (value && key !== "q") next[key] = value;
          }
          props.onApply(next);
        }}
      >
        <div class="min-h-0 flex-1 space-y-5 overflow-y-auto px-5 pt-4 pb-6">
          <fieldset>
            <legend class="text-sm font-medium text-zinc-800 dark:text-zinc-200">Dates</legend>
            <div class="mt-2 flex flex-wrap gap-2">
              <QuickRange label="This month" onClick={() => setRange(`${today.slice(0, 7)}-01`, today)} />
              <QuickRange label="Last 7 days" onClick={() => setRange(addDays(today, -6), today)} />
              <QuickRange label="Last 30 days" onClick={() => setRange(addDays(today, -29), today)} />
            </div>
            <div class="mt-3 grid grid-cols-2 gap-3">
              <TextField label="From" name="from" type="date" value={props.filters.from ?? ""} />
              <TextField label="To" name="to" type="date" value={props.filters.to ?? ""} />
            </div>
          </fieldset>
          <div class="grid gap-4 sm:grid-cols-2">
            <SelectField label="Type" name="type" value={props.filters.type ?? ""}>
              <option value="">All types</option>
              <option value="expense">Expenses</option>
              <option value="income">Income</option>
              <option value="transfer">Transfers</option>
            </SelectField>
            <SelectField label="Account" name="accountId" value={props.filters.accountId ?? ""}>
              <option value="">All accounts</option>
              <For each={accounts()?.items ?? []}>
                {(account) => (
                  <option value={account.id} selected={account.id === props.filters.accountId}>
                    {account.name}
                    {account.archivedAt ? " (archived)" : ""}
                  </option>
                )}
              </For>
            </SelectField>
            <SelectField label="Category" name="categoryId" value={props.filters.categoryId ?? ""}>
              <option value="">All categories</option>
              <For each={CATEGORY_GROUPS}>
                {(group) => (
                  <optgroup label={group.label}>
                    <For each={(categories()?.items ?? []).filter((c) => c.kind === group.kind)}>
                      {(category) => (
                        <option value={category.id} selected={category.id === props.filters.categoryId}>
                          {category.name}
                        </option>
                      )}
                    </For>
                  </optgroup>
                )}
              </For>
            </SelectField>
            <SelectField label="Recorded by" name="memberId" value={props.filters.memberId ?? ""}>
              <option value="">Either of you</option>
              <For each={me()?.household.members ?? []}>
                {(member) => (
                  <option value={member.id} selected={member.id === props.filters.memberId}>
                    {member.name}
                  </option>
                )}
              </For>
            </SelectField>
          </div>
          <fieldset>
            <legend class="text-sm font-medium text-zinc-800 dark:text-zinc-200">Amount (₱)</legend>
            <div class="mt-0.5 grid grid-cols-2 gap-3">
              <TextField
                label="At least"
                name="minAmount"
                inputmode="decimal"
                placeholder="0.00"
                value={props.filters.minAmount ?? ""}
              />
              <TextField
                label="At most"
                name="maxAmount"
                inputmode="decimal"
                placeholder="Any"
                value={props.filters.maxAmount ?? ""}
              />
            </div>
          </fieldset>
          <div class="grid gap-4 sm:grid-cols-2">
            <TextField
              label="Tag"
              name="tag"
              autocomplete="off"
              placeholder="e.g. reimbursable"
              value={props.filters.tag ?? ""}
            />
            <SelectField label="Sort" name="sort" value={props.filters.sort ?? ""}>
              <option value="">Newest first</option>
              <option value="date_asc">Oldest first</option>
              <option value="amount_desc">Largest amount</option>
              <option value="amount_asc">Smallest amount</option>
            </SelectField>
          </div>
        </div>
        <div class="flex gap-3 border-t border-zinc-100 px-5 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] dark:border-zinc-800">
          <Button variant="secondary" class="min-h-12" onClick={() => props.onApply({})}>
            Clear all
          </Button>
          <Button type="submit" class="min-h-12 flex-1">
            Show transactions
          </Button>
        </div>
      </form>
    </Sheet>
  );
}

function QuickRange(props: { label: string; onClick: () => void }) {
  return (
    <button
      type="button"
      class="min-h-9 rounded-full bg-zinc-100 px-3.5 text-sm font-medium text-zinc-700 hover:bg-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-zinc-700"
      onClick={props.onClick}
    >
      {props.label}
    </button>
  );
}

function EmptyList(props: { filtered: boolean; onClear: () => void }) {
  return (
    <div
      class="rounded-2xl bg-white px-6 py-12 text-center shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800"
      data-testid="transactions-empty"
    >
      <Show
        when={props.filtered}
        fallback={
          <>
            <h2 class="text-base font-semibold">No transactions yet</h2>
            <p class="mx-auto mt-1 max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
              Record spending as it happens: tap + (or press N on a keyboard), type the amount, pick a
              category.
            </p>
            <Button class="mt-5" onClick={() => openQuickAdd()}>
              <PlusIcon class="size-4" />
              Add a transaction
            </Button>
          </>
        }
      >
        <h2 class="text-base font-semibold">Nothing matches these filters</h2>
        <p class="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Try a wider date range or fewer filters.</p>
        <Button variant="secondary" class="mt-5" onClick={props.onClear}>
          Clear filters
        </Button>
      </Show>
    </div>
  );
}

function ListSkeleton() {
  return (
    <div class="space-y-4" aria-hidden="true">
      <For each={[0, 1]}>
        {() => (
          <div class="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800">
            <div class="h-3 w-24 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
            <For each={[0, 1, 2]}>
              {() => (
                <div class="mt-4 flex items-center gap-3">
                  <div class="size-10 animate-pulse rounded-full bg-zinc-100 dark:bg-zinc-800" />
                  <div class="h-4 flex-1 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />
                </div>
              )}
            </For>
          </div>
        )}
      </For>
    </div>
  );
}
