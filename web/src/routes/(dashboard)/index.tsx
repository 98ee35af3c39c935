import { Title } from "@solidjs/meta";
import { A, createAsync, useSearchParams } from "@solidjs/router";
import { createMemo, For, type JSX, Show } from "solid-js";
import { Avatar } from "../../components/Avatar";
import { Button, buttonClass } from "../../components/Button";
import { Card, PageHeader } from "../../components/Card";
import { BudgetCard } from "../../components/home/BudgetCard";
import { NextDuesCard } from "../../components/home/NextDuesCard";
import { PeriodSwitcher, periodLabel } from "../../components/home/PeriodSwitcher";
import { SpendingTrend } from "../../components/home/SpendingTrend";
import { YearCard } from "../../components/home/YearCard";
import { CheckIcon, PlusIcon, UserPlusIcon } from "../../components/Icons";
import { TransactionRow } from "../../components/TransactionRow";
import { UtilisationBar, utilisationPercent } from "../../components/Utilisation";
import { getCashflow } from "../../lib/analytics";
import type { Me } from "../../lib/api";
import { getMe } from "../../lib/auth";
import { formatDate, formatMonth } from "../../lib/dates";
import { greeting } from "../../lib/format";
import {
  type Account,
  accountKindNames,
  getAccounts,
  getMonthSummary,
  getRecentTransactions,
  getYearSummary,
  type MonthSummary,
} from "../../lib/ledger";
import { formatPeso, formatSignedPeso, toCentavos } from "../../lib/money";
import { isCurrent, monthRange, readPeriod } from "../../lib/period";
import { openQuickAdd } from "../../lib/quickAdd";

