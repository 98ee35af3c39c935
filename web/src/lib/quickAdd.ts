import { createSignal } from "solid-js";
import type { Transaction, TransactionType } from "./ledger";

export interface QuickAddPreset {
  type?: TransactionType;
  accountId?: string;
  toAccountId?: string;
  /** pesos, as typed */
  amount?: string;
}

export type QuickAddRequest =
  | { mode: "new"; preset: QuickAddPreset }
  | { mode: "edit"; transaction: Transaction };

const [quickAdd, setQuickAdd] = createSignal<QuickAddRequest | undefined>();

export { quickAdd };

export function openQuickAdd(preset: QuickAddPreset = {}): void {
  setQuickAdd({ mode: "new", preset });
}

export function editTransaction(transaction: Transaction): void {
  setQuickAdd({ mode: "edit", transaction });
}

export function closeQuickAdd(): void {
  setQuickAdd(undefined);
}

/** What quick-add remembers between entries on this device. */
export interface QuickAddMemory {
  accountId?: string;
  toAccountId?: string;
  categoryId?: { expense?: string; income?: string };
}

const MEMORY_KEY = "fintrack.quickAdd";

export function loadQuickAddMemory(): QuickAddMemory {
  try {
    const saved = JSON.parse(localStorage.getItem(MEMORY_KEY) ?? "{}");
    return saved && typeof saved === "object" ? (saved as QuickAddMemory) : {};
  } catch {
    return {};
  }
}

export function saveQuickAddMemory(memory: QuickAddMemory): void {
  try {
    localStorage.setItem(MEMORY_KEY, JSON.stringify(memory));
  } catch {
    // private mode or full storage: quick-add just won't remember
  }
}

/** "n" opens quick-add from anywhere, unless the person is typing or a dialog is open. */
export function isQuickAddShortcut(event: KeyboardEvent): boolean {
  if (event.key !== "n" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented)
    return false;
  const target = event.target as HTMLElement | null;
  if (
    target?.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], dialog[open]")
  )
    return false;
  return !document.querySelector("dialog[open]");
}
