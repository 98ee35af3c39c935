import { Title } from "@solidjs/meta";
import { A, createAsync } from "@solidjs/router";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { buttonClass } from "../../../components/Button";
import { Card, PageHeader } from "../../../components/Card";
import { DocumentStatusBadge } from "../../../components/documents/DocumentStatusBadge";
import { FormAlert } from "../../../components/FormAlert";
import { CameraIcon, DocumentIcon } from "../../../components/Icons";
import { SelectField } from "../../../components/SelectField";
import { TextField } from "../../../components/TextField";
import { getMe } from "../../../lib/auth";
import {
  type DocumentFilters,
  type DocumentKind,
  type DocumentStatus,
  type DocumentSummary,
  documentsApi,
  statusLabel,
  thumbnailUrl,
} from "../../../lib/documents";
import { formatDateTime } from "../../../lib/format";

export function DocumentThumb(props: { document: DocumentSummary; class?: string }) {
  return (
    <Show
      when={props.document.hasThumbnail}
      fallback={
        <span
          class={`flex items-center justify-center rounded-lg bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400 ${props.class ?? "size-14"}`}
        >
          <DocumentIcon class="size-7" />
        </span>
      }
    >
      <img
        src={thumbnailUrl(props.document.id)}
        alt=""
        loading="lazy"
        class={`rounded-lg object-cover ring-1 ring-zinc-200 dark:ring-zinc-700 ${props.class ?? "size-14"}`}
      />
    </Show>
  );
}

export default function DocumentsPage() {
  const me = createAsync(() => getMe());
  const [filters, setFilters] = createSignal<DocumentFilters>({});
  const [items, setItems] = createSignal<DocumentSummary[]>();
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [error, setError] = createSignal<unknown>();
  const [loading, setLoading] = createSignal(false);

  const load = async (more: boolean) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await documentsApi.list({
        ...filters(),
        cursor: more ? (cursor() ?? undefined) : undefined,
      });
      setItems((list) => (more ? [...(list ?? []), ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };
  createEffect(on(filters, () => void load(false)));

  const setFilter = (key: keyof DocumentFilters, value: string) =>
    setFilters((f) => ({ ...f, [key]: value || undefined }));

  return (
    <>
      <Title>Documents · FinTrack</Title>
      <PageHeader
        title="Documents"
        description="Receipts and statements uploaded by your household."
        actions={
          <A href="/scan" class={buttonClass("primary")}>
            <CameraIcon />
            Scan
          </A>
        }
      />
      <Card class="mb-4">
        <div class="grid grid-cols-2 gap-3 lg:grid-cols-5">
          <SelectField
            label="Kind"
            name="kind"
            value={filters().kind ?? ""}
            onChange={(e) => setFilter("kind", e.currentTarget.value as DocumentKind)}
          >
            <option value="">All</option>
            <option value="receipt">Receipts</option>
            <option value="statement">Statements</option>
          </SelectField>
          <SelectField
            label="Status"
            name="status"
            value={filters().status ?? ""}
            onChange={(e) => setFilter("status", e.currentTarget.value as DocumentStatus)}
          >
            <option value="">All</option>
            <For each={Object.entries(statusLabel)}>
              {([value, label]) => <option value={value}>{label}</option>}
            </For>
          </SelectField>
          <SelectField
            label="Uploaded by"
            name="uploadedBy"
            value={filters().uploadedBy ?? ""}
            onChange={(e) => setFilter("uploadedBy", e.currentTarget.value)}
          >
            <option value="">Anyone</option>
            <For each={me()?.household.members ?? []}>{(m) => <option value={m.id}>{m.name}</option>}</For>
          </SelectField>
          <TextField
            label="From"
            name="from"
            type="date"
            value={filters().from ?? ""}
            onChange={(e) => setFilter("from", e.currentTarget.value)}
          />
          <TextField
            label="To"
            name="to"
            type="date"
            value={filters().to ?? ""}
            onChange={(e) => setFilter("to", e.currentTarget.value)}
          />
        </div>
      </Card>
      <FormAlert error={error()} class="mb-4" />
      <Card>
        <Show when={items()} fallback={<p class="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>}>
          {(list) => (
            <Show
              when={list().length > 0}
              fallback={
                <p class="text-sm text-zinc-600 dark:text-zinc-400">
                  No documents yet.{" "}
                  <A href="/scan" class="font-semibold text-emerald-700 dark:text-emerald-300">
                    Scan a receipt
                  </A>{" "}
                  or upload a statement.
                </p>
              }
            >
              <ul class="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="document-list">
                <For each={list()}>
                  {(doc) => (
                    <li>
                      <A
                        href={`/documents/${doc.id}`}
                        class="flex items-center gap-3 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
                      >
                        <DocumentThumb document={doc} />
                        <span class="min-w-0 flex-1">
                          <span class="block truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">
                            {doc.fileName}
                          </span>
                          <span class="block text-xs text-zinc-600 dark:text-zinc-400">
                            {doc.kind === "receipt" ? "Receipt" : "Statement"} · {doc.uploadedBy.name} ·{" "}
                            {formatDateTime(doc.createdAt)}
                          </span>
                        </span>
                        <DocumentStatusBadge status={doc.status} class="shrink-0" />
                      </A>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={cursor()}>
                <button
                  type="button"
                  class={buttonClass("secondary", "mt-3 w-full")}
                  disabled={loading()}
                  onClick={() => void load(true)}
                >
                  Load more
                </button>
              </Show>
            </Show>
          )}
        </Show>
      </Card>
    </>
  );
}
