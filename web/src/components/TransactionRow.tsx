import { A, createAsync } from "@solidjs/router";
import { Show } from "solid-js";
import type { Me } from "../lib/api";
import { getMe } from "../lib/auth";
import { formatDay } from "../lib/dates";
import type { Transaction } from "../lib/ledger";
import { formatSignedPeso } from "../lib/money";
import { editTransaction } from "../lib/quickAdd";
import { ArrowDownIcon, ArrowUpIcon, CheckIcon, ReceiptIcon, TransferIcon } from "./Icons";
import { showToast } from "./Toast";

/** What a person recognises a transaction by: the merchant, else the category, else the move. */
export function transactionTitle(transaction: Transaction): string {
  if (transaction.merchant) return transaction.merchant;
  if (transaction.type === "transfer") {
    // paying a card is the transfer people make most; call it what it is
    return transaction.toAccount?.kind === "credit_card"
      ? `Payment to ${transaction.toAccount.name}`
      : `Transfer to ${transaction.toAccount?.name ?? "account"}`;
  }
  if (transaction.splits.length > 0) return "Split";
  return transaction.category?.name ?? (transaction.type === "income" ? "Income" : "Expense");
}

function subtitle(transaction: Transaction, me: Me | undefined): string {
  // in a two-person household, say who recorded what the other person did
  const by =
    me && transaction.createdBy.id !== me.user.id ? `${transaction.createdBy.name.split(/\s+/)[0]} · ` : "";
  if (transaction.type === "transfer") {
    return `${by}${transaction.account.name} → ${transaction.toAccount?.name ?? "?"}`;
  }
  const category =
    transaction.splits.length > 0
      ? transaction.splits.map((split) => split.categoryName).join(", ")
      : (transaction.category?.name ?? "Uncategorised");
  return by + (transaction.merchant ? `${category} · ${transaction.account.name}` : transaction.account.name);
}

/**
 * Whether the row shows as cleared. In one account's list, that account's side of it (a transfer
 * is cleared per side); anywhere else, every side the member can see.
 */
export function isCleared(transaction: Transaction, accountId?: string): boolean {
  if (accountId && transaction.account.id === accountId) return transaction.cleared;
  if (accountId && transaction.toAccount?.id === accountId) return transaction.toCleared;
  const source = transaction.account.id === null || transaction.cleared;
  const destination = !transaction.toAccount || transaction.toAccount.id === null || transaction.toCleared;
  return source && destination;
}

export function amountSign(transaction: Transaction): "+" | "-" | "" {
  return transaction.type === "income" ? "+" : transaction.type === "expense" ? "-" : "";
}

/** One transaction; tapping it opens the edit sheet. */
export function TransactionRow(props: { transaction: Transaction; showDate?: boolean; accountId?: string }) {
  const t = () => props.transaction;
  const cleared = () => isCleared(t(), props.accountId);
  const me = createAsync(() => getMe());
  return (
    <li class="flex items-center gap-1">
      <button
        type="button"
        data-testid="transaction-row"
        class="flex min-h-16 w-full min-w-0 flex-1 items-center gap-3 rounded-xl px-2 py-2 text-left hover:bg-zinc-50 focus-visible:bg-zinc-50 dark:hover:bg-zinc-800/60 dark:focus-visible:bg-zinc-800/60"
        onClick={() => {
          // a transfer with the partner's private account: only they can change it
          if (t().account.id === null || t().toAccount?.id === null) {
            showToast("This involves a private account, so only its owner can change it.");
            return;
          }
          editTransaction(t());
        }}
        aria-label={`${transactionTitle(t())}, ${formatSignedPeso(t().amountCentavos, amountSign(t()))}, ${t().date}${cleared() ? ", cleared" : ""}. Edit`}
      >
        <span
          class={`flex size-10 shrink-0 items-center justify-center rounded-full ${
            t().type === "income"
              ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300"
              : t().type === "transfer"
                ? "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300"
                : "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
          }`}
          aria-hidden="true"
        >
          {t().type === "income" ? (
            <ArrowDownIcon class="size-5" />
          ) : t().type === "transfer" ? (
            <TransferIcon class="size-5" />
          ) : (
            <ArrowUpIcon class="size-5" />
          )}
        </span>
        <span class="min-w-0 flex-1">
          <span class="flex items-center gap-1 text-sm font-semibold text-zinc-900 dark:text-zinc-50">
            <span class="truncate">{transactionTitle(t())}</span>
            <Show when={cleared()}>
              <span
                class="inline-flex shrink-0 text-emerald-700 dark:text-emerald-400"
                role="img"
                aria-label="Cleared"
                title="Cleared: matched by a reconciliation"
                data-testid="transaction-cleared"
              >
                <CheckIcon class="size-3.5" />
              </span>
            </Show>
          </span>
          <span class="block truncate text-xs text-zinc-600 dark:text-zinc-400">
            {subtitle(t(), me())}
            <Show when={props.showDate}> · {formatDay(t().date)}</Show>
            <Show when={t().tags.length > 0}> · #{t().tags.join(" #")}</Show>
          </span>
        </span>
        <span class="shrink-0 text-right">
          <span
            data-testid="transaction-amount"
            class={`block text-sm font-semibold tabular-nums ${
              t().type === "income"
                ? "text-emerald-700 dark:text-emerald-400"
                : t().type === "transfer"
                  ? "text-zinc-500 dark:text-zinc-400"
                  : "text-zinc-900 dark:text-zinc-50"
            }`}
          >
            {formatSignedPeso(t().amountCentavos, amountSign(t()))}
          </span>
          <Show when={t().fee}>
            {(fee) => (
              <span class="block text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
                + {formatSignedPeso(fee().amountCentavos, "")} fee
              </span>
            )}
          </Show>
        </span>
      </button>
      <Show when={t().documentId}>
        {(documentId) => (
          <A
            href={`/documents/${documentId()}`}
            class="flex size-11 shrink-0 items-center justify-center rounded-xl text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
            aria-label={`Receipt of ${transactionTitle(t())}`}
            data-testid="transaction-receipt"
          >
            <ReceiptIcon class="size-5" />
          </A>
        )}
      </Show>
    </li>
  );
}
