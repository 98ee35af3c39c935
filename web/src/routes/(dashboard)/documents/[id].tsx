import { Title } from "@solidjs/meta";
import { A, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
import { Button, buttonClass } from "../../../components/Button";
import { Card, PageHeader } from "../../../components/Card";
import { DocumentDrafts } from "../../../components/documents/DocumentDrafts";
import { DocumentStatusBadge } from "../../../components/documents/DocumentStatusBadge";
import { ExtractionRuns } from "../../../components/documents/ExtractionRuns";
import { PasswordPrompt } from "../../../components/documents/PasswordPrompt";
import { FormAlert } from "../../../components/FormAlert";
import { showToast } from "../../../components/Toast";
import { formatDate } from "../../../lib/dates";
import { type DocumentDetail, documentsApi, fileUrl, isInProgress } from "../../../lib/documents";
import { formatDateTime } from "../../../lib/format";
import { formatPeso } from "../../../lib/money";
import { unreadCount } from "../../../lib/notifications";

const POLL_MS = 1500;

export default function DocumentPage() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const [doc, setDoc] = createSignal<DocumentDetail>();
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal<"extract" | "delete">();
  const [confirmDelete, setConfirmDelete] = createSignal(false);

  let timer: ReturnType<typeof setTimeout> | undefined;
  const load = async () => {
    clearTimeout(timer);
    try {
      const fresh = await documentsApi.get(params.id);
      setDoc(fresh);
      setError(undefined);
      // live status while extraction runs
      if (isInProgress(fresh.status)) timer = setTimeout(() => void load(), POLL_MS);
    } catch (err) {
      setError(err);
    }
  };
  createEffect(
    on(
      () => params.id,
      () => void load(),
    ),
  );
  // extraction's notification to the uploader arrives over the SSE stream: refresh at once
  createEffect(
    on(
      unreadCount,
      () => {
        const current = doc();
        if (current && isInProgress(current.status)) void load();
      },
      { defer: true },
    ),
  );
  onCleanup(() => clearTimeout(timer));

  const extractAgain = async () => {
    setPending("extract");
    try {
      await documentsApi.extractAgain(params.id);
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setPending(undefined);
    }
  };
  const remove = async () => {
    if (!confirmDelete()) {
      setConfirmDelete(true);
      return;
    }
    setPending("delete");
    try {
      await documentsApi.remove(params.id);
      showToast("Document deleted. Transactions recorded from it stay.");
      navigate("/documents");
    } catch (err) {
      setError(err);
      setPending(undefined);
    }
  };

  return (
    <>
      <Title>{doc()?.fileName ?? "Document"} · FinTrack</Title>
      <PageHeader
        title={doc()?.kind === "statement" ? "Statement" : "Receipt"}
        description={doc()?.fileName}
        actions={
          <A href="/documents" class={buttonClass("ghost")}>
            All documents
          </A>
        }
      />
      <FormAlert error={error()} class="mb-4" />
      <Show when={doc()}>
        {(d) => (
          <div class="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
            <Card>
              <Show
                when={
                  d().mediaType.startsWith("image/") &&
                  d().mediaType !== "image/heic" &&
                  d().mediaType !== "image/heif"
                }
                fallback={
                  <Show when={d().hasThumbnail}>
                    <img
                      src={`/api/documents/${d().id}/thumbnail`}
                      alt={d().fileName}
                      class="mb-3 max-h-96 w-full rounded-lg object-contain"
                    />
                  </Show>
                }
              >
                <img
                  src={fileUrl(d().id)}
                  alt={d().fileName}
                  class="mb-3 max-h-[28rem] w-full rounded-lg object-contain"
                />
              </Show>
              <a href={fileUrl(d().id)} class={buttonClass("secondary", "w-full")} download={d().fileName}>
                {d().mediaType === "application/pdf" ? "Download PDF" : "Download original"}
              </a>
            </Card>
            <div>
              <Card>
                <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
                  <dt class="text-zinc-600 dark:text-zinc-400">Status</dt>
                  <dd data-testid="document-status">
                    <DocumentStatusBadge status={d().status} />
                  </dd>
                  <dt class="text-zinc-600 dark:text-zinc-400">Uploaded</dt>
                  <dd>
                    {formatDateTime(d().createdAt)} by {d().uploadedBy.name}
                  </dd>
                  <Show when={d().pageCount}>
                    <dt class="text-zinc-600 dark:text-zinc-400">Pages</dt>
                    <dd>{d().pageCount}</dd>
                  </Show>
                  <Show when={d().extractor}>
                    <dt class="text-zinc-600 dark:text-zinc-400">Read by</dt>
                    <dd>{d().extractor}</dd>
                  </Show>
                  <Show when={d().attempt > 1}>
                    <dt class="text-zinc-600 dark:text-zinc-400">Attempt</dt>
                    <dd>{d().attempt}</dd>
                  </Show>
                </dl>
                <ExtractionRuns documentId={d().id} attempt={d().attempt} status={d().status} />
                <Show when={d().status === "failed"}>
                  <p class="mt-3 text-sm text-red-700 dark:text-red-400" role="alert">
                    {d().failureReason ?? "This document could not be read."}
                  </p>
                </Show>
                <Show when={d().status === "needs_password"}>
                  <PasswordPrompt document={d()} onUnlocked={() => void load()} />
                </Show>
                <div class="mt-4 flex flex-wrap gap-2">
                  <Show when={d().status !== "needs_password"}>
                    <Button
                      variant="secondary"
                      pending={pending() === "extract"}
                      pendingLabel="Starting…"
                      onClick={() => void extractAgain()}
                    >
                      Extract again
                    </Button>
                  </Show>
                  <Show when={d().canDelete}>
                    <Button variant="danger" pending={pending() === "delete"} onClick={() => void remove()}>
                      {confirmDelete() ? "Tap again to delete" : "Delete"}
                    </Button>
                  </Show>
                </div>
                <Show when={confirmDelete()}>
                  <p class="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
                    Deletes the file and its drafts. Transactions already recorded from it stay.
                  </p>
                </Show>
              </Card>
              <Card title="Transactions from this document" class="mt-4">
                <Show
                  when={d().transactions.length > 0}
                  fallback={<p class="text-sm text-zinc-600 dark:text-zinc-400">None yet.</p>}
                >
                  <ul
                    class="divide-y divide-zinc-200 dark:divide-zinc-800"
                    data-testid="document-transactions"
                  >
                    <For each={d().transactions}>
                      {(t) => (
                        <li class="flex items-center justify-between gap-3 py-2 text-sm">
                          <span class="min-w-0 truncate">
                            {t.merchant ?? (t.type === "income" ? "Income" : "Expense")}
                            <span class="block text-xs text-zinc-600 dark:text-zinc-400">
                              {formatDate(t.date)}
                            </span>
                          </span>
                          <span class="font-semibold tabular-nums">{formatPeso(t.amountCentavos)}</span>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </Card>
              <Show when={d().status === "extracted" || d().status === "confirmed"}>
                <section class="mt-4" aria-label="Review and confirm">
                  <h2 class="mb-3 text-base font-semibold text-zinc-900 dark:text-zinc-50">
                    {d().status === "confirmed" ? "Drafts" : "Review and confirm"}
                  </h2>
                  <DocumentDrafts documentId={d().id} status={d().status} onConfirmed={() => void load()} />
                </section>
              </Show>
            </div>
          </div>
        )}
      </Show>
    </>
  );
}
