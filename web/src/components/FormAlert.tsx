import { type JSX, Show } from "solid-js";
import { ApiError } from "../lib/api";
import { AlertIcon, CheckIcon } from "./Icons";

/** The message to show for a failed request: the problem's `detail`, else something readable. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Please try again.";
}

export function fieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fieldErrors : {};
}

/** A form-level error, announced to screen readers when it appears. */
export function FormAlert(props: { error?: unknown; class?: string }) {
  return (
    <Show when={props.error}>
      <div
        role="alert"
        class={`flex items-start gap-2 rounded-xl bg-red-50 px-3.5 py-3 text-sm text-red-800 ring-1 ring-red-200 ring-inset dark:bg-red-950/60 dark:text-red-200 dark:ring-red-900 ${props.class ?? ""}`}
      >
        <AlertIcon class="mt-0.5 size-4 shrink-0" />
        <span>{errorMessage(props.error)}</span>
      </div>
    </Show>
  );
}

export function SuccessNote(props: { children: JSX.Element; class?: string }) {
  return (
    <p
      role="status"
      class={`flex items-center gap-2 rounded-xl bg-emerald-50 px-3.5 py-3 text-sm text-emerald-900 ring-1 ring-emerald-200 ring-inset dark:bg-emerald-950/60 dark:text-emerald-100 dark:ring-emerald-900 ${props.class ?? ""}`}
    >
      <CheckIcon class="size-4 shrink-0" />
      {props.children}
    </p>
  );
}
