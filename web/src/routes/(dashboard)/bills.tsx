import { Title } from "@solidjs/meta";
import { createAsync, useSearchParams } from "@solidjs/router";
import { createMemo, createSignal, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { Button } from "../../components/Button";
import { Card, PageHeader } from "../../components/Card";
import { FormAlert, fieldErrors } from "../../components/FormAlert";
import { CardIcon, PlusIcon, ReceiptIcon } from "../../components/Icons";
import { SelectField } from "../../components/SelectField";
import { Sheet } from "../../components/Sheet";
import { TextField } from "../../components/TextField";
import { showToast } from "../../components/Toast";
import {
  type Bill,
  type BillInput,
  type BillKind,
  type BillSchedule,
  billKindNames,
  billKinds,
  billsApi,
  billsChanged,
  type DueItem,
  dueWords,
  getBills,
  getUpcomingDues,
  scheduleLabel,
} from "../../lib/bills";
import { daysUntil, formatDate, todayInManila } from "../../lib/dates";
import { getAccounts, getCategories } from "../../lib/ledger";
import { centavosToInput, formatPeso } from "../../lib/money";

type Paying = { kind: "bill"; bill: Bill; dueDate?: string } | { kind: "card"; item: DueItem };

export default function BillsPage() {
  const bills = createAsync(() => getBills());
  // card statements still owed: due in the next month, or overdue
  const dues = createAsync(() => getUpcomingDues(31));
  const cardDues = () => (dues()?.items ?? []).filter((item) => item.kind === "card");
  const [params, setParams] = useSearchParams<{ pay?: string; card?: string; due?: string; new?: string }>();
  const [editing, setEditing] = createSignal<Bill | "new">();
  const [paying, setPaying] = createSignal<Paying>();

  // a reminder's "Mark paid" link (/bills?pay=<id>&due=<date>, /bills?card=<id>&due=<date>) opens the sheet
  const fromLink = createMemo((): Paying | undefined => {
    if (params.pay) {
      const bill = bills()?.items.find((b) => b.id === params.pay);
      return bill ? { kind: "bill", bill, dueDate: params.due } : undefined;
    }
    if (params.card) {
      const item = cardDues().find((d) => d.id === params.card && (!params.due || d.dueDate === params.due));
      return item ? { kind: "card", item } : undefined;
    }
    return undefined;
  });
  const payingNow = () => paying() ?? fromLink();
  const editingNow = () => editing() ?? (params.new ? "new" : undefined);
  const closePay = () => {
    setPaying(undefined);
    if (params.pay || params.card) setParams({ pay: undefined, card: undefined, due: undefined });
  };
  const closeEdit = () => {
    setEditing(undefined);
    if (params.new) setParams({ new: undefined });
  };
  const active = () => (bills()?.items ?? []).filter((b) => b.active);
  const paused = () => (bills()?.items ?? []).filter((b) => !b.active);

  return (
    <>
      <Title>Bills · FinTrack</Title>
      <PageHeader
        title="Bills"
        description="Rent, Meralco, water, internet, subscriptions, loans and cards: when each is due, reminded 7, 3 and 1 days before and on the day."
        actions={
          <Button onClick={() => setEditing("new")}>
            <PlusIcon class="size-4" />
            Add bill
          </Button>
        }
      />
      <div class="space-y-4">
        <Show when={cardDues().length > 0}>
          <Card title="Card payments">
            <ul class="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Card payments">
              <For each={cardDues()}>
                {(item) => (
                  <DueRow
                    icon={<CardIcon class="size-5" />}
                    name={item.name}
                    detail="Credit card statement"
                    dueDate={item.dueDate}
                    amount={item.amountCentavos}
                    action={
                      <Button
                        variant={item.daysLeft <= 3 ? "primary" : "secondary"}
                        aria-label={`Pay ${item.name}`}
                        onClick={() => setPaying({ kind: "card", item })}
                      >
                        Pay
                      </Button>
                    }
                  />
                )}
              </For>
            </ul>
          </Card>
        </Show>

        <Show
          when={bills()}
          fallback={<div class="h-40 animate-pulse rounded-2xl bg-zinc-200/70 dark:bg-zinc-800/70" />}
        >
          <Show
            when={(bills()?.items.length ?? 0) > 0}
            fallback={
              <Card>
                <div class="py-6 text-center">
                  <ReceiptIcon class="mx-auto size-10 text-zinc-400" />
                  <h2 class="mt-3 text-base font-semibold">No bills yet</h2>
                  <p class="mx-auto mt-1 max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
                    Add the bills you pay every month or year. FinTrack reminds you both before each is due,
                    and "Mark paid" records the expense.
                  </p>
                  <Button class="mt-5" onClick={() => setEditing("new")}>
                    <PlusIcon class="size-4" />
                    Add a bill
                  </Button>
                </div>
              </Card>
            }
          >
            <Card title="Recurring bills">
              <ul class="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Recurring bills">
                <For each={active()}>
                  {(bill) => (
                    <DueRow
                      icon={<ReceiptIcon class="size-5" />}
                      name={bill.name}
                      detail={`${scheduleLabel(bill)}${bill.accountName ? ` · from ${bill.accountName}` : ""}`}
                      dueDate={bill.nextDueDate}
                      amount={bill.expectedAmountCentavos}
                      onEdit={() => setEditing(bill)}
                      action={
                        <Show when={bill.nextDueDate}>
                          <Button
                            variant={
                              bill.status === "overdue" || bill.status === "due_today"
                                ? "primary"
                                : "secondary"
                            }
                            aria-label={`Mark ${bill.name} paid`}
                            onClick={() =>
                              setPaying({ kind: "bill", bill, dueDate: bill.nextDueDate ?? undefined })
                            }
                          >
                            Mark paid
                          </Button>
                        </Show>
                      }
                    />
                  )}
                </For>
              </ul>
              <Show when={paused().length > 0}>
                <h3 class="mt-5 text-sm font-semibold text-zinc-600 dark:text-zinc-400">Paused</h3>
                <ul class="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Paused bills">
                  <For each={paused()}>
                    {(bill) => (
                      <DueRow
                        icon={<ReceiptIcon class="size-5" />}
                        name={bill.name}
                        detail={`${scheduleLabel(bill)} · paused, no reminders`}
                        dueDate={null}
                        amount={bill.expectedAmountCentavos}
                        onEdit={() => setEditing(bill)}
                      />
                    )}
                  </For>
                </ul>
              </Show>
            </Card>
          </Show>
        </Show>
      </div>

      <Sheet
        open={editingNow() !== undefined}
        onClose={closeEdit}
        title={
          editingNow() === "new" ? "Add a bill" : `Edit ${(editingNow() as Bill | undefined)?.name ?? "bill"}`
        }
        testId="bill-sheet"
      >
        <Show when={editingNow()} keyed>
          {(bill) => <BillForm bill={bill === "new" ? undefined : bill} onDone={closeEdit} />}
        </Show>
      </Sheet>
      <Sheet
        open={payingNow() !== undefined}
        onClose={closePay}
        title={
          payingNow()?.kind === "card"
            ? `Pay ${(payingNow() as { item: DueItem }).item.name}`
            : `Mark ${(payingNow() as { bill: Bill } | undefined)?.bill.name ?? "bill"} paid`
        }
        testId="pay-sheet"
      >
        <Show when={payingNow()} keyed>
          {(p) => <PayForm paying={p} onDone={closePay} />}
        </Show>
      </Sheet>
    </>
  );
}

function DueRow(props: {
  icon: ReturnType<typeof CardIcon>;
  name: string;
  detail: string;
  dueDate: string | null;
  amount: string | null;
  action?: ReturnType<typeof Button>;
  onEdit?: () => void;
}) {
  const days = () => (props.dueDate ? daysUntil(props.dueDate) : undefined);
  return (
    <li class="flex flex-wrap items-center gap-3 py-3" data-testid="bill-row" aria-label={props.name}>
      <span class="inline-flex size-10 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
        {props.icon}
      </span>
      <div class="min-w-0 flex-1">
        <p class="truncate font-semibold">{props.name}</p>
        <p class="text-xs text-zinc-600 dark:text-zinc-400">{props.detail}</p>
        <Show when={props.dueDate}>
          {(due) => (
            <p
              class={`mt-0.5 text-sm ${(days() ?? 0) < 0 ? "font-semibold text-red-700 dark:text-red-400" : "text-zinc-700 dark:text-zinc-300"}`}
              data-testid="bill-due"
            >
              Due {formatDate(due())} · {dueWords(days() ?? 0)}
            </p>
          )}
        </Show>
      </div>
      <div class="flex shrink-0 items-center gap-2">
        <Show when={props.amount}>
          {(amount) => (
            <span class="text-sm font-semibold tabular-nums" data-testid="bill-amount">
              {formatPeso(amount())}
            </span>
          )}
        </Show>
        {props.action}
        <Show when={props.onEdit}>
          <Button variant="secondary" aria-label={`Edit ${props.name}`} onClick={() => props.onEdit?.()}>
            Edit
          </Button>
        </Show>
      </div>
    </li>
  );
}

const monthOptions = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function BillForm(props: { bill?: Bill; onDone: () => void }) {
  const accounts = createAsync(() => getAccounts());
  const categories = createAsync(() => getCategories());
  const bill = props.bill;
  const [form, setForm] = createStore({
    name: bill?.name ?? "",
    kind: (bill?.kind ?? "electricity") as BillKind,
    schedule: (bill?.schedule ?? "monthly") as BillSchedule,
    dueDay: bill ? String(bill.dueDay) : "",
    everyMonths: String(bill?.everyMonths ?? 3),
    month: String(bill?.month ?? 1),
    startDate: bill?.startDate ?? todayInManila(),
    expectedAmount: bill?.expectedAmountCentavos ? centavosToInput(bill.expectedAmountCentavos) : "",
    accountId: bill?.accountId ?? "",
    categoryId: bill?.categoryId ?? "",
    active: bill?.active ?? true,
  });
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const errors = () => fieldErrors(error());

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (pending()) return;
    setError(undefined);
    setPending(true);
    const input: BillInput = {
      name: form.name.trim(),
      kind: form.kind,
      schedule: form.schedule,
      dueDay: Number(form.dueDay),
      expectedAmount: form.expectedAmount.trim() || null,
      accountId: form.accountId || null,
      categoryId: form.categoryId || null,
      active: form.active,
    };
    if (form.schedule === "every_n_months") {
      input.everyMonths = Number(form.everyMonths);
      input.startDate = form.startDate;
    }
    if (form.schedule === "yearly") input.month = Number(form.month);
    try {
      if (bill) await billsApi.update(bill.id, input);
      else await billsApi.create(input);
      showToast(bill ? `${input.name} updated` : `${input.name} added`);
      props.onDone();
      await billsChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  async function remove() {
    if (!bill || pending()) return;
    setPending(true);
    try {
      await billsApi.remove(bill.id);
      showToast(`${bill.name} deleted`);
      props.onDone();
      await billsChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} class="flex min-h-0 flex-1 flex-col" novalidate aria-label="Bill">
      <div class="min-h-0 flex-1 space-y-5 overflow-y-auto overscroll-contain px-5 pt-4 pb-6">
        <div class="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Name"
            name="name"
            autocomplete="off"
            placeholder="e.g. Meralco"
            value={form.name}
            onInput={(event) => setForm("name", event.currentTarget.value)}
            error={errors().name}
          />
          <SelectField
            label="Kind"
            name="kind"
            value={form.kind}
            onChange={(event) => setForm("kind", event.currentTarget.value as BillKind)}
            error={errors().kind}
          >
            <For each={billKinds}>{(kind) => <option value={kind}>{billKindNames[kind]}</option>}</For>
          </SelectField>
        </div>
        <div class="grid grid-cols-2 gap-4">
          <SelectField
            label="Repeats"
            name="schedule"
            value={form.schedule}
            onChange={(event) => setForm("schedule", event.currentTarget.value as BillSchedule)}
          >
            <option value="monthly">Monthly</option>
            <option value="every_n_months">Every N months</option>
            <option value="yearly">Yearly</option>
          </SelectField>
          <TextField
            label="Due day"
            name="dueDay"
            inputmode="numeric"
            autocomplete="off"
            placeholder="1–31"
            hint="Past the month's end means its last day."
            value={form.dueDay}
            onInput={(event) => setForm("dueDay", event.currentTarget.value.replace(/\D/g, ""))}
            error={errors().dueDay}
          />
          <Show when={form.schedule === "every_n_months"}>
            <TextField
              label="Every how many months"
              name="everyMonths"
              inputmode="numeric"
              value={form.everyMonths}
              onInput={(event) => setForm("everyMonths", event.currentTarget.value.replace(/\D/g, ""))}
              error={errors().everyMonths}
            />
            <TextField
              label="Counting from"
              name="startDate"
              type="date"
              hint="The first due date is on or after this day, then every N months."
              value={form.startDate}
              onInput={(event) => setForm("startDate", event.currentTarget.value)}
              error={errors().startDate}
            />
          </Show>
          <Show when={form.schedule === "yearly"}>
            <SelectField
              label="Month"
              name="month"
              value={form.month}
              onChange={(event) => setForm("month", event.currentTarget.value)}
              error={errors().month}
            >
              <For each={monthOptions}>{(name, i) => <option value={String(i() + 1)}>{name}</option>}</For>
            </SelectField>
          </Show>
        </div>
        <TextField
          label="Expected amount (₱)"
          name="expectedAmount"
          inputmode="decimal"
          autocomplete="off"
          placeholder="Leave empty when it varies"
          value={form.expectedAmount}
          onInput={(event) => setForm("expectedAmount", event.currentTarget.value)}
          error={errors().expectedAmount}
        />
        <div class="grid gap-4 sm:grid-cols-2">
          <SelectField
            label="Pay from"
            name="accountId"
            value={form.accountId}
            onChange={(event) => setForm("accountId", event.currentTarget.value)}
            error={errors().accountId}
          >
            <option value="">Choose when paying</option>
            <For each={(accounts()?.items ?? []).filter((a) => !a.archivedAt)}>
              {(account) => <option value={account.id}>{account.name}</option>}
            </For>
          </SelectField>
          <SelectField
            label="Category"
            name="categoryId"
            value={form.categoryId}
            onChange={(event) => setForm("categoryId", event.currentTarget.value)}
            error={errors().categoryId}
          >
            <option value="">No category</option>
            <For each={(categories()?.items ?? []).filter((c) => c.kind === "expense" && !c.archivedAt)}>
              {(category) => <option value={category.id}>{category.name}</option>}
            </For>
          </SelectField>
        </div>
        <Show when={bill}>
          <label class="flex min-h-11 items-center gap-3 text-sm font-medium">
            <input
              type="checkbox"
              class="size-5 accent-emerald-700"
              checked={form.active}
              onChange={(event) => setForm("active", event.currentTarget.checked)}
            />
            Remind us about this bill
          </label>
        </Show>
        <FormAlert error={error()} />
      </div>
      <div class="flex gap-3 border-t border-zinc-100 px-5 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] dark:border-zinc-800">
        <Show when={bill}>
          <Button variant="secondary" class="min-h-12" onClick={remove}>
            Delete
          </Button>
        </Show>
        <Button type="submit" class="min-h-12 flex-1" disabled={pending()}>
          {bill ? "Save bill" : "Add bill"}
        </Button>
      </div>
    </form>
  );
}

function PayForm(props: { paying: Paying; onDone: () => void }) {
  const accounts = createAsync(() => getAccounts());
  const p = props.paying;
  const moneyAccounts = () =>
    (accounts()?.items ?? []).filter((a) => !a.archivedAt && (p.kind === "bill" || a.kind !== "credit_card"));
  const [form, setForm] = createStore({
    amount:
      p.kind === "bill"
        ? p.bill.expectedAmountCentavos
          ? centavosToInput(p.bill.expectedAmountCentavos)
          : ""
        : p.item.amountCentavos
          ? centavosToInput(p.item.amountCentavos)
          : "",
    date: todayInManila(),
    accountId: p.kind === "bill" ? (p.bill.accountId ?? "") : "",
  });
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const errors = () => fieldErrors(error());
  const dueDate = () => (p.kind === "bill" ? (p.dueDate ?? p.bill.nextDueDate) : p.item.dueDate);
  const account = () => form.accountId || moneyAccounts()[0]?.id || "";

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (pending()) return;
    setError(undefined);
    setPending(true);
    try {
      if (p.kind === "bill") {
        await billsApi.pay(p.bill.id, {
          dueDate: dueDate() ?? undefined,
          amount: form.amount.trim() || undefined,
          date: form.date,
          accountId: account() || undefined,
        });
        showToast(`${p.bill.name} marked paid`);
      } else {
        await billsApi.payCard(p.item.id, {
          fromAccountId: account(),
          amount: form.amount.trim() || undefined,
          date: form.date,
        });
        showToast(`${p.item.name} payment recorded`);
      }
      props.onDone();
      await billsChanged(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} class="flex min-h-0 flex-1 flex-col" novalidate aria-label="Payment">
      <div class="min-h-0 flex-1 space-y-5 overflow-y-auto overscroll-contain px-5 pt-4 pb-6">
        <p class="text-sm text-zinc-600 dark:text-zinc-400" data-testid="pay-due">
          Due {formatDate(dueDate())}.{" "}
          {p.kind === "card"
            ? "Recorded as a transfer into the card, not as spending."
            : "Recorded as an expense in the bill's category."}
        </p>
        <div class="grid grid-cols-2 gap-4">
          <TextField
            label="Amount (₱)"
            name="amount"
            inputmode="decimal"
            autocomplete="off"
            value={form.amount}
            onInput={(event) => setForm("amount", event.currentTarget.value)}
            error={errors().amount}
          />
          <TextField
            label="Paid on"
            name="date"
            type="date"
            value={form.date}
            onInput={(event) => setForm("date", event.currentTarget.value)}
            error={errors().date}
          />
        </div>
        <SelectField
          label="Paid from"
          name="accountId"
          value={account()}
          onChange={(event) => setForm("accountId", event.currentTarget.value)}
          error={errors().accountId ?? errors().fromAccountId}
        >
          <For each={moneyAccounts()}>{(a) => <option value={a.id}>{a.name}</option>}</For>
        </SelectField>
        <FormAlert error={error()} />
      </div>
      <div class="flex gap-3 border-t border-zinc-100 px-5 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] dark:border-zinc-800">
        <Button type="submit" class="min-h-12 flex-1" disabled={pending()}>
          {p.kind === "card" ? "Record payment" : "Mark paid"}
        </Button>
      </div>
    </form>
  );
}
