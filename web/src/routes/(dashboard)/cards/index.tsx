import { Title } from "@solidjs/meta";
import { A, createAsync } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { Button, buttonClass } from "../../../components/Button";
import { Card, PageHeader } from "../../../components/Card";
import { CardIcon, PlusIcon } from "../../../components/Icons";
import { ReconcileSheet } from "../../../components/ReconcileSheet";
import { UtilisationBar, utilisationPercent } from "../../../components/Utilisation";
import { daysUntil, formatDate } from "../../../lib/dates";
import { type Account, type CreditCard, getAccounts } from "../../../lib/ledger";
import { centavosToInput, formatPeso, toCentavos } from "../../../lib/money";
import { loadQuickAddMemory, openQuickAdd } from "../../../lib/quickAdd";

export default function CardsPage() {
  const accounts = createAsync(() => getAccounts());
  const cards = () => (accounts()?.items ?? []).filter((account) => account.card && !account.archivedAt);
  const totalOutstanding = () =>
    cards().reduce((sum, account) => sum + toCentavos(account.card?.outstandingCentavos ?? "0"), 0n);
  const [reconciling, setReconciling] = createSignal<Account>();

  return (
    <>
      <Title>Cards · FinTrack</Title>
      <PageHeader
        title="Credit cards"
        description={
          <Show when={cards().length > 0} fallback="What you owe, what's left, and when it's due.">
            You owe{" "}
            <strong class="font-semibold text-zinc-900 tabular-nums dark:text-zinc-100">
              {formatPeso(totalOutstanding())}
            </strong>{" "}
            across {cards().length} {cards().length === 1 ? "card" : "cards"}.
          </Show>
        }
        actions={
          <A href="/accounts?new=1" class={buttonClass("secondary")}>
            <PlusIcon class="size-4" />
            Add card
          </A>
        }
      />
      <Show
        when={accounts()}
        fallback={<div class="h-56 animate-pulse rounded-2xl bg-zinc-200/70 dark:bg-zinc-800/70" />}
      >
        <Show
          when={cards().length > 0}
          fallback={
            <Card>
              <div class="py-6 text-center">
                <CardIcon class="mx-auto size-10 text-zinc-400" />
                <h2 class="mt-3 text-base font-semibold">No credit cards yet</h2>
                <p class="mx-auto mt-1 max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
                  Add a card with its limit, statement day and due day. Spending on it counts when you swipe;
                  paying the bill is a transfer.
                </p>
                <A href="/accounts?new=1" class={buttonClass("primary", "mt-5")}>
                  <PlusIcon class="size-4" />
                  Add a credit card
                </A>
              </div>
            </Card>
          }
        >
          <ul class="grid grid-cols-1 gap-4 md:grid-cols-2" aria-label="Credit cards">
            <For each={cards()}>
              {(account) => (
                <CreditCardPanel
                  account={account}
                  card={account.card as CreditCard}
                  payFrom={payFromAccountId(accounts()?.items ?? [])}
                  onReconcile={() => setReconciling(account)}
                />
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <ReconcileSheet account={reconciling()} onClose={() => setReconciling(undefined)} />
    </>
  );
}

/** Pay from the account quick-add last used if it holds money, else the first bank, e-wallet or cash. */
function payFromAccountId(accounts: Account[]): string | undefined {
  const money = accounts.filter((account) => !account.card && !account.archivedAt);
  const remembered = loadQuickAddMemory().accountId;
  return money.find((account) => account.id === remembered)?.id ?? money[0]?.id;
}

function CreditCardPanel(props: {
  account: Account;
  card: CreditCard;
  payFrom: string | undefined;
  onReconcile: () => void;
}) {
  const dueIn = () => (props.card.nextDueDate ? daysUntil(props.card.nextDueDate) : undefined);
  const owes = () => toCentavos(props.card.outstandingCentavos) > 0n;
  const payCard = () => {
    openQuickAdd({
      type: "transfer",
      toAccountId: props.account.id,
      accountId: props.payFrom,
      amount: owes() ? centavosToInput(props.card.outstandingCentavos) : undefined,
    });
  };
  return (
    <li
      class="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-zinc-200 sm:p-6 dark:bg-zinc-900 dark:ring-zinc-800"
      data-testid="credit-card"
      aria-label={props.account.name}
    >
      <div class="flex items-start justify-between gap-3">
        <div class="min-w-0">
          <h2 class="truncate text-base font-semibold">
            <A
              href={`/cards/${props.account.id}`}
              class="rounded hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-emerald-600"
            >
              {props.account.name}
            </A>
          </h2>
          <p class="text-sm text-zinc-600 dark:text-zinc-400">
            {props.account.institution ? `${props.account.institution} · ` : ""}•••• {props.card.last4}
          </p>
        </div>
        <span class="shrink-0 rounded-full bg-zinc-100 px-2.5 py-1 text-xs font-semibold tabular-nums text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
          {utilisationPercent(props.card)} used
        </span>
      </div>

      <dl class="mt-5 grid grid-cols-2 gap-4 [&>div]:min-w-0">
        <div>
          <dt class="text-xs font-medium text-zinc-600 dark:text-zinc-400">Outstanding</dt>
          <dd
            class="mt-0.5 text-xl font-bold tracking-tight sm:text-2xl tabular-nums"
            data-testid="card-outstanding"
          >
            {formatPeso(props.card.outstandingCentavos)}
          </dd>
        </div>
        <div>
          <dt class="text-xs font-medium text-zinc-600 dark:text-zinc-400">Available credit</dt>
          <dd
            class="mt-0.5 text-xl font-bold tracking-tight sm:text-2xl text-emerald-700 tabular-nums dark:text-emerald-400"
            data-testid="card-available"
          >
            {formatPeso(props.card.availableCreditCentavos)}
          </dd>
        </div>
      </dl>
      <UtilisationBar card={props.card} label={props.account.name} class="mt-4" />
      <p class="mt-1.5 text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
        Limit {formatPeso(props.card.creditLimitCentavos)}
      </p>

      <dl class="mt-5 grid grid-cols-2 gap-4 border-t border-zinc-100 pt-4 text-sm dark:border-zinc-800">
        <div>
          <dt class="text-xs font-medium text-zinc-600 dark:text-zinc-400">Next statement</dt>
          <dd class="mt-0.5 font-semibold" data-testid="card-next-statement">
            {formatDate(props.card.nextStatementDate)}
          </dd>
        </div>
        <div>
          <dt class="text-xs font-medium text-zinc-600 dark:text-zinc-400">Payment due</dt>
          <dd class="mt-0.5 font-semibold" data-testid="card-due-date">
            {formatDate(props.card.nextDueDate)}
            <Show when={dueIn() !== undefined && owes()}>
              <span
                class={`ml-1.5 text-xs font-medium ${(dueIn() ?? 99) <= 3 ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
              >
                {dueIn() === 0
                  ? "today"
                  : (dueIn() ?? 0) < 0
                    ? "overdue"
                    : `in ${dueIn()} ${dueIn() === 1 ? "day" : "days"}`}
              </span>
            </Show>
          </dd>
        </div>
      </dl>

      <A
        href={`/cards/${props.account.id}`}
        class="mt-4 inline-flex items-center gap-1 text-sm font-medium text-emerald-700 hover:underline dark:text-emerald-400"
        aria-label={`Statements of ${props.account.name}`}
      >
        Statements and this cycle →
      </A>

      <div class="mt-5 flex gap-3">
        <Button class="flex-1" variant={owes() ? "primary" : "secondary"} onClick={payCard}>
          Pay card
        </Button>
        <Button
          variant="secondary"
          onClick={props.onReconcile}
          aria-label={`Reconcile ${props.account.name}`}
        >
          Reconcile
        </Button>
      </div>
    </li>
  );
}
