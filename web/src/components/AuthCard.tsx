import type { JSX } from "solid-js";

export function AuthCard(props: { title: string; description?: string; children: JSX.Element }) {
  return (
    <div class="rounded-3xl bg-white p-6 shadow-xl shadow-emerald-900/5 ring-1 ring-zinc-200 sm:p-8 dark:bg-zinc-900 dark:shadow-none dark:ring-zinc-800">
      <h1 class="text-2xl font-bold tracking-tight text-zinc-900 dark:text-zinc-50">{props.title}</h1>
      {props.description ? (
        <p class="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{props.description}</p>
      ) : null}
      <div class="mt-6">{props.children}</div>
    </div>
  );
}
