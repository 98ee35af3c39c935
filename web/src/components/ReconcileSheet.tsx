import { createEffect, createResource, createSignal, For, Show } from "solid-js";
import { formatDay } from "../lib/dates";
import { type Account, accountsApi, ledgerChanged, type Reconciliation } from "../lib/ledger";
import { centavosToInput, formatPeso, MINUS, parsePesos } from "../lib/money";
import { Button } from "./Button";
import { errorMessage, FormAlert } from "./FormAlert";
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

/** The API's bound on `clear`; past it, a confirmation with every entry ticked sends no list. */
const MAX_CLEAR = 10_000;

/**
 * Reconcile one account: the member types what the bank or wallet app shows (for a card, what
 * its statement says is owed) and ticks the uncleared entries the statement lists. An entry the
 * bank has not posted yet (a swipe still pending) is unticked: it is not in the bank's figure, so
 * it leaves the cleared balance the difference is taken from, and it stays uncleared for next
 * time. Confirming records the difference as an adjustment that is never income or spending.
 */
export function ReconcileSheet(props: { account: Account | undefined; onClose: () => void }) {
  const isCard = () => props.account?.kind === "credit_card";
  const [asOf, setAsOf] = createSignal("");
  const [entered, setEntered] = createSignal("");
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  // what the member unticked: everything starts ticked, and a new date keeps their choices
  const [unticked, setUnticked] = createSignal<ReadonlySet<string>>(new Set());

  // a fresh sheet per account: its default date comes from the server (a card: last statement)
  createEffect(() => {
    if (props.account) {
      setAsOf("");
      setEntered("");
      setError(undefined);
      setUnticked(new Set<string>());
    }
  });

  const [preview, { refetch: refetchPreview }] = createResource(
    () => props.account && { id: props.account.id, asOf: asOf() },
    (q) => accountsApi.previewReconcile(q.id, q.asOf ? { asOf: q.asOf } : {}),
  );
  const [history, { refetch: refetchHistory }] = createResource(
    () => props.account?.id,
    async (id) => (await accountsApi.reconciliations(id)).items,
  );
  const [undoing, setUndoing] = createSignal<string>();
  // .latest: a refetch (a new date, after a confirm) keeps the figures on screen instead of
  // suspending the page; another account's preview is never shown for this one
  const shown = () => {
    const p = preview.latest;
    return p && p.accountId === props.account?.id ? p : undefined;
  };
  // the member's date, else the server's default: copying the default into `asOf` would fetch the
  // same preview again and re-create the rows under the member's finger
  const shownAsOf = () => asOf() || shown()?.asOf || "";

  const statement = () => parseSigned(entered());
  const listed = () => shown()?.uncleared ?? [];
  const isTicked = (id: string) => !unticked().has(id);
  const tickedIds = () =>
    listed()
      .filter((t) => isTicked(t.id))
      .map((t) => t.id);
  function tick(id: string, on: boolean) {
    const next = new Set(unticked());
    if (on) next.delete(id);
    else next.add(id);
    setUnticked(next);
  }
  const tickAll = (on: boolean) => setUnticked(new Set(on ? [] : listed().map((t) => t.id)));
  /**
   * FinTrack's balance without the unticked entries, as the member reads it. Each entry's amount
   * is a signed asset value, and a card reads owed (its negation), so leaving out a ₱500 swipe
   * lowers what a card owes and raises a wallet's balance.
   */
  const clearedBalance = () => {
    const p = shown();
    if (!p) return null;
    const left = p.uncleared.reduce((sum, t) => (isTicked(t.id) ? sum : sum + BigInt(t.amountCentavos)), 0n);
    return BigInt(p.balanceCentavos) + (isCard() ? left : -left);
  };
  const difference = () => {
    const c = clearedBalance();
    const s = statement();
    return c !== null && s !== null ? s - c : null;
  };

  async function confirm(event: SubmitEvent) {
    event.preventDefault();
    const account = props.account;
    const s = statement();
    if (!account || s === null) {
      setError(`Enter the ${isCard() ? "statement balance" : "balance"} as a peso amount.`);
      return;
    }
    const clear = tickedIds();
    const left = listed().length - clear.length;
    setPending(true);
    setError(undefined);
    try {
      const done = await accountsApi.reconcile(account.id, {
        asOf: shownAsOf() || undefined,
        statementBalance: centavosToInput(s),
        // the ticked ids exactly, so an entry added meanwhile is not cleared unseen
        clear: left === 0 && clear.length > MAX_CLEAR ? undefined : clear,
      });
      // a card speaks in what is owed: an adjustment of −₱15 to its asset value is ₱15 more owed
      const adjustment = isCard() ? -BigInt(done.adjustmentCentavos) : BigInt(done.adjustmentCentavos);
      const cleared =
        (done.clearedCount === 1 ? "1 entry cleared" : `${done.clearedCount} entries cleared`) +
        (left > 0 ? `, ${left} left uncleared` : "");
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

  /** How the member reads an adjustment: a card's in what is owed. */
  const adjustmentText = (r: Reconciliation) => {
    const adjustment = isCard() ? -BigInt(r.adjustmentCentavos) : BigInt(r.adjustmentCentavos);
    return adjustment === 0n ? "no adjustment" : `adjustment ${signed(adjustment)}${isCard() ? " owed" : ""}`;
  };

  async function undo(r: Reconciliation) {
    const account = props.account;
    if (!account) return;
    // it moves the balance back and re-opens entries: say what before doing it
    if (
      !window.confirm(
        `Undo the reconciliation of ${formatDay(r.asOf)}? Its ${adjustmentText(r)} is removed and the entries it cleared are uncleared.`,
      )
    ) {
      return;
    }
    setUndoing(r.id);
    setError(undefined);
    try {
      const done = await accountsApi.undoReconciliation(account.id, r.id);
      const entries = done.unclearedCount === 1 ? "1 entry" : `${done.unclearedCount} entries`;
      showToast(`Reconciliation of ${formatDay(r.asOf)} undone: ${entries} uncleared`);
      refetchHistory();
      refetchPreview();
      await ledgerChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setUndoing(undefined);
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
              value={shownAsOf()}
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
          <Show when={shown()}>
            {(p) => (
              <dl class="grid grid-cols-2 gap-2 rounded-2xl bg-zinc-50 p-4 text-sm dark:bg-zinc-800/60">
                <dt class="text-zinc-600 dark:text-zinc-400">
                  {isCard() ? "FinTrack says owed" : "FinTrack balance"}
                </dt>
                <dd class="text-right font-semibold tabular-nums" data-testid="reconcile-balance">
                  {formatPeso(p().balanceCentavos)}
                </dd>
                <dt class="text-zinc-600 dark:text-zinc-400">
                  {isCard() ? "Cleared balance (owed)" : "Cleared balance"}
                </dt>
                <dd
                  class="text-right font-semibold tabular-nums"
                  data-testid="reconcile-cleared-balance"
                  aria-live="polite"
                >
                  {formatPeso(clearedBalance() ?? 0n)}
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
            <div class="flex flex-wrap items-center justify-between gap-2">
              <h3 id="uncleared-heading" class="text-sm font-semibold">
                Uncleared up to this date ({listed().length})
              </h3>
              <Show when={listed().length > 0}>
                <div class="flex gap-2">
                  <Button
                    variant="ghost"
                    class="px-3"
                    disabled={listed().every((t) => isTicked(t.id))}
                    onClick={() => tickAll(true)}
                  >
                    Tick all
                  </Button>
                  <Button
                    variant="ghost"
                    class="px-3"
                    disabled={tickedIds().length === 0}
                    onClick={() => tickAll(false)}
                  >
                    Tick none
                  </Button>
                </div>
              </Show>
            </div>
            <p class="text-xs text-zinc-600 dark:text-zinc-400">
              Tick the entries the {isCard() ? "statement" : "bank or wallet app"} shows ({tickedIds().length}{" "}
              of {listed().length} ticked). Confirming marks them cleared for this account (a transfer's other
              account is checked on its own). Leave one still pending there unticked: it is left out of the
              cleared balance and stays uncleared for next time. Changing a cleared entry's amount or date
              un-clears it; changing an account, that account's side.
            </p>
            <ul class="mt-2 divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="reconcile-uncleared">
              <For each={listed()}>
                {(t) => (
                  <li>
                    <label class="-mx-2 flex min-h-12 cursor-pointer items-center gap-3 rounded-lg px-2 py-2 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/60">
                      <input
                        type="checkbox"
                        class="size-5 shrink-0 accent-emerald-600"
                        checked={isTicked(t.id)}
                        onChange={(e) => tick(t.id, e.currentTarget.checked)}
                        data-testid="reconcile-tick"
                      />
                      <span class="min-w-0 flex-1 truncate">
                        {t.merchant ??
                          t.notes ??
                          (t.type === "income" ? "Income" : t.type === "transfer" ? "Transfer" : "Expense")}
                        <span class="text-zinc-500"> · {formatDay(t.date)}</span>
                      </span>
                      <span
                        class="tabular-nums"
                        classList={{ "text-zinc-500 line-through": !isTicked(t.id) }}
                      >
                        {signed(BigInt(t.amountCentavos))}
                      </span>
                    </label>
                  </li>
                )}
              </For>
            </ul>
          </section>
          <Show when={(history() ?? []).length > 0}>
            <section aria-labelledby="reconcile-history-heading">
              <h3 id="reconcile-history-heading" class="text-sm font-semibold">
                Past reconciliations
              </h3>
              <p class="text-xs text-zinc-600 dark:text-zinc-400">
                Only the latest can be undone: its adjustment is removed and what it cleared is uncleared.
              </p>
              <ul class="mt-2 divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="reconcile-history">
                <For each={history() ?? []}>
                  {(r, i) => (
                    <li
                      class="flex min-h-11 items-center gap-3 py-2 text-sm"
                      data-testid="reconcile-history-row"
                    >
                      <span class="min-w-0 flex-1">
                        <span class="block">{formatDay(r.asOf)}</span>
                        <span class="block text-xs text-zinc-600 dark:text-zinc-400">
                          {adjustmentText(r)} ·{" "}
                          {r.clearedCount === 1 ? "1 entry cleared" : `${r.clearedCount} entries cleared`}
                        </span>
                      </span>
                      <Show when={i() === 0}>
                        <Button
                          variant="secondary"
                          aria-label={`Undo reconciliation of ${formatDay(r.asOf)}`}
                          pending={undoing() === r.id}
                          pendingLabel="Undoing…"
                          disabled={undoing() !== undefined}
                          onClick={() => undo(r)}
                        >
                          Undo
                        </Button>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </section>
          </Show>
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
            disabled={preview.loading}
          >
            Confirm reconciliation
          </Button>
        </div>
      </form>
    </Sheet>
  );
}
