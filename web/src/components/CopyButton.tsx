import { createSignal, onCleanup } from "solid-js";
import { Button } from "./Button";
import { CheckIcon, CopyIcon } from "./Icons";

/** Copies `text`; falls back to selecting it when the clipboard API is unavailable (http). */
export function CopyButton(props: {
  text: string;
  label?: string;
  fallbackTarget?: () => HTMLInputElement | undefined;
}) {
  const [copied, setCopied] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
    } catch {
      const input = props.fallbackTarget?.();
      input?.select();
      document.execCommand?.("copy");
    }
    setCopied(true);
    clearTimeout(timer);
    timer = setTimeout(() => setCopied(false), 2000);
  };

  return (
    <Button variant="secondary" onClick={copy} aria-live="polite">
      {copied() ? <CheckIcon class="size-4 text-emerald-600" /> : <CopyIcon class="size-4" />}
      {copied() ? "Copied" : (props.label ?? "Copy")}
    </Button>
  );
}
