import { createEffect, createResource, createSignal, For, Show } from "solid-js";
import { formatDay } from "../lib/dates";
import { type Account, accountsApi, ledgerChanged } from "../lib/ledger";
import { centavosToInput, formatPeso, MINUS, parsePesos } from "../lib/money";
import { Button } from "./Button";
import { errorMessage, FormAlert } from "./FormAlert";
import { CheckIcon } from "./Icons";
import { Sheet } from "./Sheet";
import { TextField } from "./TextField";
import { showToast } from "./Toast";

/** What was typed as a signed amount: a bank account can be overdrawn ("−1,000"). */
function parseSigned(text: string): bigint | null {
  const trimmed = text.trim();
  const negative = trimmed.startsWith("-") || trimmed.startsWith(MINUS);
  const amount = parsePesos(negative ? trimmed.slice(1) : trimmed);
  return amount === null ? null : negative ? -amount : amount;
}

const signed = (centavos: bigint) => (centavos > 0n ? `+${formatPeso(centavos)}` : formatPeso(centavos));

/**
 * Reconcile one account: the member types what the bank or wallet app shows (for a card, what
 * its statement says is owed), sees the difference from FinTrack's balance as they type and the
 * entries a confirmation clears; confirming records the difference as an adjustment that is
 * never income or spending.
 */
export function ReconcileSheet(props: { account: Account | undefined; onClose: () => void }) {
  const isCard = () => props.account?.kind === "credit_card";
  const [asOf, setAsOf] = createSignal("");
  const [entered, setEntered] = createSignal("");
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<unknown>();

  // a fresh sheet per account: its default date comes from the server (a card: last statement)
  createEffect(() => {
    if (props.account) {
      setAsOf("");
      setEntered("");
      setError(undefined);
    }
  });

  const [preview] = createResource(
    () => props.account && { id: props.account.id, asOf: asOf() },
    (q) => accountsApi.previewReconcile(q.id, q.asOf ? { asOf: q.asOf } : {}),
  );
  createEffect(() => {
    const p = preview();
    if (p && !asOf()) setAsOf(p.asOf);
  });

  const statement = () => parseSigned(entered());
  const difference = () => {
    const p = preview();
    const s = statement();
    return p && s !== null ? s - BigInt(p.balanceCentavos) : null;
  };

  async function confirm(event: SubmitEvent) {
    event.preventDefault();
    const account = props.account;
    const s = statement();
    if (!account || s === null) {
      setError(`Enter the ${isCard() ? "statement balance" : "balance"} as a peso amount.`);
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      const done = await accountsApi.reconcile(account.id, {
        asOf: asOf() || undefined,
        statementBalance: centavosToInput(s),
      });
      // a card speaks in what is owed: an adjustment of −₱15 to its asset value is ₱15 more owed
      const adjustment = isCard() ? -BigInt(done.adjustmentCentavos) : BigInt(done.adjustmentCentavos);
      const cleared = done.clearedCount === 1 ? "1 entry cleared" : `${done.clearedCount} entries cleared`;
      showToast(
        adjustment === 0n
          ? `${account.name} reconciled: no adjustment, ${cleared}`
          : `${account.name} reconciled: adjustment ${signed(adjustment)}${isCard() ? " owed" : ""}, ${cleared}`,
      );
      props.onClose();
      await ledgerChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <Sheet
      open={!!props.account}
      onClose={props.onClose}
      title={`Reconcile ${props.account?.name ?? ""}`}
      description={
        isCard()
          ? "Enter what the statement says you owe. FinTrack records any difference as a balance adjustment, never as spending."
          : "Enter the balance your bank or wallet app shows. FinTrack records any difference as a balance adjustment, never as income or spending."
      }
      testId="reconcile-sheet"
    >
      <form onSubmit={confirm} class="flex min-h-0 flex-1 flex-col">
        <div class="space-y-4 overflow-y-auto px-5 pb-4">
          <div class="grid grid-cols-2 gap-3">
            <TextField
              label={isCard() ? "Statement date" : "As of"}
              name="asOf"
              type="date"
              value={asOf()}
              onChange={(e) => setAsOf(e.currentTarget.value)}
            />
            <TextField
              label={isCard() ? "Statement balance (owed)" : "Balance shown"}
              name="statementBalance"
              inputMode="decimal"
              autocomplete="off"
              placeholder="0.00"
              value={entered()}
              onInput={(e) => setEntered(e.currentTarget.value)}
            />
          </div>
          <Show when={preview()}>
            {(p) => (
              <dl class="grid grid-cols-2 gap-2 rounded-2xl bg-zinc-50 p-4 text-sm dark:bg-zinc-800/60">
                <dt class="text-zinc-600 dark:text-zinc-400">
                  {isCard() ? "FinTrack says owed" : "FinTrack balance"}
                </dt>
                <dd class="text-right font-semibold tabular-nums" data-testid="reconcile-balance">
                  {formatPeso(p().balanceCentavos)}
                </dd>
                <dt class="text-zinc-600 dark:text-zinc-400">Difference</dt>
                <dd
                  class="text-right font-semibold tabular-nums"
                  data-testid="reconcile-difference"
                  aria-live="polite"
                >
                  {difference() === null ? "—" : signed(difference()!)}
                </dd>
                <Show when={p().lastReconciliation}>
                  {(last) => (
                    <>
                      <dt class="text-zinc-600 dark:text-zinc-400">Last reconciled</dt>
                      <dd class="text-right">{formatDay(last().asOf)}</dd>
                    </>
                  )}
                </Show>
              </dl>
            )}
          </Show>
          <section aria-labelledby="uncleared-heading">
            <h3 id="uncleared-heading" class="text-sm font-semibold">
              Uncleared up to this date ({preview()?.uncleared.length ?? 0})
            </h3>
            <p class="text-xs text-zinc-600 dark:text-zinc-400">
              Confirming marks these cleared. Changing a cleared entry's amount, date or account un-clears it.
            </p>
            <ul class="mt-2 divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="reconcile-uncleared">
              <For each={preview()?.uncleared ?? []}>
                {(t) => (
                  <li class="flex min-h-11 items-center gap-3 py-2 text-sm">
                    <CheckIcon class="size-4 shrink-0 text-emerald-700 dark:text-emerald-400" />
                    <span class="min-w-0 flex-1 truncate">
                      {t.merchant ??
                        t.notes ??
                        (t.type === "income" ? "Income" : t.type === "transfer" ? "Transfer" : "Expense")}
                      <span class="text-zinc-500"> · {formatDay(t.date)}</span>
                    </span>
                    <span class="tabular-nums">{signed(BigInt(t.amountCentavos))}</span>
                  </li>
                )}
              </For>
            </ul>
          </section>
          <FormAlert error={error()} />
        </div>
        <div class="flex gap-3 border-t border-zinc-100 px-5 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] dark:border-zinc-800">
          <Button variant="secondary" class="min-h-12" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            class="min-h-12 flex-1 text-base"
            pending={pending()}
            pendingLabel="Reconciling…"
          >
            Confirm reconciliation
          </Button>
        </div>
      </form>
    </Sheet>
  );
}
