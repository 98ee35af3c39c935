import { Title } from "@solidjs/meta";
import { A, useParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, type JSX, on, Show } from "solid-js";
import { Button, buttonClass } from "../../../components/Button";
import { Card, PageHeader } from "../../../components/Card";
import { InstallmentsPanel } from "../../../components/cards/InstallmentsPanel";
import { FormAlert } from "../../../components/FormAlert";
import { formatDate } from "../../../lib/dates";
import { ledgerVersion } from "../../../lib/ledger";
import { formatPeso, toCentavos } from "../../../lib/money";
import { type CycleStatus, type StatementCycle, statementsApi, statusNames } from "../../../lib/statements";

/** A credit card's page: the cycle building up, its last statement and every statement before. */
export default function CardStatementsPage() {
  const params = useParams<{ id: string }>();
  // errors are kept, not thrown: a resource read after a failure would take the page down
  const [loaded] = createResource(
    () => [params.id, ledgerVersion()] as const,
    ([id]) =>
      statementsApi.current(id).then(
        (data) => ({ data, error: undefined }),
        (error: unknown) => ({ data: undefined, error }),
      ),
  );
  const current = () => loaded()?.data;
  const [history, setHistory] = createSignal<StatementCycle[]>([]);
  const [nextCursor, setNextCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<unknown>();

  const loadHistory = async (cursor?: string) => {
    setLoading(true);
    try {
      const page = await statementsApi.cycles(params.id, cursor);
      setHistory((items) => (cursor ? [...items, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
      setError(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };
  createEffect(on([() => params.id, ledgerVersion], () => void loadHistory()));

  const notFound = () => (loaded()?.error as { status?: number } | undefined)?.status === 404;

  return (
    <>
      <Title>{current()?.cardName ?? "Card"} · FinTrack</Title>
      <PageHeader
        title={current()?.cardName ?? "Credit card"}
        description="Statements, what each one owed and how it was paid."
        actions={
          <A href="/cards" class={buttonClass("ghost")}>
            All cards
          </A>
        }
      />
      <Show when={notFound()}>
        <Card>
          <p class="py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
            There is no such credit card.
          </p>
        </Card>
      </Show>
      <Show when={!notFound()}>
        <FormAlert error={loaded()?.error ?? error()} class="mb-4" />
        <div class="grid gap-4 lg:grid-cols-2">
          <CurrentCycleCard />
          <LastStatementCard />
        </div>
        <div class="mt-4">
          <InstallmentsPanel cardAccountId={params.id} />
        </div>
        <Card title="Statement history" class="mt-4">
          <Show
            when={history().length > 0}
            fallback={
              <p class="text-sm text-zinc-600 dark:text-zinc-400">
                {loading() ? "Loading…" : "No statement has closed yet."}
              </p>
            }
          >
            <HistoryTable cycles={history()} />
            <HistoryCards cycles={history()} />
          </Show>
          <Show when={nextCursor()}>
            {(cursor) => (
              <Button
                variant="secondary"
                class="mt-4 w-full sm:w-auto"
                pending={loading()}
                onClick={() => void loadHistory(cursor())}
              >
                Older statements
              </Button>
            )}
          </Show>
        </Card>
      </Show>
    </>
  );

  function CurrentCycleCard() {
    return (
      <Card
        title="This cycle"
        description={current() ? `Since ${formatDate(current()!.periodStart)}` : undefined}
      >
        <Show
          when={current()}
          fallback={<div class="h-32 animate-pulse rounded-xl bg-zinc-200/70 dark:bg-zinc-800/70" />}
        >
          {(c) => (
            <div data-testid="current-cycle">
              <p class="text-xs font-medium text-zinc-600 dark:text-zinc-400">Balance if it closed today</p>
              <p class="mt-0.5 text-2xl font-bold tracking-tight tabular-nums" data-testid="running-total">
                {formatPeso(c().runningTotalCentavos)}
              </p>
              <dl class="mt-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-3">
                <Figure label="Charges" value={formatPeso(c().chargesCentavos)} testid="cycle-charges" />
                <Figure label="Refunds and credits" value={formatPeso(c().creditsCentavos)} />
                <Figure label="Payments" value={formatPeso(c().paymentsCentavos)} />
                <Figure label="Interest and fees" value={formatPeso(c().interestFeesCentavos)} />
                <Figure
                  label="Statement"
                  value={
                    c().projectedStatementDate
                      ? `${formatDate(c().projectedStatementDate)}${daysLabel(c().daysToStatement)}`
                      : "No statement day set"
                  }
                  testid="cycle-statement-date"
                />
                <Figure
                  label="Due (projected)"
                  value={formatDate(c().projectedDueDate)}
                  testid="cycle-due-date"
                />
              </dl>
            </div>
          )}
        </Show>
      </Card>
    );
  }

  function LastStatementCard() {
    return (
      <Card title="Last statement">
        <Show
          when={current()}
          fallback={<div class="h-32 animate-pulse rounded-xl bg-zinc-200/70 dark:bg-zinc-800/70" />}
        >
          <Show
            when={current()!.lastStatement}
            fallback={<p class="text-sm text-zinc-600 dark:text-zinc-400">No statement has closed yet.</p>}
          >
            {(s) => (
              <div data-testid="last-statement">
                <div class="flex flex-wrap items-center gap-2">
                  <span class="text-sm font-semibold">{formatDate(s().statementDate)}</span>
                  <SourceBadge cycle={s()} />
                  <StatusBadge status={s().status} />
                </div>
                <p class="mt-3 text-xs font-medium text-zinc-600 dark:text-zinc-400">Total due</p>
                <p class="mt-0.5 text-2xl font-bold tracking-tight tabular-nums" data-testid="last-total-due">
                  {formatPeso(s().totalDueCentavos)}
                </p>
                <dl class="mt-4 grid grid-cols-2 gap-3 text-sm">
                  <Figure
                    label={s().minimumEstimated ? "Minimum (estimate)" : "Minimum due"}
                    value={formatPeso(s().minimumDueCentavos)}
                  />
                  <Figure label="Due date" value={formatDate(s().dueDate)} />
                  <Figure label="Paid by the due date" value={formatPeso(s().paidByDueDateCentavos)} />
                  <Figure label="Interest and fees" value={formatPeso(s().interestFeesCentavos)} />
                </dl>
                <Show when={s().documentId}>
                  {(id) => (
                    <A
                      href={`/documents/${id()}`}
                      class="mt-4 inline-block text-sm font-medium text-emerald-700 hover:underline dark:text-emerald-400"
                    >
                      Open the uploaded statement →
                    </A>
                  )}
                </Show>
              </div>
            )}
          </Show>
        </Show>
      </Card>
    );
  }
}

const daysLabel = (days: number | null) =>
  days === null ? "" : days === 0 ? " · today" : ` · in ${days} ${days === 1 ? "day" : "days"}`;

function Figure(props: { label: string; value: JSX.Element; testid?: string }) {
  return (
    <div class="min-w-0">
      <dt class="text-xs font-medium text-zinc-600 dark:text-zinc-400">{props.label}</dt>
      <dd class="mt-0.5 font-semibold tabular-nums" data-testid={props.testid}>
        {props.value}
      </dd>
    </div>
  );
}

const statusTone: Record<CycleStatus, string> = {
  paid_on_time: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
  paid_late: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  partly_paid: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300",
  unpaid: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
  not_due_yet: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
};

function StatusBadge(props: { status: CycleStatus }) {
  return (
    <span
      class={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ${statusTone[props.status]}`}
      data-status={props.status}
    >
      {statusNames[props.status]}
    </span>
  );
}

/** Which figures are the bank's and which are worked out from the ledger. */
function SourceBadge(props: { cycle: StatementCycle }) {
  return (
    <span
      class={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${
        props.cycle.source === "statement"
          ? "text-zinc-800 ring-zinc-300 dark:text-zinc-200 dark:ring-zinc-600"
          : "text-zinc-600 ring-zinc-200 dark:text-zinc-400 dark:ring-zinc-700"
      }`}
      title={
        props.cycle.source === "statement"
          ? "From the uploaded statement"
          : "Worked out from the statement day and the ledger"
      }
    >
      {props.cycle.source === "statement" ? "Statement" : "Computed"}
    </span>
  );
}

const paidLabel = (c: StatementCycle) =>
  c.paidOn
    ? formatDate(c.paidOn)
    : toCentavos(c.paidByDueDateCentavos) + toCentavos(c.paidAfterDueDateCentavos) > 0n
      ? `${formatPeso(toCentavos(c.paidByDueDateCentavos) + toCentavos(c.paidAfterDueDateCentavos))} so far`
      : "—";

function HistoryTable(props: { cycles: StatementCycle[] }) {
  return (
    <div class="hidden overflow-x-auto sm:block">
      <table class="w-full text-left text-sm" aria-label="Statement history">
        <thead class="text-xs text-zinc-600 dark:text-zinc-400">
          <tr class="border-b border-zinc-200 dark:border-zinc-800">
            <th class="py-2 pr-3 font-medium">Statement</th>
            <th class="py-2 pr-3 font-medium">Due</th>
            <th class="py-2 pr-3 text-right font-medium">Total due</th>
            <th class="py-2 pr-3 text-right font-medium">Minimum</th>
            <th class="py-2 pr-3 text-right font-medium">Interest, fees</th>
            <th class="py-2 pr-3 font-medium">Status</th>
            <th class="py-2 font-medium">Paid</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.cycles}>
            {(c) => (
              <tr
                class="border-b border-zinc-100 last:border-0 dark:border-zinc-800"
                data-testid="history-row"
                data-statement-date={c.statementDate}
              >
                <td class="py-2.5 pr-3">
                  <div class="flex items-center gap-2">
                    <span class="whitespace-nowrap">{formatDate(c.statementDate)}</span>
                    <SourceBadge cycle={c} />
                  </div>
                </td>
                <td class="whitespace-nowrap py-2.5 pr-3">{formatDate(c.dueDate)}</td>
                <td class="py-2.5 pr-3 text-right font-semibold tabular-nums">
                  {formatPeso(c.totalDueCentavos)}
                </td>
                <td class="py-2.5 pr-3 text-right tabular-nums">
                  {formatPeso(c.minimumDueCentavos)}
                  <Show when={c.minimumEstimated}>
                    <span class="text-zinc-500" title="An estimate: 3% of the balance, at least ₱500">
                      *
                    </span>
                  </Show>
                </td>
                <td class="py-2.5 pr-3 text-right tabular-nums">{formatPeso(c.interestFeesCentavos)}</td>
                <td class="py-2.5 pr-3">
                  <StatusBadge status={c.status} />
                </td>
                <td class="whitespace-nowrap py-2.5">{paidLabel(c)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <p class="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
        * Minimum worked out by FinTrack (3% of the balance, at least ₱500): the bank's own figure is on the
        statement.
      </p>
    </div>
  );
}

function HistoryCards(props: { cycles: StatementCycle[] }) {
  return (
    <ul class="space-y-3 sm:hidden" aria-label="Statement history">
      <For each={props.cycles}>
        {(c) => (
          <li
            class="rounded-xl p-3 ring-1 ring-zinc-200 dark:ring-zinc-800"
            data-testid="history-card"
            data-statement-date={c.statementDate}
          >
            <div class="flex items-start justify-between gap-2">
              <div class="min-w-0">
                <p class="text-sm font-semibold">{formatDate(c.statementDate)}</p>
                <p class="text-xs text-zinc-600 dark:text-zinc-400">Due {formatDate(c.dueDate)}</p>
              </div>
              <p class="text-base font-bold tabular-nums">{formatPeso(c.totalDueCentavos)}</p>
            </div>
            <div class="mt-2 flex flex-wrap items-center gap-2">
              <StatusBadge status={c.status} />
              <SourceBadge cycle={c} />
            </div>
            <p class="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
              Paid: {paidLabel(c)}
              <Show when={toCentavos(c.interestFeesCentavos) > 0n}>
                {" "}
                · Interest and fees {formatPeso(c.interestFeesCentavos)}
              </Show>
            </p>
          </li>
        )}
      </For>
    </ul>
  );
}
