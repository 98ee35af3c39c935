import { createUniqueId, type JSX, Show, splitProps } from "solid-js";

export const controlClass =
  "mt-1.5 block min-h-11 w-full rounded-xl border-0 bg-white px-3.5 text-base text-zinc-900 shadow-sm ring-1 ring-zinc-300 ring-inset placeholder:text-zinc-400 focus:ring-2 focus:ring-emerald-600 focus:outline-none aria-invalid:ring-red-500 sm:text-sm dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700 dark:focus:ring-emerald-400 dark:aria-invalid:ring-red-400 disabled:cursor-not-allowed disabled:opacity-60";

export function SelectField(
  props: JSX.SelectHTMLAttributes<HTMLSelectElement> & {
    label: string;
    hint?: string;
    error?: string;
    children: JSX.Element;
  },
) {
  const [local, rest] = splitProps(props, ["label", "hint", "error", "class", "id", "children"]);
  const id = local.id ?? `select-${createUniqueId()}`;
  const noteId = `${id}-note`;
  return (
    <div class={local.class}>
      <label for={id} class="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {local.label}
      </label>
      <select
        id={id}
        class={`${controlClass} pr-9`}
        aria-invalid={local.error ? "true" : undefined}
        aria-describedby={local.error || local.hint ? noteId : undefined}
        {...rest}
      >
        {local.children}
      </select>
      <Show when={local.error || local.hint}>
        <p
          id={noteId}
          class={
            local.error
              ? "mt-1.5 text-sm text-red-700 dark:text-red-400"
              : "mt-1.5 text-xs text-zinc-600 dark:text-zinc-400"
          }
        >
          {local.error ?? local.hint}
        </p>
      </Show>
    </div>
  );
}

/** A row of mutually exclusive options (radio inputs, so arrow keys move between them). */
export function Segmented<T extends string>(props: {
  label: string;
  name: string;
  value: T;
  options: Array<{ value: T; label: string }>;
  onChange: (value: T) => void;
  class?: string;
}) {
  return (
    <fieldset class={props.class}>
      <legend class="sr-only">{props.label}</legend>
      <div class="grid auto-cols-fr grid-flow-col gap-1 rounded-2xl bg-zinc-100 p-1 dark:bg-zinc-800">
        {props.options.map((option) => (
          <label class="relative">
            <input
              type="radio"
              name={props.name}
              value={option.value}
              checked={props.value === option.value}
              onChange={() => props.onChange(option.value)}
              class="peer sr-only"
            />
            <span class="flex min-h-10 cursor-pointer items-center justify-center rounded-xl px-2 text-sm font-semibold text-zinc-600 peer-checked:bg-white peer-checked:text-zinc-900 peer-checked:shadow-sm peer-focus-visible:outline-2 peer-focus-visible:outline-emerald-600 dark:text-zinc-400 dark:peer-checked:bg-zinc-950 dark:peer-checked:text-zinc-50">
              {option.label}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
