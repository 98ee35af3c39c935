import { createAsync } from "@solidjs/router";
import { createEffect, createMemo, createResource, createSignal, For, on, Show } from "solid-js";
import { formatDate, todayInManila } from "../../lib/dates";
import {
  getPlans,
  type InstallmentPlan,
  installmentsApi,
  installmentsChanged,
  parseRate,
  rateLabel,
} from "../../lib/installments";
import { getAccounts, transactionsApi } from "../../lib/ledger";
import { formatPeso } from "../../lib/money";
import { Button } from "../Button";
import { Card } from "../Card";
import { FormAlert, fieldErrors } from "../FormAlert";
import { PlusIcon } from "../Icons";
import { SelectField } from "../SelectField";
import { Sheet } from "../Sheet";
import { TextField } from "../TextField";
import { showToast } from "../Toast";

/** One plan: what it is, how far along (k of n billed), monthly, remaining, next statement. */
export function PlanRow(props: { plan: InstallmentPlan; showCard?: boolean }) {
  const p = () => props.plan;
  // pre-termination bills the rest at once, removal drops the schedule: each a second, explicit press
  const [asking, setAsking] = createSignal<"cancel" | "remove">();
  const [busy, setBusy] = createSignal(false);
  const answer = async (call: () => Promise<unknown>, done: string, failed: string) => {
    setBusy(true);
    try {
      await call();
      await installmentsChanged();
      setAsking(undefined);
      showToast(done);
    } catch (err) {
      showToast(err instanceof Error ? err.message : failed, { tone: "error" });
    } finally {
      setBusy(false);
    }
  };
  const remove = () =>
    answer(
      () => installmentsApi.remove(p().id),
      "Plan removed; the purchase stays one expense",
      "Could not remove the plan",
    );
  const cancel = () =>
    answer(() => installmentsApi.cancel(p().id), "Plan pre-terminated", "Could not cancel the plan");
  const percent = () => Math.round((p().billedCount / p().schedule.length) * 100);
  return (
    <li class="py-3" aria-label={p().label}>
      <div class="flex items-start justify-between gap-3">
        <div class="min-w-0">
          <p class="truncate font-medium text-zinc-900 dark:text-zinc-50">{p().label}</p>
          <p class="text-xs text-zinc-600 dark:text-zinc-400">
            <Show when={props.showCard}>{p().cardName} · </Show>
            {formatPeso(p().monthlyCentavos)} × {p().months} · {rateLabel(p().addOnRateBps)}
            <Show when={p().source === "statement"}> · from statement</Show>
          </p>
        </div>
        <div class="shrink-0 text-right">
          <p class="text-sm font-semibold tabular-nums">
            {p().billedCount}/{p().months} billed
          </p>
          <p class="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
            {formatPeso(p().remainingPrincipalCentavos)} remaining
          </p>
        </div>
      </div>
      <div
        class="mt-2 h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
        role="progressbar"
        aria-label={`${p().label} progress`}
        aria-valuemin={0}
        aria-valuemax={p().months}
        aria-valuenow={p().billedCount}
      >
        <div
          class="h-full rounded-full bg-emerald-600 dark:bg-emerald-400"
          style={{ width: `${percent()}%` }}
        />
      </div>
      <div class="mt-2 flex flex-wrap items-center justify-between gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        <span>
          <Show when={p().next} fallback={p().status === "cancelled" ? "Pre-terminated" : "Paid off"}>
            {(next) => (
              <>
                Next: {next().number}/{next().of} on the {formatDate(next().statementDate)} statement,{" "}
                {formatPeso(BigInt(next().amountCentavos) + BigInt(next().interestCentavos))}
              </>
            )}
          </Show>
        </span>
        <Show
          when={asking()}
          fallback={
            <span class="flex items-center gap-1">
              <Button variant="ghost" class="!min-h-9 !px-2 text-xs" onClick={() => setAsking("remove")}>
                Remove
              </Button>
              <Show when={p().status === "active"}>
                <Button variant="ghost" class="!min-h-9 !px-2 text-xs" onClick={() => setAsking("cancel")}>
                  Pre-terminate
                </Button>
              </Show>
            </span>
          }
        >
          {(question) => (
            <span class="flex flex-wrap items-center justify-end gap-1">
              <Show when={question() === "remove"}>
                <span>Made by mistake? The purchase stays one expense.</span>
              </Show>
              <Button variant="ghost" class="!min-h-9 !px-2 text-xs" onClick={() => setAsking(undefined)}>
                Keep
              </Button>
              <Show
                when={question() === "remove"}
                fallback={
                  <Button variant="danger" class="!min-h-9 !px-2 text-xs" pending={busy()} onClick={cancel}>
                    Bill the rest now
                  </Button>
                }
              >
                <Button variant="danger" class="!min-h-9 !px-2 text-xs" pending={busy()} onClick={remove}>
                  Remove plan
                </Button>
              </Show>
            </span>
          )}
        </Show>
      </div>
    </li>
  );
}

