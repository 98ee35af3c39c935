import { createUniqueId, type JSX, Show } from "solid-js";

export function Card(props: {
  title?: string;
  description?: JSX.Element;
  actions?: JSX.Element;
  children: JSX.Element;
  class?: string;
  "aria-labelledby"?: string;
}) {
  const headingId = `card-${createUniqueId()}`;
  return (
    <section
      aria-labelledby={props.title ? headingId : undefined}
      class={`rounded-2xl bg-white p-5 shadow-sm ring-1 ring-zinc-200 sm:p-6 dark:bg-zinc-900 dark:ring-zinc-800 ${props.class ?? ""}`}
    >
      <Show when={props.title || props.actions}>
        <div class="mb-4 flex items-start justify-between gap-3">
          <div>
            <Show when={props.title}>
              <h2 id={headingId} class="text-base font-semibold text-zinc-900 dark:text-zinc-50">
                {props.title}
              </h2>
            </Show>
            <Show when={props.description}>
              <p class="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{props.description}</p>
            </Show>
          </div>
          {props.actions}
        </div>
      </Show>
      {props.children}
    </section>
  );
}

export function PageHeader(props: { title: string; description?: JSX.Element; actions?: JSX.Element }) {
  return (
    <div class="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 class="text-2xl font-bold tracking-tight text-zinc-900 sm:text-3xl dark:text-zinc-50">
          {props.title}
        </h1>
        <Show when={props.description}>
          <p class="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{props.description}</p>
        </Show>
      </div>
      {props.actions}
    </div>
  );
}
