import { A } from "@solidjs/router";
import { For, type JSX } from "solid-js";
import { ChevronLeftIcon, ChevronRightIcon } from "./Icons";

export interface PeriodKindLink {
  label: string;
  href: string;
  active: boolean;
  testId?: string;
}

const stepClass =
  "flex size-10 shrink-0 items-center justify-center rounded-full text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-emerald-600 dark:text-zinc-300 dark:hover:bg-zinc-800";
const tabClass = (active: boolean) =>
  `rounded-full px-3 py-1.5 text-sm font-semibold ${
    active
      ? "bg-white text-zinc-900 shadow-sm dark:bg-zinc-700 dark:text-zinc-50"
      : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
  }`;

/**
 * Previous / label / next, then a switch between kinds of period (month, year, …). Every control
 * is a link, so the URL is the state: a period can be shared, bookmarked and stepped with Back.
 */
export function PeriodStepper(props: {
  label: string;
  previousHref: string;
  nextHref: string;
  /** For screen readers: "Previous" on the dashboard, "Previous period" where kinds vary more. */
  stepNoun?: string;
  /** After the next arrow, e.g. a way back to this month. */
  after?: JSX.Element;
  kinds: PeriodKindLink[];
  kindsTestId?: string;
}) {
  const noun = () => (props.stepNoun ? ` ${props.stepNoun}` : "");
  return (
    <div class="flex flex-wrap items-center justify-between gap-2">
      <div class="flex min-w-0 items-center gap-1">
        <A
          href={props.previousHref}
          class={stepClass}
          aria-label={`Previous${noun()}`}
          data-testid="period-previous"
        >
          <ChevronLeftIcon class="size-5" />
        </A>
        <h2
          class="min-w-36 text-center text-lg font-semibold whitespace-nowrap"
          data-testid="period-label"
          aria-live="polite"
        >
          {props.label}
        </h2>
        <A href={props.nextHref} class={stepClass} aria-label={`Next${noun()}`} data-testid="period-next">
          <ChevronRightIcon class="size-5" />
        </A>
        {props.after}
      </div>
      <div class="flex rounded-full bg-zinc-100 p-1 dark:bg-zinc-800" data-testid={props.kindsTestId}>
        <For each={props.kinds}>
          {(kind) => (
            <A
              href={kind.href}
              class={tabClass(kind.active)}
              aria-current={kind.active ? "page" : undefined}
              data-testid={kind.testId}
            >
              {kind.label}
            </A>
          )}
        </For>
      </div>
    </div>
  );
}
