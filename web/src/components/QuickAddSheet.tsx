import { A, createAsync } from "@solidjs/router";
import { createMemo, createSignal, For, Index, onMount, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { fieldError } from "../lib/auth";
import { todayInManila } from "../lib/dates";
import { uploadDocuments } from "../lib/documents";
import {
  type Account,
  type Category,
  getAccounts,
  getCategories,
  ledgerChanged,
  type Transaction,
  type TransactionInput,
  type TransactionPatch,
  type TransactionType,
  transactionsApi,
} from "../lib/ledger";
import { centavosToInput, formatPeso, parsePesos } from "../lib/money";
import {
  closeQuickAdd,
  loadQuickAddMemory,
  type QuickAddPreset,
  quickAdd,
  saveQuickAddMemory,
} from "../lib/quickAdd";
import { Button, buttonClass } from "./Button";
import { FormAlert, fieldErrors } from "./FormAlert";
import { ChevronDownIcon, CloseIcon, PlusIcon, ReceiptIcon } from "./Icons";
import { controlClass, Segmented, SelectField } from "./SelectField";
import { Sheet } from "./Sheet";
import { TextField } from "./TextField";
import { showToast } from "./Toast";

const typeOptions: Array<{ value: TransactionType; label: string }> = [
  { value: "expense", label: "Expense" },
  { value: "income", label: "Income" },
  { value: "transfer", label: "Transfer" },
];

const typeNames: Record<TransactionType, string> = {
  expense: "Expense",
  income: "Income",
  transfer: "Transfer",
};

/** Quick-add and edit, one sheet for the whole app (opened by the + button, "n", "Pay card", a row tap). */
export function QuickAddSheet() {
  const title = () => {
    const request = quickAdd();
    if (request?.mode === "edit") return `Edit ${typeNames[request.transaction.type].toLowerCase()}`;
    return "Add transaction";
  };
  return (
    <Sheet open={!!quickAdd()} onClose={closeQuickAdd} title={title()} testId="quick-add">
      <Show when={quickAdd()} keyed>
        {(request) => (
          <TransactionForm
            editing={request.mode === "edit" ? request.transaction : undefined}
            preset={request.mode === "new" ? request.preset : {}}
          />
        )}
      </Show>
    </Sheet>
  );
}

interface SplitDraft {
  categoryId: string;
  amount: string;
  note: string;
}

function TransactionForm(props: { editing?: Transaction; preset: QuickAddPreset }) {
  const accounts = createAsync(() => getAccounts());
  const categories = createAsync(() => getCategories());
  const memory = loadQuickAddMemory();
  const editing = props.editing;
  // a transfer's fee moves with its transfer (the API refuses a new account, date or type)
  const isFee = !!editing?.feeForId;

  const initialType: TransactionType = editing?.type ?? props.preset.type ?? "expense";
  const [form, setForm] = createStore({
    type: initialType,
    amount: editing ? centavosToInput(editing.amountCentavos) : (props.preset.amount ?? ""),
    accountId: editing?.account.id ?? props.preset.accountId ?? memory.accountId ?? "",
    toAccountId: editing?.toAccount?.id ?? props.preset.toAccountId ?? memory.toAccountId ?? "",
    categoryId:
      editing?.category?.id ??
      (initialType === "transfer" ? "" : (memory.categoryId?.[initialType as "expense" | "income"] ?? "")),
    merchant: editing?.merchant ?? "",
    notes: editing?.notes ?? "",
    documentId: editing?.documentId ?? "",
    tags: editing?.tags.join(", ") ?? "",
    date: editing?.date ?? todayInManila(),
    fee: editing?.fee ? centavosToInput(editing.fee.amountCentavos) : "",
    splits: (editing?.splits ?? []).map((split) => ({
      categoryId: split.categoryId,
      amount: centavosToInput(split.amountCentavos),
      note: split.note ?? "",
    })) as SplitDraft[],
    originalAmount: editing?.original
      ? minorToInput(editing.original.amountMinor, editing.original.currency)
      : "",
    originalCurrency: editing?.original?.currency ?? "",
  });
  const [moreOpen, setMoreOpen] = createSignal(
    !!editing && (editing.splits.length > 0 || !!editing.original),
  );
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const [deleting, setDeleting] = createSignal(false);
  const errors = () => fieldErrors(error());

  let amountInput: HTMLInputElement | undefined;
  onMount(() => requestAnimationFrame(() => amountInput?.focus()));

  const usable = createMemo(() => (accounts()?.items ?? []).filter((account) => !account.archivedAt));
  const fromAccounts = () => usable();
  const toAccounts = () => usable().filter((account) => account.id !== effectiveAccountId());
  const categoryKind = () => (form.type === "income" ? "income" : "expense");
  const visibleCategories = createMemo(() =>
    (categories()?.items ?? []).filter(
      (category) =>
        category.kind === categoryKind() && (!category.archivedAt || category.id === form.categoryId),
    ),
  );
  const toAccount = () => usable().find((account) => account.id === form.toAccountId);

  // the remembered or preset account may be gone (archived, private) or be the transfer's
  // destination: fall back to the first other account, preferring money over a card
  const effectiveAccountId = () => {
    const isTransfer = form.type === "transfer";
    const fits = (id: string) =>
      usable().some((account) => account.id === id) && !(isTransfer && id === form.toAccountId);
    if (fits(form.accountId)) return form.accountId;
    const others = usable().filter((account) => !isTransfer || account.id !== form.toAccountId);
    return (others.find((account) => account.kind !== "credit_card") ?? others[0])?.id ?? "";
  };
  const effectiveToAccountId = () =>
    toAccounts().some((account) => account.id === form.toAccountId)
      ? form.toAccountId
      : (toAccounts()[0]?.id ?? "");

  const splitTotal = () => form.splits.reduce((sum, split) => sum + (parsePesos(split.amount) ?? 0n), 0n);
  const amountCentavos = () => parsePesos(form.amount);
  const splitsBalanced = () => form.splits.length === 0 || splitTotal() === amountCentavos();

  function changeType(type: TransactionType) {
    setForm("type", type);
    if (type !== "transfer") {
      const remembered = memory.categoryId?.[type];
      const stillFits = visibleCategories().some((category) => category.id === form.categoryId);
      if (!stillFits) setForm("categoryId", remembered ?? "");
    }
    setForm("splits", []);
  }

  function buildInput(): TransactionInput {
    const input: TransactionInput = {
      type: form.type,
      date: form.date,
      amount: form.amount.trim(),
      accountId: effectiveAccountId(),
      merchant: form.merchant.trim() || undefined,
      notes: form.notes.trim() || undefined,
      documentId: form.documentId || undefined,
      tags: form.tags
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
    };
    if (form.type === "transfer") {
      input.toAccountId = effectiveToAccountId();
      if (form.fee.trim()) input.fee = form.fee.trim();
    } else if (form.splits.length > 0) {
      input.splits = form.splits.map((split) => ({
        categoryId: split.categoryId,
        amount: split.amount.trim(),
        note: split.note.trim() || undefined,
      }));
    } else if (form.categoryId) {
      input.categoryId = form.categoryId;
    }
    if (form.originalAmount.trim() && form.originalCurrency.trim()) {
      input.original = {
        amount: form.originalAmount.trim(),
        currency: form.originalCurrency.trim().toUpperCase(),
      };
    }
    return input;
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (pending()) return;
    setError(undefined);
    const centavos = amountCentavos();
    if (centavos === null || centavos <= 0n) {
      setError(fieldError("amount", "Enter an amount, like 250 or 1,234.50."));
      amountInput?.focus();
      return;
    }
    if (!splitsBalanced()) {
      setError(
        fieldError(
          "splits",
          `The splits add up to ${formatPeso(splitTotal())}, not ${formatPeso(centavos)}.`,
        ),
      );
      return;
    }
    setPending(true);
    try {
      const input = buildInput();
      const saved = editing
        ? await transactionsApi.update(editing.id, editingPatch(input))
        : await transactionsApi.create(input);
      saveQuickAddMemory({
        ...memory,
        accountId: input.accountId,
        toAccountId: input.type === "transfer" ? input.toAccountId : memory.toAccountId,
        categoryId:
          input.type === "transfer" || !input.categoryId
            ? memory.categoryId
            : { ...memory.categoryId, [input.type]: input.categoryId },
      });
      closeQuickAdd();
      showToast(
        `${typeNames[saved.type]} of ${formatPeso(saved.amountCentavos)} ${editing ? "updated" : "saved"}`,
      );
      await ledgerChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  async function remove() {
    if (!editing || deleting()) return;
    setDeleting(true);
    try {
      await deleteWithUndo(editing);
      closeQuickAdd();
    } catch (failure) {
      setError(failure);
    } finally {
      setDeleting(false);
    }
  }

  return (
    <Show
      when={accounts() === undefined || usable().length > 0}
      fallback={
        <div class="px-5 py-6">
          <p class="text-sm text-zinc-700 dark:text-zinc-300">
            Transactions come out of an account. Add your bank, e-wallet, cash or credit card first.
          </p>
          <A href="/accounts?new=1" class={buttonClass("primary", "mt-4 w-full")} onClick={closeQuickAdd}>
            <PlusIcon class="size-4" />
            Add your first account
          </A>
        </div>
      }
    >
      <form onSubmit={submit} class="flex min-h-0 flex-1 flex-col" novalidate aria-label="Transaction">
        <div class="min-h-0 flex-1 space-y-5 overflow-y-auto overscroll-contain px-5 pt-4 pb-6">
          <Show
            when={!isFee}
            fallback={
              <p class="rounded-xl bg-zinc-100 px-3.5 py-2.5 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                This is the fee of a transfer: its account and date follow the transfer. Edit the transfer to
                move it.
              </p>
            }
          >
            <Segmented
              label="Type"
              name="type"
              value={form.type}
              options={typeOptions}
              onChange={changeType}
            />
          </Show>

          <div>
            <label for="quick-amount" class="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
              Amount
            </label>
            <div class="relative mt-1.5">
              <span
                class="pointer-events-none absolute inset-y-0 left-4 flex items-center text-2xl font-semibold text-zinc-500 dark:text-zinc-400"
                aria-hidden="true"
              >
                ₱
              </span>
              <input
                ref={amountInput}
                id="quick-amount"
                name="amount"
                type="text"
                inputmode="decimal"
                autocomplete="off"
                enterkeyhint="done"
                placeholder="0.00"
                autofocus
                value={form.amount}
                onInput={(event) => setForm("amount", event.currentTarget.value)}
                aria-invalid={errors().amount ? "true" : undefined}
                aria-describedby={errors().amount ? "quick-amount-error" : undefined}
                class="block min-h-16 w-full rounded-2xl border-0 bg-zinc-50 pr-4 pl-11 text-3xl font-semibold tabular-nums text-zinc-900 ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-300 focus:ring-2 focus:ring-emerald-600 focus:outline-none aria-invalid:ring-red-500 dark:bg-zinc-950 dark:text-zinc-50 dark:ring-zinc-700 dark:placeholder:text-zinc-700 dark:focus:ring-emerald-400"
              />
            </div>
            <Show when={errors().amount}>
              <p id="quick-amount-error" class="mt-1.5 text-sm text-red-700 dark:text-red-400">
                {errors().amount}
              </p>
            </Show>
          </div>

          {/* From above To, full width: card names with their last digits stay readable */}
          <div class={form.type === "transfer" ? "grid gap-4" : ""}>
            <SelectField
              label={form.type === "transfer" ? "From" : "Account"}
              name="accountId"
              disabled={isFee}
              value={effectiveAccountId()}
              onChange={(event) => setForm("accountId", event.currentTarget.value)}
              error={errors().accountId}
            >
              <AccountOptions accounts={fromAccounts()} selected={effectiveAccountId()} />
            </SelectField>
            <Show when={form.type === "transfer"}>
              <SelectField
                label="To"
                name="toAccountId"
                value={effectiveToAccountId()}
                onChange={(event) => setForm("toAccountId", event.currentTarget.value)}
                error={errors().toAccountId}
              >
                <AccountOptions accounts={toAccounts()} selected={effectiveToAccountId()} />
              </SelectField>
            </Show>
          </div>

          <Show when={form.type === "transfer"}>
            <p
              class="rounded-xl bg-sky-50 px-3.5 py-3 text-sm text-sky-900 ring-1 ring-sky-200 ring-inset dark:bg-sky-950/50 dark:text-sky-100 dark:ring-sky-900"
              data-testid="transfer-hint"
            >
              <Show
                when={toAccount()?.kind === "credit_card"}
                fallback="Moving money between your own accounts is a transfer: it is neither income nor spending."
              >
                Paying a credit card is a transfer from your bank to the card. Your spending was counted when
                you used the card, so this payment isn't counted again.
              </Show>
            </p>
            <TextField
              label="Transfer fee (optional)"
              name="fee"
              inputmode="decimal"
              autocomplete="off"
              placeholder="0.00"
              value={form.fee}
              onInput={(event) => setForm("fee", event.currentTarget.value)}
              hint="Recorded as its own expense under Fees."
              error={errors().fee}
            />
          </Show>

          <Show when={form.type !== "transfer" && form.splits.length === 0}>
            <CategoryChips
              categories={visibleCategories()}
              value={form.categoryId}
              onChange={(id) => setForm("categoryId", id)}
              error={errors().categoryId}
            />
          </Show>

          <div class="grid gap-4 sm:grid-cols-2">
            <TextField
              label={
                form.type === "income"
                  ? "From (payer)"
                  : form.type === "transfer"
                    ? "Description"
                    : "Merchant"
              }
              name="merchant"
              autocomplete="off"
              placeholder={
                form.type === "income"
                  ? "e.g. Employer"
                  : form.type === "transfer"
                    ? "optional"
                    : "e.g. Jollibee"
              }
              value={form.merchant}
              onInput={(event) => setForm("merchant", event.currentTarget.value)}
              error={errors().merchant}
            />
            <TextField
              label="Date"
              name="date"
              type="date"
              disabled={isFee}
              value={form.date}
              onInput={(event) => setForm("date", event.currentTarget.value)}
              error={errors().date}
            />
          </div>

          <TextField
            label="Notes"
            name="notes"
            autocomplete="off"
            value={form.notes}
            onInput={(event) => setForm("notes", event.currentTarget.value)}
            error={errors().notes}
          />
          <AttachReceipt documentId={form.documentId} onAttached={(id) => setForm("documentId", id)} />
          <TextField
            label="Tags"
            name="tags"
            autocomplete="off"
            placeholder="e.g. date night, reimbursable"
            hint="Separate tags with commas."
            value={form.tags}
            onInput={(event) => setForm("tags", event.currentTarget.value)}
            error={errors().tags}
          />

          <div class="rounded-2xl ring-1 ring-zinc-200 dark:ring-zinc-800">
            <button
              type="button"
              class="flex min-h-12 w-full items-center justify-between gap-2 rounded-2xl px-4 text-sm font-semibold"
              aria-expanded={moreOpen()}
              aria-controls="quick-more"
              onClick={() => setMoreOpen((open) => !open)}
            >
              More options
              <span class="text-xs font-normal text-zinc-500 dark:text-zinc-400">
                {form.type === "transfer" ? "Foreign currency" : "Split, foreign currency"}
              </span>
              <ChevronDownIcon
                class={`ml-auto size-5 transition-transform ${moreOpen() ? "rotate-180" : ""}`}
              />
            </button>
            <Show when={moreOpen()}>
              <div
                id="quick-more"
                class="space-y-5 border-t border-zinc-200 px-4 pt-4 pb-5 dark:border-zinc-800"
              >
                <Show when={form.type !== "transfer"}>
                  <SplitsEditor
                    splits={form.splits}
                    categories={visibleCategories()}
                    total={splitTotal()}
                    amount={amountCentavos()}
                    error={errors().splits}
                    onAdd={() =>
                      setForm("splits", (splits) => [
                        ...splits,
                        {
                          categoryId:
                            splits.length === 0
                              ? form.categoryId || (visibleCategories()[0]?.id ?? "")
                              : (visibleCategories()[0]?.id ?? ""),
                          amount: "",
                          note: "",
                        },
                      ])
                    }
                    onChange={(index, patch) => setForm("splits", index, patch)}
                    onRemove={(index) => setForm("splits", (splits) => splits.filter((_, i) => i !== index))}
                  />
                </Show>
                <fieldset>
                  <legend class="text-sm font-medium text-zinc-800 dark:text-zinc-200">
                    Paid in another currency
                  </legend>
                  <p class="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
                    The amount above stays in pesos (what left your account); keep the original for reference.
                  </p>
                  <div class="mt-2 grid grid-cols-[1fr_7rem] gap-3">
                    <TextField
                      label="Original amount"
                      name="originalAmount"
                      inputmode="decimal"
                      autocomplete="off"
                      placeholder="e.g. 25.00"
                      value={form.originalAmount}
                      onInput={(event) => setForm("originalAmount", event.currentTarget.value)}
                      error={errors().original}
                    />
                    <TextField
                      label="Currency"
                      name="originalCurrency"
                      autocomplete="off"
                      placeholder="USD"
                      maxLength={3}
                      class="[&_input]:uppercase"
                      value={form.originalCurrency}
                      onInput={(event) => setForm("originalCurrency", event.currentTarget.value)}
                      error={errors().currency}
                    />
                  </div>
                </fieldset>
              </div>
            </Show>
          </div>
          <FormAlert error={error()} />
        </div>

        <div class="flex gap-3 border-t border-zinc-100 bg-white px-5 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] dark:border-zinc-800 dark:bg-zinc-900">
          <Show when={editing}>
            <Button
              variant="danger"
              class="min-h-12"
              pending={deleting()}
              pendingLabel="Deleting…"
              onClick={remove}
            >
              Delete
            </Button>
          </Show>
          <Button type="submit" class="min-h-12 flex-1 text-base" pending={pending()} pendingLabel="Saving…">
            {editing ? "Save changes" : `Save ${typeNames[form.type].toLowerCase()}`}
          </Button>
        </div>
      </form>
    </Show>
  );
}

function AccountOptions(props: { accounts: Account[]; selected: string }) {
  return (
    <For each={props.accounts}>
      {(account) => (
        <option value={account.id} selected={account.id === props.selected}>
          {account.name}
          {account.card ? ` ·· ${account.card.last4}` : ""}
        </option>
      )}
    </For>
  );
}

function CategoryChips(props: {
  categories: Category[];
  value: string;
  onChange: (id: string) => void;
  error?: string;
}) {
  return (
    <fieldset>
      <legend class="text-sm font-medium text-zinc-800 dark:text-zinc-200">Category</legend>
      <div class="mt-2 flex flex-wrap gap-2" data-testid="category-chips">
        <For each={props.categories}>
          {(category) => (
            <label class="relative">
              <input
                type="radio"
                name="categoryId"
                value={category.id}
                checked={props.value === category.id}
                onChange={() => props.onChange(category.id)}
                class="peer sr-only"
              />
              <span class="inline-flex min-h-10 cursor-pointer items-center rounded-full bg-zinc-100 px-3.5 text-sm font-medium text-zinc-700 select-none hover:bg-zinc-200 peer-checked:bg-emerald-700 peer-checked:text-white peer-checked:hover:bg-emerald-800 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-emerald-600 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-zinc-700 dark:peer-checked:bg-emerald-500 dark:peer-checked:text-zinc-950 dark:peer-checked:hover:bg-emerald-400">
                {category.name}
              </span>
            </label>
          )}
        </For>
      </div>
      <Show when={props.error}>
        <p class="mt-1.5 text-sm text-red-700 dark:text-red-400">{props.error}</p>
      </Show>
    </fieldset>
  );
}

function SplitsEditor(props: {
  splits: SplitDraft[];
  categories: Category[];
  total: bigint;
  amount: bigint | null;
  error?: string;
  onAdd: () => void;
  onChange: (index: number, patch: Partial<SplitDraft>) => void;
  onRemove: (index: number) => void;
}) {
  const remaining = () => (props.amount ?? 0n) - props.total;
  return (
    <fieldset>
      <legend class="text-sm font-medium text-zinc-800 dark:text-zinc-200">Split across categories</legend>
      <p class="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
        One receipt, several categories (e.g. groceries and household items). The parts must add up to the
        amount.
      </p>
      <ul class="mt-3 space-y-3">
        <Index each={props.splits}>
          {(split, index) => (
            <li class="grid grid-cols-[1fr_6.5rem_auto] items-end gap-2">
              <div>
                <label class="sr-only" for={`split-category-${index}`}>
                  Split {index + 1} category
                </label>
                <select
                  id={`split-category-${index}`}
                  class={`${controlClass} mt-0`}
                  value={split().categoryId}
                  onChange={(event) => props.onChange(index, { categoryId: event.currentTarget.value })}
                >
                  <For each={props.categories}>
                    {(category) => <option value={category.id}>{category.name}</option>}
                  </For>
                </select>
              </div>
              <div>
                <label class="sr-only" for={`split-amount-${index}`}>
                  Split {index + 1} amount
                </label>
                <input
                  id={`split-amount-${index}`}
                  class={`${controlClass} mt-0 text-right tabular-nums`}
                  inputmode="decimal"
                  autocomplete="off"
                  placeholder="0.00"
                  value={split().amount}
                  onInput={(event) => props.onChange(index, { amount: event.currentTarget.value })}
                />
              </div>
              <button
                type="button"
                class="inline-flex size-11 items-center justify-center rounded-xl text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
                aria-label={`Remove split ${index + 1}`}
                onClick={() => props.onRemove(index)}
              >
                <CloseIcon class="size-4" />
              </button>
            </li>
          )}
        </Index>
      </ul>
      <div class="mt-3 flex items-center justify-between gap-3">
        <Button variant="secondary" onClick={props.onAdd}>
          <PlusIcon class="size-4" />
          Add split
        </Button>
        <Show when={props.splits.length > 0}>
          <p
            class={`text-sm tabular-nums ${remaining() === 0n ? "text-emerald-700 dark:text-emerald-400" : "text-amber-700 dark:text-amber-400"}`}
          >
            {remaining() === 0n ? "Splits match" : `${formatPeso(remaining())} left to split`}
          </p>
        </Show>
      </div>
      <Show when={props.error}>
        <p class="mt-1.5 text-sm text-red-700 dark:text-red-400">{props.error}</p>
      </Show>
    </fieldset>
  );
}

/** Deletes a transaction and offers Undo (the API soft-deletes; restore brings it back, fee and all). */
export async function deleteWithUndo(transaction: Transaction): Promise<void> {
  await transactionsApi.remove(transaction.id);
  showToast("Transaction deleted", {
    action: {
      label: "Undo",
      run: async () => {
        try {
          await transactionsApi.restore(transaction.id);
          showToast("Transaction restored");
        } catch {
          showToast("Couldn't restore the transaction", { tone: "error" });
        }
        await ledgerChanged();
      },
    },
  });
  await ledgerChanged();
}

/** On edit, send every field, clearing what the form left empty (or the old value would stay). */
function editingPatch(input: TransactionInput): TransactionPatch {
  const transfer = input.type === "transfer";
  return {
    ...input,
    merchant: input.merchant ?? null,
    notes: input.notes ?? null,
    tags: input.tags ?? [],
    categoryId: transfer || input.splits ? null : (input.categoryId ?? null),
    splits: input.splits ?? [],
    toAccountId: transfer ? input.toAccountId : null,
    fee: transfer ? (input.fee ?? null) : null,
    original: input.original ?? null,
  };
}

/** An amount in a currency's minor unit as it would be typed: ("2550", "USD") → "25.50", ("1000", "JPY") → "1000". */
function minorToInput(minor: string, currency: string): string {
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2;
  } catch {
    // unknown code: assume cents
  }
  if (digits === 0) return minor;
  const padded = minor.padStart(digits + 1, "0");
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** "Attach receipt": a photo (camera on a phone) uploaded as a receipt and linked to this transaction. */
function AttachReceipt(props: { documentId: string; onAttached: (documentId: string) => void }) {
  const [progress, setProgress] = createSignal<number>();
  const [error, setError] = createSignal<string>();
  const [name, setName] = createSignal<string>();
  const attach = async (event: Event & { currentTarget: HTMLInputElement }) => {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = "";
    if (!file) return;
    setError(undefined);
    setProgress(0);
    try {
      const [result] = await uploadDocuments([file], { kind: "receipt", onProgress: setProgress });
      if (!result?.document) throw new Error(result?.error?.detail ?? "The receipt could not be stored.");
      setName(result.document.fileName);
      props.onAttached(result.document.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : "The receipt could not be stored.");
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <div>
      <label class={buttonClass("secondary", "w-full cursor-pointer")}>
        <ReceiptIcon />
        {props.documentId ? "Replace receipt" : "Attach receipt"}
        <input
          type="file"
          accept="image/*,application/pdf"
          capture="environment"
          class="sr-only"
          data-testid="attach-receipt"
          onChange={attach}
        />
      </label>
      <Show when={progress() !== undefined}>
        <progress
          class="mt-2 h-1.5 w-full"
          max="100"
          value={Math.round((progress() ?? 0) * 100)}
          aria-label="Uploading receipt"
        />
      </Show>
      <Show when={props.documentId && progress() === undefined}>
        <p class="mt-1.5 text-xs text-zinc-600 dark:text-zinc-400" data-testid="receipt-attached">
          Receipt attached{name() ? `: ${name()}` : ""}.{" "}
          <A
            href={`/documents/${props.documentId}`}
            class="font-semibold text-emerald-700 dark:text-emerald-300"
          >
            View
          </A>
        </p>
      </Show>
      <Show when={error()}>
        <p class="mt-1.5 text-sm text-red-700 dark:text-red-400" role="alert">
          {error()}
        </p>
      </Show>
    </div>
  );
}
