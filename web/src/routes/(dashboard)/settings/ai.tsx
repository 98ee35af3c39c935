import { Title } from "@solidjs/meta";
import { createAsync, useAction, useSubmission } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { Button } from "../../../components/Button";
import { Card, PageHeader } from "../../../components/Card";
import { FormAlert, fieldErrors, SuccessNote } from "../../../components/FormAlert";
import { TextField } from "../../../components/TextField";
import {
  type AiProviderView,
  type AiSettings,
  type AiSettingsUpdate,
  type ChainEntry,
  getAiSettings,
  PROVIDER_LABELS,
  type ProviderName,
  saveAiSettingsAction,
} from "../../../lib/ai";
import { centavosToInput, formatPeso } from "../../../lib/money";

export default function AiSettingsPage() {
  const settings = createAsync(() => getAiSettings());
  return (
    <>
      <Title>AI extraction · FinTrack</Title>
      <PageHeader
        title="AI extraction"
        description="Which AI reads your receipts and statements, in what order, what it may cost, and what leaves your homelab."
      />
      <Show when={settings()}>{(s) => <AiSettingsForm settings={s()} />}</Show>
    </>
  );
}

const ALL: ChainEntry[] = ["gemini", "claude", "ollama", "offline"];

function keyText(p: AiProviderView): string {
  if (p.name === "ollama") {
    if (!p.baseUrl) return "No address set";
    return p.baseUrlSource === "environment" ? `${p.baseUrl} (from environment)` : p.baseUrl;
  }
  if (!p.key) return "No key";
  return p.key.source === "environment" ? "Key from environment" : `Key set, ends …${p.key.endsWith}`;
}

