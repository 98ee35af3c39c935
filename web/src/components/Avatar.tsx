import { initials } from "../lib/format";

export function Avatar(props: { name: string; class?: string }) {
  return (
    <span
      class={`inline-flex size-10 shrink-0 items-center justify-center rounded-full bg-emerald-100 text-sm font-semibold text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200 ${props.class ?? ""}`}
      aria-hidden="true"
    >
      {initials(props.name)}
    </span>
  );
}