export default function HomePage() {
  const me = createAsync(() => getMe());
  const [params] = useSearchParams<{ month?: string; year?: string }>();
  // the month or year on show lives in the URL, so a reload or a shared link keeps it
  const period = createMemo(() => readPeriod(params), undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  const current = () => isCurrent(period());
  const range = () => {
    const p = period();
    return p.kind === "year" ? { from: `${p.year}-01-01`, to: `${p.year}-12-31` } : monthRange(p.month);
  };
  const summary = createAsync(async () => {
    const p = period();
    return p.kind === "month" ? getMonthSummary(p.month) : undefined;
  });
  const year = createAsync(async () => {
    const p = period();
    return p.kind === "year" ? getYearSummary(p.year) : undefined;
  });
  const accounts = createAsync(() => getAccounts());
  const trend = createAsync(() => getCashflow());
  const recent = createAsync(() =>
    current() && period().kind === "month" ? getRecentTransactions(8) : getRecentTransactions(8, range()),
  );
  const transactionsHref = () =>
    current() && period().kind === "month"
      ? "/transactions"
      : `/transactions?from=${range().from}&to=${range().to}`;
  const firstName = () => me()?.user.name.split(/\s+/)[0] ?? "";
  const cards = () => (accounts()?.items ?? []).filter((account) => account.card);
  const hasAccounts = () => (accounts()?.items.length ?? 0) > 0;
  const hasTransactions = () => (recent()?.items.length ?? 0) > 0;

  return (
    <Show when={me()}>
      {(signedIn) => (
        <>
          <Title>Home · FinTrack</Title>
          <PageHeader
            title={`${greeting()}, ${firstName()}`}
            description={`Welcome to ${signedIn().household.name}.`}
          />
          <Show when={accounts() && recent() && !(hasAccounts() && hasTransactions())}>
            <GettingStarted hasAccount={hasAccounts()} me={signedIn()} />
          </Show>
          <PeriodSwitcher period={period()} />
          <div class="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <Show
              when={period().kind === "month" && period()}
              fallback={
                <YearCard year={(period() as { year: number }).year} summary={year()} class="lg:col-span-2" />
              }
            >
              {(p) => (
                <MonthCard
                  month={(p() as { month: string }).month}
                  current={current()}
                  summary={summary()}
                  class="lg:col-span-2"
                />
              )}
            </Show>

            <SpendingTrend data={trend()} class="lg:col-span-2" />

            <Card
              title="Accounts"
              description={
                <Show when={accounts()} fallback={<span class="invisible">Net worth</span>}>
                  {(list) => (
                    <>
                      {current() ? "Net worth" : "Net worth today"}{" "}
                      <strong
                        class="font-semibold whitespace-nowrap text-zinc-900 tabular-nums dark:text-zinc-50"
                        data-testid="net-worth"
                      >
                        {formatPeso(list().netWorthCentavos)}
                      </strong>
                    </>
                  )}
                </Show>
              }
              actions={<ViewAll href="/accounts" label="Manage accounts" />}
            >
              <Show when={accounts()} fallback={<RowsSkeleton rows={3} />}>
                {(list) => (
                  <Show
                    when={list().items.length > 0}
                    fallback={
                      <div>
                        <p class="text-sm text-zinc-600 dark:text-zinc-400">
                          No accounts yet. Add where your money is to see balances here.
                        </p>
                        <A href="/accounts?new=1" class={buttonClass("secondary", "mt-4")}>
                          <PlusIcon class="size-4" />
                          Add an account
                        </A>
                      </div>
                    }
                  >
                    <ul class="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Account balances">
                      <For each={list().items.filter((account) => !account.card)}>
                        {(account) => <BalanceRow account={account} />}
                      </For>
                      <For each={cards()}>{(account) => <BalanceRow account={account} />}</For>
                    </ul>
                  </Show>
                )}
              </Show>
            </Card>

            <Card
              title={
                current() && period().kind === "month"
                  ? "Recent transactions"
                  : `Latest in ${periodLabel(period())}`
              }
              actions={<ViewAll href={transactionsHref()} label="View all" />}
            >
              <Show when={recent()} fallback={<RowsSkeleton rows={4} />}>
                {(page) => (
                  <Show
                    when={page().items.length > 0}
                    fallback={
                      <p class="text-sm text-zinc-600 dark:text-zinc-400">
                        {current()
                          ? "Nothing recorded yet. Your latest expenses, income and transfers show up here."
                          : `Nothing recorded in ${periodLabel(period())}.`}
                      </p>
                    }
                  >
                    <ul class="-mx-2" aria-label="Recent transactions" data-testid="recent-transactions">
                      <For each={page().items}>
                        {(transaction) => <TransactionRow transaction={transaction} showDate />}
                      </For>
                    </ul>
                  </Show>
                )}
              </Show>
            </Card>

            <NextDuesCard />

            <Show when={cards().length > 0}>
              <Card title="Credit cards" actions={<ViewAll href="/cards" label="All cards" />}>
                <ul class="space-y-4" aria-label="Card utilisation">
                  <For each={cards()}>
                    {(account) => (
                      <li>
                        <div class="flex items-baseline justify-between gap-3 text-sm">
                          <span class="truncate font-semibold">{account.name}</span>
                          <span class="shrink-0 text-zinc-600 tabular-nums dark:text-zinc-400">
                            {formatPeso(account.card?.outstandingCentavos ?? "0")} of{" "}
                            {formatPeso(account.card?.creditLimitCentavos ?? "0")}
                          </span>
                        </div>
                        <Show when={account.card}>
                          {(card) => (
                            <>
                              <UtilisationBar card={card()} label={account.name} class="mt-2" />
                              <p class="mt-1.5 text-xs text-zinc-600 dark:text-zinc-400">
                                {utilisationPercent(card())} used · due {formatDate(card().nextDueDate)}
                              </p>
                            </>
                          )}
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </Card>
            </Show>

            <Show when={period().kind === "month" && period()}>
              {(p) => <BudgetCard month={(p() as { month: string }).month} />}
            </Show>

            <HouseholdCard me={signedIn()} />
          </div>
        </>
      )}
    </Show>
  );
}

function ViewAll(props: { href: string; label: string }) {
  return (
    <A
      href={props.href}
      class="-my-1 shrink-0 rounded-lg px-2 py-1 text-sm font-semibold text-emerald-800 hover:underline dark:text-emerald-300"
    >
      {props.label}
    </A>
  );
}

function MonthCard(props: {
  month: string;
  current: boolean;
  summary: MonthSummary | undefined;
  class?: string;
}) {
  const net = () => (props.summary ? toCentavos(props.summary.netCentavos) : 0n);
  return (
    <Card
      title={formatMonth(props.month)}
      description={props.current ? "Income and spending this month" : "Income and spending that month"}
      class={props.class}
    >
      <dl class="grid grid-cols-1 gap-2 sm:grid-cols-3 sm:gap-4" data-testid="month-summary">
        <Stat label="Income" testId="month-income" tone="text-emerald-700 dark:text-emerald-400">
          {props.summary ? formatPeso(props.summary.incomeCentavos) : undefined}
        </Stat>
        <Stat label="Spending" testId="month-expense" tone="text-zinc-900 dark:text-zinc-50">
          {props.summary ? formatPeso(props.summary.expenseCentavos) : undefined}
        </Stat>
        <Stat
          label="Net"
          testId="month-net"
          tone={net() < 0n ? "text-red-700 dark:text-red-400" : "text-zinc-900 dark:text-zinc-50"}
        >
          {props.summary ? formatSignedPeso(net(), net() < 0n ? "-" : "") : undefined}
        </Stat>
      </dl>
      <Show when={props.summary?.byCategory.some((row) => row.kind === "expense")}>
        <TopCategories summary={props.summary as MonthSummary} />
      </Show>
    </Card>
  );
}

function Stat(props: { label: string; testId: string; tone: string; children: JSX.Element | undefined }) {
  return (
    <div class="flex min-w-0 items-baseline justify-between gap-3 rounded-xl bg-zinc-50 px-4 py-3 sm:block dark:bg-zinc-950/60">
      <dt class="text-sm font-medium text-zinc-600 sm:text-xs dark:text-zinc-400">{props.label}</dt>
      <dd
        data-testid={props.testId}
        class={`text-lg font-semibold whitespace-nowrap tabular-nums sm:mt-1 sm:truncate sm:text-2xl ${props.tone}`}
      >
        <Show
          when={props.children}
          fallback={
            <span class="inline-block h-6 w-20 animate-pulse rounded bg-zinc-200 align-middle dark:bg-zinc-800" />
          }
        >
          {props.children}
        </Show>
      </dd>
    </div>
  );
}

function TopCategories(props: { summary: MonthSummary }) {
  const rows = () =>
    props.summary.byCategory
      .filter((row) => row.kind === "expense")
      .sort((a, b) => (toCentavos(b.totalCentavos) > toCentavos(a.totalCentavos) ? 1 : -1))
      .slice(0, 4);
  const max = () =>
    rows().reduce(
      (top, row) => (toCentavos(row.totalCentavos) > top ? toCentavos(row.totalCentavos) : top),
      1n,
    );
  return (
    <div class="mt-5">
      <h3 class="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        Top spending
      </h3>
      <ul class="mt-2 space-y-2.5">
        <For each={rows()}>
          {(row) => (
            <li class="grid grid-cols-[7rem_1fr_auto] items-center gap-3 text-sm sm:grid-cols-[10rem_1fr_auto]">
              <span class="truncate">{row.name}</span>
              <span class="h-2 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800" aria-hidden="true">
                <span
                  class="block h-full rounded-full bg-emerald-600 dark:bg-emerald-400"
                  style={{ width: `${Number((toCentavos(row.totalCentavos) * 100n) / max())}%` }}
                />
              </span>
              <span class="text-right font-medium tabular-nums">{formatPeso(row.totalCentavos)}</span>
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}

function BalanceRow(props: { account: Account }) {
  const a = () => props.account;
  return (
    <li class="flex min-h-12 items-center justify-between gap-3 py-2" data-testid="balance-row">
      <div class="min-w-0">
        <p class="truncate text-sm font-semibold">{a().name}</p>
        <p class="truncate text-xs text-zinc-600 dark:text-zinc-400">
          {a().institution && a().institution !== a().name ? `${a().institution} · ` : ""}
          {accountKindNames[a().kind]}
          {a().visibility === "private" ? " · Private" : ""}
        </p>
      </div>
      <p
        class={`shrink-0 text-sm font-semibold tabular-nums ${toCentavos(a().balanceCentavos) < 0n ? "text-red-700 dark:text-red-400" : ""}`}
      >
        {a().card
          ? `${formatPeso(a().card?.outstandingCentavos ?? "0")} owed`
          : formatPeso(a().balanceCentavos)}
      </p>
    </li>
  );
}

function RowsSkeleton(props: { rows: number }) {
  return (
    <div class="space-y-3" aria-hidden="true">
      <For each={Array.from({ length: props.rows })}>
        {() => <div class="h-10 animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-800" />}
      </For>
    </div>
  );
}

/** A new household's first steps: an account, then a transaction, then the partner. */
function GettingStarted(props: { hasAccount: boolean; me: Me }) {
  const canInvite = () => props.me.user.role === "owner" && props.me.household.members.length < 2;
  return (
    <section
      aria-labelledby="getting-started"
      class="mb-4 rounded-2xl bg-emerald-50 p-5 ring-1 ring-emerald-200 sm:p-6 dark:bg-emerald-950/40 dark:ring-emerald-900"
      data-testid="getting-started"
    >
      <h2 id="getting-started" class="text-base font-semibold text-emerald-950 dark:text-emerald-50">
        Let's set up your money
      </h2>
      <ol class="mt-4 space-y-4">
        <Step done={props.hasAccount} number={1} title="Add your first account">
          Your bank, GCash or Maya, the cash in your wallet, or a credit card — with what's in it today.
          <Show when={!props.hasAccount}>
            <A href="/accounts?new=1" class={buttonClass("primary", "mt-3 w-full sm:w-auto")}>
              <PlusIcon class="size-4" />
              Add an account
            </A>
          </Show>
        </Step>
        <Step done={false} number={2} title="Add a transaction">
          Record what you spend as it happens — it takes a few taps.
          <Show when={props.hasAccount}>
            <Button class="mt-3 w-full sm:w-auto" onClick={() => openQuickAdd()}>
              <PlusIcon class="size-4" />
              Add a transaction
            </Button>
          </Show>
        </Step>
        <Show when={canInvite()}>
          <Step done={false} number={3} title="Invite your partner">
            Share accounts and see the household's spending together.
            <A href="/settings#invite" class={buttonClass("secondary", "mt-3 w-full sm:w-auto")}>
              <UserPlusIcon class="size-4" />
              Invite your partner
            </A>
          </Step>
        </Show>
      </ol>
    </section>
  );
}

function Step(props: { done: boolean; number: number; title: string; children: JSX.Element }) {
  return (
    <li class="flex gap-3">
      <span
        class={`flex size-7 shrink-0 items-center justify-center rounded-full text-sm font-bold ${
          props.done
            ? "bg-emerald-700 text-white dark:bg-emerald-500 dark:text-zinc-950"
            : "bg-white text-emerald-800 ring-1 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800"
        }`}
        aria-hidden="true"
      >
        {props.done ? <CheckIcon class="size-4" /> : props.number}
      </span>
      <div class="min-w-0 flex-1 text-sm text-emerald-950 dark:text-emerald-100">
        <p class={`font-semibold ${props.done ? "line-through opacity-70" : ""}`}>
          {props.title}
          <Show when={props.done}>
            <span class="sr-only"> (done)</span>
          </Show>
        </p>
        <Show when={!props.done}>
          <div class="mt-0.5 text-emerald-900/80 dark:text-emerald-100/80">{props.children}</div>
        </Show>
      </div>
    </li>
  );
}

function HouseholdCard(props: { me: Me }) {
  return (
    <Card title="Household" description={props.me.household.name}>
      <ul class="space-y-3" aria-label="Household members">
        <For each={props.me.household.members}>
          {(member) => (
            <li class="flex items-center gap-3">
              <Avatar name={member.name} />
              <div class="min-w-0 flex-1">
                <p class="truncate text-sm font-semibold">
                  {member.name}
                  <Show when={member.id === props.me.user.id}>
                    <span class="font-normal text-zinc-500 dark:text-zinc-400"> (you)</span>
                  </Show>
                </p>
                <p class="truncate text-xs text-zinc-600 dark:text-zinc-400">{member.email}</p>
              </div>
              <span class="rounded-full bg-zinc-100 px-2.5 py-1 text-xs font-medium text-zinc-700 capitalize dark:bg-zinc-800 dark:text-zinc-300">
                {member.role}
              </span>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.me.user.role === "owner" && props.me.household.members.length < 2}>
        <A href="/settings#invite" class={buttonClass("secondary", "mt-5")}>
          <UserPlusIcon class="size-4" />
          Invite your partner
        </A>
      </Show>
    </Card>
  );
}
