import { Title } from "@solidjs/meta";
import { A, createAsync, useNavigate, useSearchParams } from "@solidjs/router";
import { createMemo, For, type JSX, Show } from "solid-js";
import { buttonClass } from "../../components/Button";
import { Card, PageHeader } from "../../components/Card";
import { DownloadIcon } from "../../components/Icons";
import { TimeChart } from "../../components/insights/TimeChart";
import { PeriodStepper } from "../../components/PeriodStepper";
import { TextField } from "../../components/TextField";
import {
  analyticsUrl,
  getAccountSpending,
  getCashflow,
  getCategorySpending,
  getCategoryTrends,
  getMemberSpending,
  getNetWorth,
  getTopMerchants,
} from "../../lib/analytics";
import { formatMonth } from "../../lib/dates";
import {
  asKind,
  cashflowPeriod,
  type InsightsPeriod,
  insightsPeriodLabel,
  lastMonthOf,
  periodRange,
  periodValue,
  readInsightsPeriod,
  shiftInsightsPeriod,
} from "../../lib/insights-period";
import { formatPeso, formatSignedPeso, toCentavos } from "../../lib/money";

const shortMonth = new Intl.DateTimeFormat("en-PH", { timeZone: "UTC", month: "short", year: "2-digit" });
const monthShort = (month: string) => shortMonth.format(new Date(`${month}-01T00:00:00Z`));
const signed = (c: string) => {
  const v = toCentavos(c);
  return formatSignedPeso(v < 0n ? -v : v, v < 0n ? "-" : v > 0n ? "+" : "");
};
const money = (c: string) => {
  const v = toCentavos(c);
  return v < 0n ? formatSignedPeso(-v, "-") : formatPeso(v);
};
const href = (p: InsightsPeriod) => `/insights?period=${encodeURIComponent(periodValue(p))}`;

