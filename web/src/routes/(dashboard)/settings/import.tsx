import { Title } from "@solidjs/meta";
import { A, createAsync } from "@solidjs/router";
import { createSignal, For, onCleanup, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { Button, buttonClass } from "../../../components/Button";
import { Card, PageHeader } from "../../../components/Card";
import { FormAlert } from "../../../components/FormAlert";
import { ChevronRightIcon, DownloadIcon, UploadIcon } from "../../../components/Icons";
import { DuplicateRows } from "../../../components/imports/DuplicateRows";
import { ImportedNames } from "../../../components/imports/ImportedNames";
import { NamesStep } from "../../../components/imports/NamesStep";
import { Segmented, SelectField } from "../../../components/SelectField";
import { showToast } from "../../../components/Toast";
import { refreshSession } from "../../../lib/api";
import { formatDateTime, middleTruncate } from "../../../lib/format";
import {
  type ImportNamesReport,
  type ImportValues,
  importValuesApi,
  type ValueChoices,
} from "../../../lib/import-values";
import {
  getAccounts,
  getImports,
  type ImportBatch,
  type ImportCommit,
  type ImportMapping,
  type ImportPreview,
  type ImportSource,
  importsApi,
  ledgerChanged,
  type MappingField,
} from "../../../lib/ledger";

const sourceOptions: Array<{ value: ImportSource; label: string }> = [
  { value: "notion", label: "Notion" },
  { value: "csv", label: "Other CSV" },
  { value: "fintrack", label: "FinTrack" },
];

const mappingFields: Array<{ field: MappingField; label: string; hint?: string; required?: boolean }> = [
  { field: "date", label: "Date", required: true },
  { field: "amount", label: "Amount", hint: "Or map money in / money out below." },
  { field: "type", label: "Type", hint: "Expense / income; else the default below." },
  { field: "category", label: "Category" },
  {
    field: "account",
    label: "Account",
    hint: "Or “From → To” for transfers. You'll choose for unknown names.",
  },
  { field: "toAccount", label: "To account", hint: "Where a transfer goes." },
  { field: "merchant", label: "Merchant / description" },
  { field: "notes", label: "Notes" },
  { field: "tags", label: "Tags" },
  { field: "inflow", label: "Money in" },
  { field: "outflow", label: "Money out" },
];

const statusLabels: Record<ImportBatch["status"], string> = {
  previewed: "Not imported",
  importing: "Importing",
  completed: "Imported",
  failed: "Failed",
  undone: "Undone",
};

/** "Imported", or "Interrupted — resumed · Imported" for an import another process carried on. */
const statusLabel = (batch: ImportBatch) =>
  batch.resumedAt && batch.status !== "failed"
    ? `Interrupted — resumed · ${statusLabels[batch.status]}`
    : statusLabels[batch.status];

const rowCount = (n: number) => `${n.toLocaleString("en-PH")} ${n === 1 ? "row" : "rows"}`;

export default function ImportPage() {
  const [source, setSource] = createSignal<ImportSource>("notion");
  const [file, setFile] = createSignal<File>();
  const [preview, setPreview] = createSignal<ImportPreview>();
  const [batch, setBatch] = createSignal<ImportBatch>();
  const [error, setError] = createSignal<unknown>();
  const [uploading, setUploading] = createSignal(false);

  async function upload(chosen: File) {
    setFile(chosen);
    setError(undefined);
    setPreview(undefined);
    setBatch(undefined);
    setUploading(true);
    try {
      setPreview(await importsApi.preview(chosen, source()));
    } catch (failure) {
      setError(failure);
    } finally {
      setUploading(false);
    }
  }

  function reset() {
    setFile(undefined);
    setPreview(undefined);
    setBatch(undefined);
    setError(undefined);
  }

  return (
    <>
      <Title>Import & export · FinTrack</Title>
      <nav aria-label="Breadcrumb" class="mb-2 text-sm">
        <A href="/settings" class="font-medium text-emerald-800 hover:underline dark:text-emerald-300">
          Settings
        </A>
        <ChevronRightIcon class="mx-1 inline size-4 text-zinc-400" />
        <span class="text-zinc-600 dark:text-zinc-400">Import & export</span>
      </nav>
      <PageHeader
        title="Import & export"
        description="Bring in your history from Notion or a bank's CSV, or download everything as CSV."
        actions={<ExportButton />}
      />

      <div class="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_20rem] lg:items-start">
        <div class="min-w-0 space-y-4">
          <Show when={!batch()}>
            <Card
              title="1. Choose a file"
              description="A CSV up to 10 MB. Nothing is saved until you press Import."
            >
              <div class="space-y-4">
                <Segmented
                  label="Where the file comes from"
                  name="source"
                  value={source()}
                  options={sourceOptions}
                  onChange={(value) => {
                    setSource(value);
                    const chosen = file();
                    if (chosen) void upload(chosen);
                  }}
                />
                <label class="flex min-h-28 cursor-pointer flex-col items-center justify-center gap-2 rounded-2xl border-2 border-dashed border-zinc-300 px-4 py-6 text-center hover:border-emerald-600 hover:bg-emerald-50/50 has-focus-visible:border-emerald-600 dark:border-zinc-700 dark:hover:border-emerald-400 dark:hover:bg-emerald-950/30">
                  <UploadIcon class="size-7 text-zinc-500" />
                  {/* a long file name wraps anywhere instead of widening the page on a phone */}
                  <span class="max-w-full text-sm font-semibold break-all" data-testid="import-file-name">
                    <Show when={file()} fallback="Choose a CSV file">
                      {(chosen) => <>{chosen().name}</>}
                    </Show>
                  </span>
                  <span class="text-xs text-zinc-600 dark:text-zinc-400">
                    {source() === "notion"
                      ? "In Notion: ••• → Export → Markdown & CSV, then pick the .csv"
                      : source() === "fintrack"
                        ? "A file from FinTrack's Export CSV"
                        : "Any CSV with a date and an amount column"}
                  </span>
                  <input
                    type="file"
                    accept=".csv,text/csv"
                    class="sr-only"
                    aria-label="CSV file"
                    data-testid="import-file"
                    onChange={(event) => {
                      const chosen = event.currentTarget.files?.[0];
                      if (chosen) void upload(chosen);
                      event.currentTarget.value = "";
                    }}
                  />
                </label>
                <Show when={uploading()}>
                  <p role="status" class="text-sm text-zinc-600 dark:text-zinc-400">
                    Reading the file…
                  </p>
                </Show>
                <FormAlert error={error()} />
              </div>
            </Card>
          </Show>

          <Show when={!batch() && preview()} keyed>
            {(current) => (
              <MappingForm
                preview={current}
                onStarted={(started) => {
                  setBatch(started);
                }}
              />
            )}
          </Show>

          <Show when={batch()} keyed>
            {(started) => (
              <ImportProgress batch={started} onDone={() => void ledgerChanged()} onAnother={reset} />
            )}
          </Show>
        </div>

        <PastImports />
      </div>
    </>
  );
}

function MappingForm(props: { preview: ImportPreview; onStarted: (batch: ImportBatch) => void }) {
  const accounts = createAsync(() => getAccounts());
  const usable = () => (accounts()?.items ?? []).filter((account) => !account.archivedAt);
  const [mapping, setMapping] = createStore<ImportMapping>({ ...props.preview.suggestedMapping });
  const [options, setOptions] = createStore({
    accountId: "",
    type: "expense" as "expense" | "income",
    dateFormat: "auto" as NonNullable<ImportCommit["dateFormat"]>,
    createMissingCategories: true,
  });
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const accountId = () => options.accountId || usable()[0]?.id || "";
  const mapped = (header: string) => Object.values(mapping).includes(header);
  const missing = () => {
    if (!mapping.date) return "Choose the column with the date.";
    if (!mapping.amount && !mapping.inflow && !mapping.outflow)
      return "Choose the amount column (or money in / out).";
    if (!accountId()) return "Add an account first: imported transactions need one.";
    return undefined;
  };

  const [names, setNames] = createSignal<ImportValues>();
  const cleanMapping = () =>
    Object.fromEntries(Object.entries(mapping).filter(([, header]) => header)) as ImportMapping;

  // first the names in the file (NamesStep), then the import with the answers
  async function commit(event: SubmitEvent) {
    event.preventDefault();
    if (pending() || missing()) return;
    setError(undefined);
    setPending(true);
    try {
      setNames(
        await importValuesApi.values(props.preview.batchId, {
          mapping: cleanMapping(),
          dateFormat: options.dateFormat,
          defaults: { accountId: accountId(), type: options.type },
        }),
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  async function importWith(values: ValueChoices) {
    if (pending()) return;
    setError(undefined);
    setPending(true);
    try {
      const batch = await importsApi.commit(props.preview.batchId, {
        mapping: cleanMapping(),
        defaults: { accountId: accountId(), type: options.type },
        dateFormat: options.dateFormat,
        createMissingCategories: options.createMissingCategories,
        values,
      } as ImportCommit);
      props.onStarted(batch);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  return (
    <Show
      when={names()}
      fallback={
        <form onSubmit={commit} class="space-y-4" aria-label="Import settings">
          <Card
            title="2. Check the preview"
            description={`${props.preview.rowCount} ${props.preview.rowCount === 1 ? "row" : "rows"} found. The first ${Math.min(props.preview.sampleRows.length, 20)} are shown; highlighted columns will be imported.`}
          >
            <section
              class="-mx-5 overflow-x-auto border-y border-zinc-200 sm:-mx-6 dark:border-zinc-800"
              // scrollable sideways on a phone: focusable so keyboards can scroll it too
              tabindex="0"
              aria-label="Preview of the file"
            >
              <table class="min-w-full text-left text-sm" data-testid="import-preview">
                <thead class="bg-zinc-50 dark:bg-zinc-950/60">
                  <tr>
                    <th scope="col" class="px-3 py-2 text-xs font-semibold text-zinc-500">
                      #
                    </th>
                    <For each={props.preview.headers}>
                      {(header) => (
                        <th
                          scope="col"
                          class={`px-3 py-2 text-xs font-semibold whitespace-nowrap ${mapped(header) ? "text-emerald-800 dark:text-emerald-300" : "text-zinc-500 dark:text-zinc-500"}`}
                        >
                          {header}
                        </th>
                      )}
                    </For>
                  </tr>
                </thead>
                <tbody class="divide-y divide-zinc-100 dark:divide-zinc-800">
                  <For each={props.preview.sampleRows}>
                    {(row, index) => (
                      <tr>
                        <td class="px-3 py-2 text-xs text-zinc-500 tabular-nums">{index() + 1}</td>
                        <For each={props.preview.headers}>
                          {(header, column) => (
                            <td
                              class={`max-w-56 truncate px-3 py-2 whitespace-nowrap ${mapped(header) ? "" : "text-zinc-500 dark:text-zinc-500"}`}
                            >
                              {row[column()] ?? ""}
                            </td>
                          )}
                        </For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </section>
          </Card>

          <Card
            title="3. Match the columns"
            description={
              props.preview.remembered
                ? "These columns match a file you imported before, so FinTrack used the same choices."
                : "FinTrack guessed from the column names. Change anything that's off."
            }
          >
            <Show when={props.preview.remembered}>
              <p
                class="mb-4 rounded-xl bg-emerald-50 px-3.5 py-2.5 text-sm text-emerald-900 ring-1 ring-emerald-200 ring-inset dark:bg-emerald-950/50 dark:text-emerald-100 dark:ring-emerald-900"
                data-testid="remembered-mapping"
              >
                Remembered from your last import of this kind of file.
              </p>
            </Show>
            <div class="grid gap-4 sm:grid-cols-2">
              <For each={mappingFields}>
                {(item) => (
                  <SelectField
                    label={`${item.label}${item.required ? " *" : ""}`}
                    hint={item.hint}
                    name={`map-${item.field}`}
                    data-testid={`map-${item.field}`}
                    value={mapping[item.field] ?? ""}
                    onChange={(event) => setMapping(item.field, event.currentTarget.value || undefined)}
                  >
                    <option value="" selected={!mapping[item.field]}>
                      — Not in this file —
                    </option>
                    <For each={props.preview.headers}>
                      {(header) => (
                        <option value={header} selected={mapping[item.field] === header}>
                          {header}
                        </option>
                      )}
                    </For>
                  </SelectField>
                )}
              </For>
            </div>
          </Card>

          <Card title="4. Defaults">
            <div class="grid gap-4 sm:grid-cols-2">
              <SelectField
                label="Account"
                name="defaultAccount"
                hint="For rows without an account (or one FinTrack doesn't know)."
                value={accountId()}
                onChange={(event) => setOptions("accountId", event.currentTarget.value)}
              >
                <For each={usable()}>
                  {(account) => (
                    <option value={account.id} selected={account.id === accountId()}>
                      {account.name}
                    </option>
                  )}
                </For>
              </SelectField>
              <SelectField
                label="Rows without a type are"
                name="defaultType"
                value={options.type}
                onChange={(event) => setOptions("type", event.currentTarget.value as "expense" | "income")}
              >
                <option value="expense">Expenses</option>
                <option value="income">Income</option>
              </SelectField>
              <SelectField
                label="Date format"
                name="dateFormat"
                value={options.dateFormat}
                onChange={(event) => setOptions("dateFormat", event.currentTarget.value as "auto")}
              >
                <option value="auto">Detect automatically</option>
                <option value="MDY">Month/Day/Year (11/25/2026)</option>
                <option value="DMY">Day/Month/Year (25/11/2026)</option>
                <option value="YMD">Year-Month-Day (2026-11-25)</option>
              </SelectField>
              <label class="flex min-h-11 cursor-pointer items-start gap-3 self-end rounded-xl py-2">
                <input
                  type="checkbox"
                  name="createMissingCategories"
                  checked={options.createMissingCategories}
                  onChange={(event) => setOptions("createMissingCategories", event.currentTarget.checked)}
                  class="mt-0.5 size-5 shrink-0 rounded accent-emerald-700 dark:accent-emerald-400"
                />
                <span class="text-sm">
                  <span class="font-medium">Create missing categories</span>
                  <span class="block text-xs text-zinc-600 dark:text-zinc-400">
                    Otherwise rows with an unknown category go to Others.
                  </span>
                </span>
              </label>
            </div>
            <FormAlert error={error()} class="mt-4" />
            <Show when={missing()}>
              {(message) => <p class="mt-4 text-sm text-amber-800 dark:text-amber-300">{message()}</p>}
            </Show>
            <Button
              type="submit"
              class="mt-5 w-full min-h-12 text-base sm:w-auto"
              pending={pending()}
              pendingLabel="Starting…"
              disabled={!!missing()}
            >
              Continue with {props.preview.rowCount} {props.preview.rowCount === 1 ? "row" : "rows"}
            </Button>
          </Card>
        </form>
      }
    >
      {(values) => (
        <NamesStep
          values={values()}
          accounts={usable()}
          pending={pending()}
          error={error()}
          onImport={importWith}
          refresh={(choices) =>
            importValuesApi.values(props.preview.batchId, {
              mapping: cleanMapping(),
              dateFormat: options.dateFormat,
              defaults: { accountId: accountId(), type: options.type },
              values: choices,
            })
          }
        />
      )}
    </Show>
  );
}

function ImportProgress(props: { batch: ImportBatch; onDone: () => void; onAnother: () => void }) {
  const [batch, setBatch] = createSignal(props.batch);
  const [pollError, setPollError] = createSignal<unknown>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const finished = () => ["completed", "failed", "undone"].includes(batch().status);

  const poll = async () => {
    if (stopped) return;
    try {
      const next = await importsApi.get(batch().id);
      setBatch(next);
      setPollError(undefined);
      if (["completed", "failed", "undone"].includes(next.status)) {
        props.onDone();
        return;
      }
    } catch (failure) {
      setPollError(failure);
    }
    timer = setTimeout(poll, 400);
  };
  if (finished()) props.onDone();
  else timer = setTimeout(poll, 250);
  onCleanup(() => {
    stopped = true;
    clearTimeout(timer);
  });

  const percent = () => {
    const b = batch();
    if (b.status === "completed") return 100;
    return b.totalRows > 0 ? Math.round((b.processedRows / b.totalRows) * 100) : 0;
  };

  // each skipped row counts once, under its reason: already in FinTrack, or unreadable (listed below)
  const unreadable = () => batch().report?.errorRows ?? batch().errors.length;
  const duplicates = () => batch().report?.duplicateRows ?? Math.max(batch().skippedRows - unreadable(), 0);
  return (
    <Card
      title={finished() ? (batch().status === "failed" ? "Import failed" : "Import finished") : "Importing…"}
      description={batch().filename}
    >
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent()}
        class="h-3 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
        data-testid="import-progress"
      >
        <div
          class={`h-full rounded-full transition-[width] duration-300 ${batch().status === "failed" ? "bg-red-600" : "bg-emerald-600 dark:bg-emerald-400"}`}
          style={{ width: `${percent()}%` }}
        />
      </div>
      <p class="mt-2 text-sm text-zinc-600 tabular-nums dark:text-zinc-400" aria-live="polite">
        {batch().processedRows} of {batch().totalRows} rows processed
        {batch().resumedAt ? " · interrupted — resumed" : ""}
      </p>
      <Show when={batch().status === "failed" && batch().error}>
        {(reason) => (
          <p class="mt-3 text-sm text-red-700 dark:text-red-400" role="alert" data-testid="import-error">
            {reason()}
          </p>
        )}
      </Show>
      <FormAlert error={pollError()} class="mt-3" />

      <Show when={finished()}>
        <dl class="mt-5 grid grid-cols-3 gap-2" data-testid="import-results">
          <Result
            label="Imported"
            value={batch().importedRows}
            tone="text-emerald-700 dark:text-emerald-400"
            testId="import-imported"
          />
          <Result
            label="Already there"
            value={duplicates()}
            tone="text-zinc-900 dark:text-zinc-100"
            testId="import-skipped"
          />
          <Result
            label="Couldn't read"
            value={unreadable()}
            tone={unreadable() ? "text-red-700 dark:text-red-400" : "text-zinc-900 dark:text-zinc-100"}
            testId="import-errors"
          />
        </dl>
        <Show when={duplicates() > 0}>
          <DuplicateRows count={duplicates()} rows={batch().duplicates} />
        </Show>
        <ImportedNames report={(batch() as ImportBatch & { report?: ImportNamesReport }).report} />
        <Show when={batch().errors.length > 0}>
          <div class="mt-4">
            <h3 class="text-sm font-semibold">Rows that weren't imported</h3>
            <ul class="mt-2 max-h-64 divide-y divide-zinc-100 overflow-y-auto rounded-xl ring-1 ring-zinc-200 dark:divide-zinc-800 dark:ring-zinc-800">
              <For each={batch().errors}>
                {(rowError) => (
                  <li class="flex gap-3 px-3 py-2 text-sm">
                    <span class="w-16 shrink-0 font-medium tabular-nums text-zinc-600 dark:text-zinc-400">
                      Row {rowError.row}
                    </span>
                    <span>{rowError.message}</span>
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Show>
        <div class="mt-5 flex flex-wrap gap-3">
          <A href="/transactions" class={buttonClass("primary")}>
            View transactions
          </A>
          <Button variant="secondary" onClick={props.onAnother}>
            Import another file
          </Button>
        </div>
      </Show>
    </Card>
  );
}

function Result(props: { label: string; value: number; tone: string; testId: string }) {
  return (
    <div class="rounded-xl bg-zinc-50 px-3 py-3 dark:bg-zinc-950/60">
      <dt class="text-xs font-medium text-zinc-600 dark:text-zinc-400">{props.label}</dt>
      <dd class={`mt-0.5 text-2xl font-bold tabular-nums ${props.tone}`} data-testid={props.testId}>
        {props.value}
      </dd>
    </div>
  );
}

function PastImports() {
  const imports = createAsync(() => getImports());
  const [undoing, setUndoing] = createSignal<string>();
  const past = () => (imports()?.items ?? []).filter((batch) => batch.status !== "previewed");

  async function undo(batch: ImportBatch) {
    // undo deletes real ledger rows: say how many and from which file before doing it
    const count = batch.importedRows;
    const what = count === 1 ? "1 transaction" : `${count} transactions`;
    if (!window.confirm(`Remove ${what} imported from ${batch.filename}?`)) return;
    setUndoing(batch.id);
    try {
      const { undo: result } = await importsApi.undo(batch.id);
      showToast(
        result.keptRows > 0
          ? `Import of ${batch.filename} undone: ${rowCount(result.removedRows)} removed, ${rowCount(result.keptRows)} kept — a later import (${result.keptFor.map((k) => k.filename ?? "a file").join(", ")}) has them too`
          : `Import of ${batch.filename} undone`,
      );
      await ledgerChanged();
    } catch {
      showToast("Couldn't undo the import.", { tone: "error" });
    } finally {
      setUndoing(undefined);
    }
  }

  return (
    <Card title="Past imports" description="Undo removes every transaction an import added.">
      <Show
        when={imports()}
        fallback={<div class="h-16 animate-pulse rounded-xl bg-zinc-100 dark:bg-zinc-800" />}
      >
        <Show
          when={past().length > 0}
          fallback={<p class="text-sm text-zinc-600 dark:text-zinc-400">No imports yet.</p>}
        >
          <ul
            class="-my-2 divide-y divide-zinc-100 dark:divide-zinc-800"
            aria-label="Past imports"
            data-testid="past-imports"
          >
            <For each={past()}>
              {(batch) => (
                <li class="flex items-center gap-3 py-3">
                  <div class="min-w-0 flex-1">
                    <p class="truncate text-sm font-semibold" title={batch.filename ?? undefined}>
                      {middleTruncate(batch.filename ?? "")}
                    </p>
                    <p class="text-xs text-zinc-600 dark:text-zinc-400" data-testid="past-import-status">
                      {statusLabel(batch)}
                      {batch.status === "completed" || batch.status === "failed"
                        ? ` · ${batch.importedRows} rows`
                        : ""}{" "}
                      · {formatDateTime(batch.createdAt)}
                    </p>
                    <Show when={batch.status === "failed" && batch.error}>
                      {(reason) => <p class="mt-0.5 text-xs text-red-700 dark:text-red-400">{reason()}</p>}
                    </Show>
                  </div>
                  {/* nothing to take back when the import added nothing */}
                  <Show
                    when={
                      (batch.status === "completed" || batch.status === "failed") && batch.importedRows > 0
                    }
                  >
                    <Button
                      variant="secondary"
                      pending={undoing() === batch.id}
                      pendingLabel="Undoing…"
                      onClick={() => undo(batch)}
                    >
                      Undo
                    </Button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </Card>
  );
}

/** Downloads the export through fetch, so an expired session is refreshed first instead of failing. */
function ExportButton() {
  const [pending, setPending] = createSignal(false);
  async function download() {
    setPending(true);
    try {
      let response = await fetch(importsApi.exportUrl, { credentials: "same-origin" });
      if (response.status === 401 && (await refreshSession())) {
        response = await fetch(importsApi.exportUrl, { credentials: "same-origin" });
      }
      if (!response.ok) throw new Error(`Export failed (${response.status})`);
      const blob = await response.blob();
      const disposition = response.headers.get("content-disposition") ?? "";
      const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? "fintrack-transactions.csv";
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1_000);
    } catch {
      showToast("Couldn't export. Try again.", { tone: "error" });
    } finally {
      setPending(false);
    }
  }
  return (
    <Button variant="secondary" pending={pending()} pendingLabel="Exporting…" onClick={download}>
      <DownloadIcon class="size-4" />
      Export CSV
    </Button>
  );
}