function AiSettingsForm(props: { settings: AiSettings }) {
  const save = useAction(saveAiSettingsAction);
  const saving = useSubmission(saveAiSettingsAction);
  const [chain, setChain] = createSignal<ChainEntry[]>([...props.settings.chain]);
  const [localOnly, setLocalOnly] = createSignal(props.settings.localOnly);
  const readOnly = () => !props.settings.canEdit;
  const errors = () => fieldErrors(saving.error);

  const move = (i: number, by: -1 | 1) => {
    const next = [...chain()];
    const [item] = next.splice(i, 1);
    next.splice(i + by, 0, item!);
    setChain(next);
  };
  const remove = (i: number) => setChain(chain().filter((_, j) => j !== i));
  // offline stays last: a new provider goes before it
  const add = (entry: ChainEntry) => {
    const rest = chain().filter((e) => e !== "offline");
    setChain(
      entry === "offline"
        ? [...chain(), "offline"]
        : [...rest, entry, ...(chain().includes("offline") ? ["offline" as const] : [])],
    );
  };

  const submit = (form: FormData, extra: AiSettingsUpdate["providers"] = {}) => {
    const providers: NonNullable<AiSettingsUpdate["providers"]> = {};
    for (const name of ["gemini", "claude", "ollama"] as ProviderName[]) {
      const model = String(form.get(`${name}.model`) ?? "").trim();
      const cap = String(form.get(`${name}.cap`) ?? "").trim();
      const p: NonNullable<AiSettingsUpdate["providers"]>[ProviderName] = {
        model: model || null,
        monthlyCap: cap || null,
      };
      const key = String(form.get(`${name}.apiKey`) ?? "").trim();
      if (name !== "ollama" && key) p.apiKey = key;
      if (name === "ollama") {
        const url = String(form.get("ollama.baseUrl") ?? "").trim();
        const current = props.settings.providers.find((x) => x.name === "ollama");
        if (url !== (current?.baseUrlSource === "settings" ? current.baseUrl : "")) p.baseUrl = url || null;
      }
      providers[name] = { ...p, ...(extra[name] ?? {}) };
    }
    void save({ chain: chain(), localOnly: localOnly(), providers });
  };
  let formRef: HTMLFormElement | undefined;

  return (
    <form
      ref={formRef}
      class="grid gap-4 lg:grid-cols-2 lg:items-start"
      data-testid="ai-settings"
      onSubmit={(e) => {
        e.preventDefault();
        submit(new FormData(e.currentTarget));
        for (const input of e.currentTarget.querySelectorAll<HTMLInputElement>("input[type=password]")) {
          input.value = "";
        }
      }}
    >
      <div class="grid gap-4">
        <Card
          title="Order"
          description="Tried top to bottom until one reads the document. Offline needs no key and nothing leaves the homelab."
        >
          <Show when={readOnly()}>
            <p class="mb-3 text-sm text-zinc-700 dark:text-zinc-300" data-testid="ai-read-only">
              Only the household owner can change these settings.
            </p>
          </Show>
          <ol class="grid gap-2" data-testid="ai-chain">
            <For each={chain()}>
              {(entry, i) => (
                <li class="flex items-center gap-2 rounded-xl bg-zinc-50 px-3 py-2 text-sm ring-1 ring-zinc-200 ring-inset dark:bg-zinc-900 dark:ring-zinc-800">
                  <span class="w-5 text-zinc-500">{i() + 1}.</span>
                  <span class="flex-1 font-medium text-zinc-900 dark:text-zinc-100">
                    {PROVIDER_LABELS[entry]}
                  </span>
                  <Show when={!readOnly()}>
                    <Button
                      type="button"
                      variant="ghost"
                      class="!min-h-9 !px-2"
                      aria-label={`Move ${PROVIDER_LABELS[entry]} up`}
                      disabled={i() === 0 || entry === "offline"}
                      onClick={() => move(i(), -1)}
                    >
                      ↑
                    </Button>
                    <Button
                      type="button"
                      variant="ghost"
                      class="!min-h-9 !px-2"
                      aria-label={`Move ${PROVIDER_LABELS[entry]} down`}
                      disabled={
                        i() === chain().length - 1 || chain()[i() + 1] === "offline" || entry === "offline"
                      }
                      onClick={() => move(i(), 1)}
                    >
                      ↓
                    </Button>
                    <Button
                      type="button"
                      variant="ghost"
                      class="!min-h-9 !px-2"
                      aria-label={`Remove ${PROVIDER_LABELS[entry]}`}
                      disabled={chain().length === 1}
                      onClick={() => remove(i())}
                    >
                      ✕
                    </Button>
                  </Show>
                </li>
              )}
            </For>
          </ol>
          <Show when={!readOnly() && ALL.some((e) => !chain().includes(e))}>
            <div class="mt-3 flex flex-wrap gap-2">
              <For each={ALL.filter((e) => !chain().includes(e))}>
                {(entry) => (
                  <Button type="button" variant="secondary" onClick={() => add(entry)}>
                    Add {PROVIDER_LABELS[entry]}
                  </Button>
                )}
              </For>
            </div>
          </Show>
          <label class="mt-4 flex items-start gap-3 text-sm text-zinc-800 dark:text-zinc-200">
            <input
              type="checkbox"
              name="localOnly"
              class="mt-0.5 size-5 accent-emerald-700"
              checked={localOnly()}
              disabled={readOnly()}
              onChange={(e) => setLocalOnly(e.currentTarget.checked)}
            />
            <span>
              <span class="font-medium">Local only</span>
              <span class="block text-zinc-600 dark:text-zinc-400">
                Only Ollama and offline may run: nothing is sent outside the homelab.
              </span>
            </span>
          </label>
          <Show when={errors().chain}>
            <p class="mt-2 text-sm text-red-700 dark:text-red-400" role="alert">
              {errors().chain}
            </p>
          </Show>
        </Card>
        <PrivacyCard settings={props.settings} localOnly={localOnly()} />
      </div>
      <div class="grid gap-4">
        <For each={props.settings.providers}>
          {(p) => (
            <ProviderCard
              provider={p}
              readOnly={readOnly()}
              onRemoveKey={() => formRef && submit(new FormData(formRef), { [p.name]: { apiKey: null } })}
            />
          )}
        </For>
        <Show when={!readOnly()}>
          <div class="grid gap-3">
            <FormAlert error={saving.error} />
            <Show when={saving.result && !saving.pending && !saving.error}>
              <SuccessNote>AI settings saved.</SuccessNote>
            </Show>
            <Button type="submit" pending={saving.pending} pendingLabel="Saving…" data-testid="ai-save">
              Save AI settings
            </Button>
          </div>
        </Show>
      </div>
    </form>
  );
}

