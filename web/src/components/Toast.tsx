import { createSignal, onCleanup, Show } from "solid-js";

interface ToastMessage {
  id: number;
  message: string;
  action?: { label: string; run: () => void | Promise<void> };
  tone?: "default" | "error";
}

const [toast, setToast] = createSignal<ToastMessage | undefined>();
let nextId = 1;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Shows a short message at the bottom, optionally with one action (Undo). */
export function showToast(message: string, options: Omit<ToastMessage, "id" | "message"> = {}): void {
  clearTimeout(timer);
  const id = nextId++;
  setToast({ id, message, ...options });
  // long enough to reach for Undo with a thumb
  timer = setTimeout(() => setToast((current) => (current?.id === id ? undefined : current)), 8_000);
}

export function dismissToast(): void {
  clearTimeout(timer);
  setToast(undefined);
}

export function ToastRegion() {
  onCleanup(() => clearTimeout(timer));
  return (
    <div
      class="pointer-events-none fixed inset-x-0 bottom-[calc(5.5rem+env(safe-area-inset-bottom))] z-40 flex justify-center pr-22 pl-4 md:bottom-6 md:px-4"
      role="status"
      aria-live="polite"
    >
      <Show when={toast()} keyed>
        {(current) => (
          <div
            data-testid="toast"
            class={`pointer-events-auto flex w-full max-w-md items-center gap-3 rounded-2xl px-4 py-2 text-sm shadow-lg ring-1 ${
              current.tone === "error"
                ? "bg-red-700 text-white ring-red-800"
                : "bg-zinc-900 text-white ring-zinc-800 dark:bg-zinc-100 dark:text-zinc-900 dark:ring-zinc-200"
            }`}
          >
            <span class="min-w-0 flex-1 py-2">{current.message}</span>
            <Show when={current.action}>
              {(action) => (
                <button
                  type="button"
                  class="-mr-1 min-h-11 rounded-xl px-3 font-semibold text-emerald-300 hover:bg-white/10 dark:text-emerald-700 dark:hover:bg-zinc-900/10"
                  onClick={async () => {
                    dismissToast();
                    await action().run();
                  }}
                >
                  {action().label}
                </button>
              )}
            </Show>
          </div>
        )}
      </Show>
    </div>
  );
}
