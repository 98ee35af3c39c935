import { createUniqueId, type JSX, Show, splitProps } from "solid-js";

export function TextField(
  props: JSX.InputHTMLAttributes<HTMLInputElement> & {
    label: string;
    name: string;
    hint?: string;
    error?: string;
  },
) {
  const [local, rest] = splitProps(props, ["label", "hint", "error", "class", "id"]);
  const id = local.id ?? `field-${createUniqueId()}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = () =>
    [local.error ? errorId : undefined, local.hint ? hintId : undefined].filter(Boolean).join(" ");
  return (
    <div class={local.class}>
      <label for={id} class="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {local.label}
      </label>
      <input
        id={id}
        class="mt-1.5 block min-h-11 w-full rounded-xl border-0 bg-white px-3.5 text-base text-zinc-900 shadow-sm ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-emerald-600 focus:outline-none aria-invalid:ring-red-500 sm:text-sm dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700 dark:focus:ring-emerald-400 dark:aria-invalid:ring-red-400 disabled:cursor-not-allowed disabled:opacity-60"
        aria-invalid={local.error ? "true" : undefined}
        aria-describedby={describedBy() || undefined}
        {...rest}
      />
      <Show when={local.hint && !local.error}>
        <p id={hintId} class="mt-1.5 text-xs text-zinc-600 dark:text-zinc-400">
          {local.hint}
        </p>
      </Show>
      <Show when={local.error}>
        <p id={errorId} class="mt-1.5 text-sm text-red-700 dark:text-red-400">
          {local.error}
        </p>
      </Show>
    </div>
  );
}