function ProviderCard(props: { provider: AiProviderView; readOnly: boolean; onRemoveKey: () => void }) {
  const p = () => props.provider;
  const label = () => PROVIDER_LABELS[p().name];
  const cap = () => p().monthlyCapCentavos;
  return (
    <Card title={label()} description={keyText(p())}>
      <div class="grid gap-3" data-testid={`ai-provider-${p().name}`}>
        <Show
          when={p().name === "ollama"}
          fallback={
            <div class="flex flex-wrap items-end gap-2">
              <TextField
                class="min-w-0 flex-1"
                label={p().key ? "Replace API key" : "API key"}
                name={`${p().name}.apiKey`}
                type="password"
                autocomplete="off"
                disabled={props.readOnly}
                hint="Stored encrypted; only its last 4 characters are ever shown again."
              />
              <Show when={p().key?.source === "settings" && !props.readOnly}>
                <Button type="button" variant="danger" onClick={props.onRemoveKey}>
                  Remove key
                </Button>
              </Show>
            </div>
          }
        >
          <TextField
            label="Ollama address"
            name="ollama.baseUrl"
            type="url"
            placeholder="http://ollama.homelab:11434"
            value={p().baseUrlSource === "settings" ? (p().baseUrl ?? "") : ""}
            disabled={props.readOnly}
            hint={p().baseUrlSource === "environment" ? `From environment: ${p().baseUrl}` : undefined}
          />
        </Show>
        <TextField
          label="Model"
          name={`${p().name}.model`}
          value={p().model === p().defaultModel ? "" : p().model}
          placeholder={p().defaultModel}
          disabled={props.readOnly}
        />
        <TextField
          label="Monthly cap (₱)"
          name={`${p().name}.cap`}
          inputMode="decimal"
          value={cap() ? centavosToInput(cap()!) : ""}
          placeholder="No cap"
          disabled={props.readOnly}
          hint="When this month's cost reaches it, the provider is skipped until next month."
        />
        <p class="text-sm text-zinc-700 dark:text-zinc-300" data-testid={`ai-usage-${p().name}`}>
          This month: {formatPeso(p().monthToDateCentavos)}
          <Show when={cap()}>{(c) => <> of {formatPeso(c())}</>}</Show>
        </p>
      </div>
    </Card>
  );
}

function PrivacyCard(props: { settings: AiSettings; localOnly: boolean }) {
  return (
    <Card
      title="What leaves your homelab"
      description="Exactly what each provider is sent when it reads a document, and where."
    >
      <div class="grid gap-4" data-testid="ai-privacy">
        <For each={props.settings.providers}>
          {(p) => (
            <section class="text-sm">
              <h3 class="font-semibold text-zinc-900 dark:text-zinc-100">
                {PROVIDER_LABELS[p.name]} → <span class="font-mono text-xs">{p.privacy.host}</span>
                <Show when={p.privacy.local}>
                  <span class="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">
                    stays in the homelab
                  </span>
                </Show>
                <Show when={props.localOnly && !p.privacy.local}>
                  <span class="ml-2 rounded bg-zinc-200 px-1.5 py-0.5 text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
                    off (local only)
                  </span>
                </Show>
              </h3>
              <ul class="mt-1 list-disc pl-5 text-zinc-700 dark:text-zinc-300">
                <For each={p.privacy.sent}>{(line) => <li>{line}</li>}</For>
              </ul>
              <p class="mt-1 text-zinc-600 dark:text-zinc-400">Never: {p.privacy.never.join("; ")}.</p>
            </section>
          )}
        </For>
        <p class="text-sm text-zinc-600 dark:text-zinc-400">Offline: nothing is sent anywhere.</p>
      </div>
    </Card>
  );
}