/** Add a plan: a new card purchase paid in instalments, or one of the card's purchases converted. */
export function AddPlanSheet(props: { open: boolean; onClose: () => void; cardAccountId?: string }) {
  const accounts = createAsync(() => getAccounts());
  const cards = () => (accounts()?.items ?? []).filter((a) => a.kind === "credit_card" && !a.archivedAt);
  const [card, setCard] = createSignal<string>("");
  const cardId = () => props.cardAccountId ?? (card() || cards()[0]?.id || "");
  const [purchases] = createResource(
    () => (props.open && cardId() ? cardId() : undefined),
    (accountId) => transactionsApi.list({ accountId, type: "expense", limit: 30 }),
  );
  const [from, setFrom] = createSignal("new");
  // a purchase picked on one card is not a purchase of the next one chosen
  createEffect(on(cardId, () => setFrom("new"), { defer: true }));
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const [rateError, setRateError] = createSignal<string>();
  const errors = createMemo(() => fieldErrors(error()));

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const rate = parseRate(text("rate"));
    setRateError(rate === null ? "Enter a rate like 0 or 0.79" : undefined);
    if (rate === null) return;
    const months = Number(text("months"));
    const body =
      from() === "new"
        ? {
            cardAccountId: cardId(),
            amount: text("amount"),
            date: text("date"),
            label: text("label"),
            months,
            addOnRateBps: rate,
          }
        : { transactionId: from(), label: text("label") || undefined, months, addOnRateBps: rate };
    setPending(true);
    setError(undefined);
    try {
      await installmentsApi.create(body);
      await installmentsChanged(from() === "new");
      showToast("Installment plan added");
      setFrom("new");
      props.onClose();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <Sheet open={props.open} onClose={props.onClose} title="Add an installment plan">
      <form class="space-y-4" onSubmit={submit} novalidate>
        <FormAlert error={error()} />
        <Show when={!props.cardAccountId}>
          <SelectField
            label="Card"
            name="card"
            value={cardId()}
            onChange={(e) => setCard(e.currentTarget.value)}
          >
            <For each={cards()}>{(c) => <option value={c.id}>{c.name}</option>}</For>
          </SelectField>
        </Show>
        <SelectField
          label="Purchase"
          name="from"
          value={from()}
          onChange={(e) => setFrom(e.currentTarget.value)}
          error={errors().transactionId}
        >
          <option value="new">A new purchase</option>
          <For each={purchases()?.items ?? []}>
            {(t) => (
              <option value={t.id}>
                {formatDate(t.date)} · {t.merchant ?? "Purchase"} · {formatPeso(t.amountCentavos)}
              </option>
            )}
          </For>
        </SelectField>
        <TextField label="What was bought" name="label" maxLength={80} error={errors().label} />
        <Show when={from() === "new"}>
          <div class="grid grid-cols-2 gap-3">
            <TextField label="Amount (₱)" name="amount" inputMode="decimal" error={errors().amount} />
            <TextField
              label="Purchase date"
              name="date"
              type="date"
              value={todayInManila()}
              error={errors().date}
            />
          </div>
        </Show>
        <div class="grid grid-cols-2 gap-3">
          <TextField label="Months" name="months" inputMode="numeric" value="12" error={errors().months} />
          <TextField
            label="Add-on rate (% a month)"
            name="rate"
            inputMode="decimal"
            value="0"
            hint="0 for a 0% plan"
            error={rateError() ?? errors().addOnRateBps}
          />
        </div>
        <div class="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" pending={pending()}>
            Add plan
          </Button>
        </div>
      </form>
    </Sheet>
  );
}

/** A card's installment plans; the card page shows it (props: the card). */
export function InstallmentsPanel(props: { cardAccountId: string }) {
  const plans = createAsync(() => getPlans(props.cardAccountId));
  const [adding, setAdding] = createSignal(false);
  return (
    <Card
      title="Installment plans"
      description="The whole purchase counts against the limit; each month's instalment is billed on its statement."
      actions={
        <Button variant="secondary" onClick={() => setAdding(true)}>
          <PlusIcon class="size-4" />
          Add plan
        </Button>
      }
    >
      <Show
        when={(plans()?.items.length ?? 0) > 0}
        fallback={<p class="text-sm text-zinc-600 dark:text-zinc-400">No installment plans on this card.</p>}
      >
        <p class="text-sm text-zinc-700 dark:text-zinc-300" data-testid="unbilled-principal">
          {formatPeso(plans()!.unbilledPrincipalCentavos)} of the outstanding is not billed yet
        </p>
        <ul class="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Installment plans">
          <For each={plans()?.items}>{(plan) => <PlanRow plan={plan} />}</For>
        </ul>
      </Show>
      <AddPlanSheet open={adding()} onClose={() => setAdding(false)} cardAccountId={props.cardAccountId} />
    </Card>
  );
}
