import { createEffect, createUniqueId, type JSX, onCleanup, Show } from "solid-js";
import { Portal } from "solid-js/web";
import { CloseIcon } from "./Icons";

/**
 * A modal sheet: slides up from the bottom on a phone (within thumb reach), a centred
 * dialog on a wider screen. Built on <dialog>.showModal(), so focus is trapped, the page
 * behind is inert and Escape closes it.
 */
export function Sheet(props: {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: JSX.Element;
  children: JSX.Element;
  footer?: JSX.Element;
  testId?: string;
}) {
  let dialog: HTMLDialogElement | undefined;
  const titleId = `sheet-${createUniqueId()}`;

  const sync = () => {
    if (!dialog) return;
    if (props.open && !dialog.matches(":modal")) {
      // showModal needs the dialog attached to the document (it is, through the Portal, but
      // be safe) and not already open without being modal
      if (!dialog.isConnected) {
        requestAnimationFrame(sync);
        return;
      }
      if (dialog.open) dialog.removeAttribute("open");
      dialog.showModal();
      document.documentElement.style.overflow = "hidden";
    } else if (!props.open && dialog.open) {
      dialog.close();
    }
  };
  createEffect(() => {
    void props.open;
    sync();
  });
  onCleanup(() => {
    document.documentElement.style.overflow = "";
  });

  // in a Portal: a page's Suspense may move its DOM in and out of the document, which would
  // silently drop a modal dialog out of the top layer
  return (
    <Portal>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop tap is a pointer shortcut; keyboards close it with Escape, native to <dialog> */}
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        data-testid={props.testId}
        class="m-0 mt-auto max-h-[92dvh] w-full max-w-none flex-col overflow-hidden rounded-t-3xl bg-white p-0 text-zinc-900 shadow-2xl ring-1 ring-zinc-200 backdrop:bg-zinc-950/55 backdrop:backdrop-blur-[2px] open:flex md:m-auto md:max-h-[88dvh] md:max-w-lg md:rounded-3xl dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-800"
        onClose={() => {
          // the close event is queued: a sheet closed and reopened at once (save, then "n")
          // gets the stale event of its earlier close while it is open again; ignore that one
          if (dialog?.open) return;
          document.documentElement.style.overflow = "";
          if (props.open) props.onClose();
        }}
        onClick={(event) => {
          // a tap on the backdrop (the dialog element itself, outside its content) closes it
          if (event.target === dialog) props.onClose();
        }}
      >
        <Show when={props.open}>
          <div class="flex items-start gap-3 border-b border-zinc-100 px-5 pt-3 pb-3 dark:border-zinc-800">
            <div class="min-w-0 flex-1 pt-2">
              <div
                class="mx-auto -mt-1 mb-3 h-1 w-10 rounded-full bg-zinc-300 md:hidden dark:bg-zinc-700"
                aria-hidden="true"
              />
              <h2 id={titleId} class="text-lg font-semibold tracking-tight">
                {props.title}
              </h2>
              <Show when={props.description}>
                <p class="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{props.description}</p>
              </Show>
            </div>
            <button
              type="button"
              class="mt-1 inline-flex size-11 shrink-0 items-center justify-center rounded-full text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
              aria-label="Close"
              onClick={() => props.onClose()}
            >
              <CloseIcon />
            </button>
          </div>
          {props.children}
        </Show>
      </dialog>
    </Portal>
  );
}
