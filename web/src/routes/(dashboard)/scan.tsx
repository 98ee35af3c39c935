import { Title } from "@solidjs/meta";
import { A } from "@solidjs/router";
import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { buttonClass } from "../../components/Button";
import { Card, PageHeader } from "../../components/Card";
import { DocumentStatusBadge } from "../../components/documents/DocumentStatusBadge";
import { PasswordPrompt } from "../../components/documents/PasswordPrompt";
import { errorMessage } from "../../components/FormAlert";
import { CameraIcon, DocumentIcon } from "../../components/Icons";
import { type DocumentSummary, documentsApi, isInProgress, uploadDocuments } from "../../lib/documents";
import { unreadCount } from "../../lib/notifications";

interface Entry {
  key: number;
  fileName: string;
  /** 0..1 while the bytes go up */
  progress: number;
  state: "waiting" | "uploading" | "stored" | "error";
  duplicate: boolean;
  document?: DocumentSummary;
  error?: string;
}

const POLL_MS = 1500;
let nextKey = 1;

export default function ScanPage() {
  const [entries, setEntries] = createStore<Entry[]>([]);
  const [busy, setBusy] = createSignal(false);
  const queue: { key: number; file: File }[] = [];

  const update = (key: number, change: (entry: Entry) => void) =>
    setEntries(
      produce((list) => {
        const entry = list.find((e) => e.key === key);
        if (entry) change(entry);
      }),
    );

  /** One file per request, one after another: each has its own progress bar and result. */
  const drain = async () => {
    if (busy()) return;
    setBusy(true);
    try {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { key, file } = next;
        update(key, (e) => {
          e.state = "uploading";
        });
        try {
          const [result] = await uploadDocuments([file], {
            onProgress: (fraction) =>
              update(key, (e) => {
                e.progress = fraction;
              }),
          });
          update(key, (e) => {
            e.progress = 1;
            if (!result || result.outcome === "error") {
              e.state = "error";
              e.error = result?.error?.detail ?? "This file could not be stored.";
            } else {
              e.state = "stored";
              e.duplicate = result.outcome === "duplicate";
              e.document = result.document;
            }
          });
        } catch (err) {
          update(key, (e) => {
            e.state = "error";
            e.error = errorMessage(err);
          });
        }
        schedulePoll();
      }
    } finally {
      setBusy(false);
    }
  };

  const add = (files: FileList | null) => {
    if (!files?.length) return;
    const added: Entry[] = [];
    for (const file of Array.from(files)) {
      const key = nextKey++;
      queue.push({ key, file });
      added.push({ key, fileName: file.name, progress: 0, state: "waiting", duplicate: false });
    }
    setEntries((list) => [...added.reverse(), ...list]);
    void drain();
  };

  // live status: while anything is still being read, ask again every 1.5 s, and at once when
  // the notifications stream says something changed (extraction tells the uploader)
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedulePoll = (delay = POLL_MS) => {
    if (timer) return;
    timer = setTimeout(async () => {
      timer = undefined;
      const open = entries.filter((e) => e.document && isInProgress(e.document.status));
      for (const entry of open) {
        try {
          const fresh = await documentsApi.get(entry.document!.id);
          update(entry.key, (e) => {
            e.document = fresh;
          });
        } catch {
          // shown as it was; the next poll tries again
        }
      }
      if (entries.some((e) => e.document && isInProgress(e.document.status))) schedulePoll();
    }, delay);
  };
  onCleanup(() => clearTimeout(timer));
  createEffect(
    on(
      unreadCount,
      () => {
        clearTimeout(timer);
        timer = undefined;
        schedulePoll(0);
      },
      { defer: true },
    ),
  );

  const pick = (event: Event & { currentTarget: HTMLInputElement }) => {
    add(event.currentTarget.files);
    event.currentTarget.value = "";
  };

  return (
    <>
      <Title>Scan · FinTrack</Title>
      <PageHeader
        title="Scan"
        description="Photograph receipts or upload card statements; FinTrack reads them for you to review."
        actions={
          <div class="flex flex-wrap gap-1">
            <A href="/documents" class={buttonClass("ghost")}>
              All documents
            </A>
            <A href="/paste" class={buttonClass("ghost")}>
              Paste AI answer
            </A>
          </div>
        }
      />
      <div class="grid gap-3 sm:grid-cols-2">
        <label class={buttonClass("primary", "min-h-24 cursor-pointer flex-col text-base")}>
          <CameraIcon class="size-8" />
          Take photo
          <input
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            class="sr-only"
            data-testid="take-photo"
            onChange={pick}
          />
        </label>
        <label class={buttonClass("secondary", "min-h-24 cursor-pointer flex-col text-base")}>
          <DocumentIcon class="size-8" />
          Upload files
          <input
            type="file"
            accept="image/*,.heic,.heif,application/pdf"
            multiple
            class="sr-only"
            data-testid="upload-files"
            onChange={pick}
          />
        </label>
      </div>
      <p class="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
        Photos (JPEG, PNG, WebP, HEIC) and PDF statements, up to 15 MB each.
      </p>

      <Show when={entries.length > 0}>
        <Card class="mt-6" title="This session">
          <ul class="divide-y divide-zinc-200 dark:divide-zinc-800" aria-live="polite">
            <For each={entries}>
              {(entry) => (
                <li class="py-3" data-testid="scan-entry">
                  <div class="flex items-center justify-between gap-3">
                    <span class="min-w-0 truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">
                      {entry.fileName}
                    </span>
                    <Show
                      when={entry.document}
                      fallback={
                        <span class="text-xs text-zinc-600 dark:text-zinc-400">
                          {entry.state === "error"
                            ? "Not stored"
                            : entry.state === "waiting"
                              ? "Waiting"
                              : `${Math.round(entry.progress * 100)}%`}
                        </span>
                      }
                    >
                      {(doc) => <DocumentStatusBadge status={doc().status} />}
                    </Show>
                  </div>
                  <Show when={entry.state === "uploading"}>
                    <progress
                      class="mt-2 h-1.5 w-full accent-emerald-600"
                      max="100"
                      value={Math.round(entry.progress * 100)}
                      aria-label={`Uploading ${entry.fileName}`}
                    />
                  </Show>
                  <Show when={entry.error}>
                    <p class="mt-1 text-sm text-red-700 dark:text-red-400" role="alert">
                      {entry.error}
                    </p>
                  </Show>
                  <Show when={entry.duplicate}>
                    <p class="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                      Uploaded before — this is the first upload.
                    </p>
                  </Show>
                  <Show when={entry.document}>
                    {(doc) => (
                      <>
                        <Show when={doc().status === "needs_password"}>
                          <PasswordPrompt
                            document={doc()}
                            onUnlocked={(fresh) => {
                              update(entry.key, (e) => {
                                e.document = fresh;
                              });
                              schedulePoll();
                            }}
                          />
                        </Show>
                        <Show when={doc().status === "failed" && doc().failureReason}>
                          <p class="mt-1 text-sm text-red-700 dark:text-red-400">{doc().failureReason}</p>
                        </Show>
                        <div class="mt-1">
                          <A
                            href={`/documents/${doc().id}`}
                            class="text-sm font-semibold text-emerald-700 underline-offset-2 hover:underline dark:text-emerald-300"
                          >
                            {doc().status === "extracted" ? "Review" : "Open"}
                          </A>
                        </div>
                      </>
                    )}
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Card>
      </Show>
    </>
  );
}