export default function InsightsPage() {
  const [params] = useSearchParams<{ period?: string }>();
  // the period on show lives in the URL, so a reload or a shared link shows the same figures
  const period = createMemo(() => readInsightsPeriod(params.period), undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  const value = () => periodValue(period());
  const categories = createAsync(() => getCategorySpending(value()));
  const trends = createAsync(() => getCategoryTrends(lastMonthOf(period())));
  const cashflow = createAsync(() => getCashflow(cashflowPeriod(period())));
  const netWorth = createAsync(() => getNetWorth());
  const merchants = createAsync(() => getTopMerchants(value()));
  const members = createAsync(() => getMemberSpending(value()));
  const accounts = createAsync(() => getAccountSpending(value()));

  return (
    <>
      <Title>Insights · FinTrack</Title>
      <PageHeader title="Insights" description="Where the money goes, and whether you are getting richer." />
      <PeriodPicker period={period()} />
      <div class="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card
          title="Spending by category"
          description={
            <Show when={categories()} fallback="…">
              {(c) => (
                <>
                  <strong
                    class="font-semibold text-zinc-900 tabular-nums dark:text-zinc-50"
                    data-testid="period-spending"
                  >
                    {money(c().spendingCentavos)}
                  </strong>{" "}
                  spent in {insightsPeriodLabel(period())}
                  <Show when={toCentavos(c().refundsCentavos) > 0n}>
                    {" "}
                    (after {formatPeso(c().refundsCentavos)} of refunds)
                  </Show>
                </>
              )}
            </Show>
          }
          actions={<CsvLink href={analyticsUrl.categories(value(), true)} label="spending by category" />}
          class="lg:col-span-2"
        >
          <Show when={categories()} fallback={<Skeleton />}>
            {(c) => (
              <Show
                when={c().items.length > 0}
                fallback={<Empty>No spending in {insightsPeriodLabel(period())}.</Empty>}
              >
                <CategoryBars data={c()} />
              </Show>
            )}
          </Show>
        </Card>

        <Card
          title="Income vs spending"
          description="Per month; transfers and card payments are neither."
          actions={
            <CsvLink
              href={analyticsUrl.cashflow(cashflowPeriod(period()), true)}
              label="income vs spending"
            />
          }
        >
          <Show when={cashflow()} fallback={<Skeleton />}>
            {(c) => (
              <TimeChart
                testId="cashflow-chart"
                kind="bars"
                labels={c().items.map((i) => monthShort(i.month))}
                longLabels={c().items.map((i) => formatMonth(i.month))}
                format={money}
                series={[
                  {
                    label: "Income",
                    values: c().items.map((i) => i.incomeCentavos),
                    light: "#047857",
                    dark: "#34d399",
                  },
                  {
                    label: "Spending",
                    values: c().items.map((i) => i.spendingCentavos),
                    light: "#be123c",
                    dark: "#fb7185",
                  },
                ]}
              />
            )}
          </Show>
        </Card>

        <Card
          title="Net worth"
          description="At each month's end: what the accounts hold minus what is owed on cards."
          actions={<CsvLink href={analyticsUrl.netWorth(true)} label="net worth" />}
        >
          <Show when={netWorth()} fallback={<Skeleton />}>
            {(n) => (
              <Show
                when={n().items.length > 0}
                fallback={<Empty>Add an account to follow your net worth.</Empty>}
              >
                <TimeChart
                  testId="net-worth-chart"
                  kind="line"
                  labels={n().items.map((i) => monthShort(i.month))}
                  longLabels={n().items.map((i) => formatMonth(i.month))}
                  format={money}
                  series={[
                    {
                      label: "Net worth",
                      values: n().items.map((i) => i.netWorthCentavos),
                      light: "#047857",
                      dark: "#34d399",
                    },
                  ]}
                />
              </Show>
            )}
          </Show>
        </Card>

        <Card
          title={`Monthly trend · ${formatMonth(lastMonthOf(period()))}`}
          description="Each category against the month before and the same month last year."
          actions={
            <CsvLink href={analyticsUrl.trends(lastMonthOf(period()), true)} label="category trends" />
          }
          class="lg:col-span-2"
        >
          <Show when={trends()} fallback={<Skeleton />}>
            {(t) => (
              <Show when={t().items.length > 0} fallback={<Empty>No spending to compare.</Empty>}>
                <div class="-mx-2">
                  <table
                    class="w-full table-fixed text-left text-xs tabular-nums sm:text-sm"
                    data-testid="trends-table"
                  >
                    <thead>
                      <tr class="text-xs text-zinc-600 dark:text-zinc-400">
                        <th class="w-[28%] px-2 py-1 font-medium">Category</th>
                        <th class="px-2 py-1 text-right font-medium">{monthShort(t().month)}</th>
                        <th class="px-2 py-1 text-right font-medium">vs {monthShort(t().previousMonth)}</th>
                        <th class="px-2 py-1 text-right font-medium">
                          vs {monthShort(t().sameMonthLastYear)}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={t().items}>
                        {(row) => (
                          <tr class="border-t border-zinc-100 dark:border-zinc-800">
                            <td class="truncate px-2 py-1.5">{row.name}</td>
                            <td class="px-2 py-1.5 text-right font-medium whitespace-nowrap">
                              {money(row.currentCentavos)}
                            </td>
                            <td class="px-2 py-1.5 text-right whitespace-nowrap">
                              <Change value={row.changeFromPreviousMonthCentavos} />
                            </td>
                            <td class="px-2 py-1.5 text-right whitespace-nowrap">
                              <Change value={row.changeFromLastYearCentavos} />
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
            )}
          </Show>
        </Card>

        <Card
          title="Top merchants"
          actions={<CsvLink href={analyticsUrl.merchants(value(), true)} label="top merchants" />}
        >
          <Show when={merchants()} fallback={<Skeleton />}>
            {(m) => (
              <SimpleList
                testId="top-merchants"
                empty="No merchants recorded in this period."
                rows={m().items.map((i) => ({
                  key: i.merchant,
                  label: i.merchant,
                  sub: `${i.count} ${i.count === 1 ? "entry" : "entries"}`,
                  value: i.spendingCentavos,
                  href: `/transactions?q=${encodeURIComponent(i.merchant)}&from=${m().from}&to=${m().to}`,
                }))}
              />
            )}
          </Show>
        </Card>

        <Card
          title="By member"
          description="Spending from the accounts each of you owns."
          actions={<CsvLink href={analyticsUrl.members(value(), true)} label="spending by member" />}
        >
          <Show when={members()} fallback={<Skeleton />}>
            {(m) => (
              <SimpleList
                testId="by-member"
                empty="No spending in this period."
                rows={m().items.map((i) => ({ key: i.memberId, label: i.name, value: i.spendingCentavos }))}
              />
            )}
          </Show>
        </Card>

        <Card
          title="By account"
          actions={<CsvLink href={analyticsUrl.accounts(value(), true)} label="spending by account" />}
        >
          <Show when={accounts()} fallback={<Skeleton />}>
            {(a) => (
              <SimpleList
                testId="by-account"
                empty="No spending in this period."
                rows={a().items.map((i) => ({
                  key: i.accountId,
                  label: i.name,
                  value: i.spendingCentavos,
                  href: `/transactions?accountId=${i.accountId}&from=${a().from}&to=${a().to}`,
                }))}
              />
            )}
          </Show>
        </Card>
      </div>
    </>
  );
}

const KINDS: { kind: InsightsPeriod["kind"]; label: string }[] = [
  { kind: "month", label: "Month" },
  { kind: "quarter", label: "Quarter" },
  { kind: "year", label: "Year" },
  { kind: "custom", label: "Custom" },
];

/** Month / quarter / year / custom, previous and next: all links, so the URL is the state. */
function PeriodPicker(props: { period: InsightsPeriod }) {
  const navigate = useNavigate();
  const range = () => periodRange(props.period);
  const apply: JSX.EventHandler<HTMLFormElement, SubmitEvent> = (e) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const from = String(form.get("from") ?? "");
    const to = String(form.get("to") ?? "");
    const [first, last] = [from, to].sort() as [string, string];
    if (from && to) navigate(href({ kind: "custom", from: first, to: last }));
  };
  return (
    <nav aria-label="Period" class="mb-4 space-y-3" data-testid="insights-period">
      <PeriodStepper
        label={insightsPeriodLabel(props.period)}
        previousHref={href(shiftInsightsPeriod(props.period, -1))}
        nextHref={href(shiftInsightsPeriod(props.period, 1))}
        stepNoun="period"
        kinds={KINDS.map((k) => ({
          label: k.label,
          href: href(asKind(props.period, k.kind)),
          active: props.period.kind === k.kind,
        }))}
        kindsTestId="period-kinds"
      />
      <Show when={props.period.kind === "custom"}>
        <form class="flex flex-wrap items-end gap-3" onSubmit={apply} data-testid="custom-period">
          <TextField label="From" name="from" type="date" value={range().from} required class="w-40" />
          <TextField label="To" name="to" type="date" value={range().to} required class="w-40" />
          <button type="submit" class={buttonClass("secondary")}>
            Show
          </button>
        </form>
      </Show>
    </nav>
  );
}

function CategoryBars(props: { data: import("../../lib/analytics").CategorySpending }) {
  const max = () =>
    props.data.items.reduce((top, i) => {
      const v = toCentavos(i.totalCentavos);
      const abs = v < 0n ? -v : v;
      return abs > top ? abs : top;
    }, 1n);
  const drill = (i: (typeof props.data.items)[number]) => {
    if (!i.categoryId) return undefined;
    const type = i.kind === "refund" ? "income" : "expense";
    return `/transactions?type=${type}&categoryId=${i.categoryId}&from=${props.data.from}&to=${props.data.to}`;
  };
  return (
    <ul class="space-y-1" data-testid="category-breakdown">
      <For each={props.data.items}>
        {(i) => {
          const v = () => toCentavos(i.totalCentavos);
          const width = () => `${Number(((v() < 0n ? -v() : v()) * 100n) / max())}%`;
          const content = (
            <>
              <span class="min-w-0">
                <span class="block truncate font-medium">{i.name}</span>
                <span class="text-xs text-zinc-600 dark:text-zinc-400">
                  {i.count} {i.count === 1 ? "entry" : "entries"}
                </span>
              </span>
              <span
                class="h-2.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
                aria-hidden="true"
              >
                <span
                  class={`block h-full rounded-full ${i.kind === "refund" ? "bg-sky-600 dark:bg-sky-400" : "bg-emerald-600 dark:bg-emerald-400"}`}
                  style={{ width: width() }}
                />
              </span>
              <span class="text-right font-semibold tabular-nums">{money(i.totalCentavos)}</span>
            </>
          );
          const rowClass =
            "grid grid-cols-[minmax(0,8rem)_1fr_auto] items-center gap-3 rounded-lg px-2 py-2 text-sm sm:grid-cols-[minmax(0,12rem)_1fr_auto]";
          return (
            <li data-testid="category-row">
              <Show when={drill(i)} fallback={<div class={rowClass}>{content}</div>}>
                {(link) => (
                  <A
                    href={link()}
                    class={`${rowClass} hover:bg-zinc-50 dark:hover:bg-zinc-800/60`}
                    aria-label={`${i.name}: ${money(i.totalCentavos)}, show the transactions`}
                  >
                    {content}
                  </A>
                )}
              </Show>
            </li>
          );
        }}
      </For>
    </ul>
  );
}

function SimpleList(props: {
  testId: string;
  empty: string;
  rows: { key: string; label: string; sub?: string; value: string; href?: string }[];
}) {
  return (
    <Show when={props.rows.length > 0} fallback={<Empty>{props.empty}</Empty>}>
      <ul class="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid={props.testId}>
        <For each={props.rows}>
          {(r) => {
            const body = (
              <>
                <span class="min-w-0">
                  <span class="block truncate font-medium">{r.label}</span>
                  <Show when={r.sub}>
                    <span class="text-xs text-zinc-600 dark:text-zinc-400">{r.sub}</span>
                  </Show>
                </span>
                <span class="shrink-0 font-semibold tabular-nums">{money(r.value)}</span>
              </>
            );
            const cls = "flex min-h-11 items-center justify-between gap-3 py-2 text-sm";
            return (
              <li>
                <Show when={r.href} fallback={<div class={cls}>{body}</div>}>
                  {(h) => (
                    <A href={h()} class={`${cls} hover:underline`}>
                      {body}
                    </A>
                  )}
                </Show>
              </li>
            );
          }}
        </For>
      </ul>
    </Show>
  );
}

function Change(props: { value: string }) {
  const v = () => toCentavos(props.value);
  return (
    <span
      class={
        v() > 0n
          ? "text-red-700 dark:text-red-400"
          : v() < 0n
            ? "text-emerald-700 dark:text-emerald-400"
            : "text-zinc-500"
      }
    >
      {v() === 0n ? "—" : signed(props.value)}
    </span>
  );
}

function CsvLink(props: { href: string; label: string }) {
  return (
    <a
      href={props.href}
      download=""
      class="-my-1 flex shrink-0 items-center gap-1 rounded-lg px-2 py-1 text-sm font-semibold text-emerald-800 hover:underline dark:text-emerald-300"
      aria-label={`Download ${props.label} as CSV`}
      data-testid="csv-link"
    >
      <DownloadIcon class="size-4" />
      CSV
    </a>
  );
}

function Empty(props: { children: JSX.Element }) {
  return <p class="text-sm text-zinc-600 dark:text-zinc-400">{props.children}</p>;
}

function Skeleton() {
  return <div class="h-32 animate-pulse rounded-xl bg-zinc-100 dark:bg-zinc-800" />;
}
