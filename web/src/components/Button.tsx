import { type JSX, Show, splitProps } from "solid-js";

type Variant = "primary" | "secondary" | "danger" | "ghost";

const base =
  "inline-flex min-h-11 items-center justify-center gap-2 rounded-xl px-4 text-sm font-semibold transition-colors disabled:cursor-not-allowed disabled:opacity-60";

const variants: Record<Variant, string> = {
  primary:
    "bg-emerald-700 text-white shadow-sm hover:bg-emerald-800 dark:bg-emerald-500 dark:text-zinc-950 dark:hover:bg-emerald-400",
  secondary:
    "bg-white text-zinc-900 ring-1 ring-zinc-300 ring-inset hover:bg-zinc-50 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700 dark:hover:bg-zinc-800",
  danger:
    "bg-white text-red-700 ring-1 ring-red-200 ring-inset hover:bg-red-50 dark:bg-zinc-900 dark:text-red-400 dark:ring-red-900 dark:hover:bg-red-950",
  ghost: "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
};

export function buttonClass(variant: Variant = "primary", extra = ""): string {
  return `${base} ${variants[variant]} ${extra}`;
}

export function Button(
  props: JSX.ButtonHTMLAttributes<HTMLButtonElement> & {
    variant?: Variant;
    pending?: boolean;
    pendingLabel?: string;
  },
) {
  const [local, rest] = splitProps(props, [
    "variant",
    "pending",
    "pendingLabel",
    "class",
    "children",
    "type",
  ]);
  return (
    <button
      type={local.type ?? "button"}
      class={buttonClass(local.variant, local.class)}
      disabled={local.pending || rest.disabled}
      aria-busy={local.pending ? "true" : undefined}
      {...rest}
    >
      <Show when={local.pending} fallback={local.children}>
        <Spinner />
        {local.pendingLabel ?? local.children}
      </Show>
    </button>
  );
}

export function Spinner(props: { class?: string }) {
  return (
    <svg class={`animate-spin ${props.class ?? "size-4"}`} viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <circle cx="12" cy="12" r="9" stroke="currentColor" stroke-opacity="0.25" stroke-width="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" stroke-width="3" stroke-linecap="round" />
    </svg>
  );
}
