import { Title } from "@solidjs/meta";
import { createResource, createSignal, For, Show } from "solid-js";
import { Button } from "../../components/Button";
import { Card, PageHeader } from "../../components/Card";
import { CopyButton } from "../../components/CopyButton";
import { DocumentDrafts } from "../../components/documents/DocumentDrafts";
import { FormAlert } from "../../components/FormAlert";
import { Segmented } from "../../components/SelectField";
import { ApiError } from "../../lib/api";
import { extractionApi, type Review } from "../../lib/extraction";

type Kind = "receipt" | "statement";

/**
 * Manual paste: copy a prompt into your own AI chat with the photo or statement, paste its
 * answer (or a statement's text copied from a PDF viewer), then review and confirm the drafts.
 */
export default function PastePage() {
  const [kind, setKind] = createSignal<Kind>("receipt");
  const [prompt] = createResource(kind, (k) => extractionApi.prompt(k));
  const [text, setText] = createSignal("");
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [review, setReview] = createSignal<Review>();

  const fieldErrors = () => {
    const err = error();
    return err instanceof ApiError ? (err.problem.errors ?? []) : [];
  };

  async function submit(e: Event) {
    e.preventDefault();
    setPending(true);
    setError(undefined);
    try {
      setReview(await extractionApi.paste(text()));
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <Title>Paste an AI answer · FinTrack</Title>
      <PageHeader
        title="Paste an AI answer"
        description="No API key needed: ask your own AI chat to read a receipt or statement, then paste its answer here."
      />
      <Show
        when={review()}
        fallback={
          <div class="space-y-4">
            <Card
              title="1. Copy the prompt"
              description="Paste it into ChatGPT, Gemini or Claude with the photo or PDF."
            >
              <Segmented
                label="What are you recording?"
                name="paste-kind"
                value={kind()}
                options={[
                  { value: "receipt", label: "Receipt" },
                  { value: "statement", label: "Card statement" },
                ]}
                onChange={setKind}
              />
              <div class="mt-3 flex flex-wrap items-center gap-3">
                <Show
                  when={prompt()}
                  fallback={<p class="text-sm text-zinc-600 dark:text-zinc-400">Preparing the prompt…</p>}
                >
                  {(p) => (
                    <>
                      <CopyButton text={p().prompt} label="Copy prompt" />
                      <details class="w-full text-sm">
                        <summary class="min-h-10 cursor-pointer py-2 text-zinc-700 dark:text-zinc-300">
                          Show the prompt
                        </summary>
                        <pre
                          data-testid="paste-prompt"
                          class="max-h-64 overflow-auto rounded-xl bg-zinc-50 p-3 text-xs whitespace-pre-wrap dark:bg-zinc-800"
                        >
                          {p().prompt}
                        </pre>
                      </details>
                    </>
                  )}
                </Show>
              </div>
            </Card>
            <Card
              title="2. Paste the answer"
              description="The AI's JSON answer, or a statement's text copied from your PDF viewer."
            >
              <form onSubmit={submit} class="space-y-3">
                <label for="paste-text" class="sr-only">
                  The AI's answer
                </label>
                <textarea
                  id="paste-text"
                  data-testid="paste-text"
                  rows={10}
                  class="block w-full rounded-xl border-0 bg-white p-3 font-mono text-sm text-zinc-900 shadow-sm ring-1 ring-zinc-300 ring-inset focus:ring-2 focus:ring-emerald-600 focus:outline-none dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700"
                  value={text()}
                  onInput={(e) => setText(e.currentTarget.value)}
                  placeholder='{"kind": "receipt", …}'
                  aria-invalid={error() ? "true" : undefined}
                />
                <FormAlert error={error()} />
                <Show when={fieldErrors().length}>
                  <ul data-testid="paste-errors" class="space-y-1 text-sm text-red-700 dark:text-red-400">
                    <For each={fieldErrors()}>
                      {(e) => (
                        <li>
                          <code class="font-mono">{e.path}</code>: {e.message}
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <Button type="submit" pending={pending()} pendingLabel="Reading…" disabled={!text().trim()}>
                  Read the answer
                </Button>
              </form>
            </Card>
          </div>
        }
      >
        {(r) => (
          <div class="space-y-3">
            <div class="flex items-center justify-between gap-2">
              <h2 class="text-base font-semibold text-zinc-900 dark:text-zinc-50">3. Review and confirm</h2>
              <Button
                variant="ghost"
                onClick={() => {
                  setReview(undefined);
                  setText("");
                }}
              >
                Paste another
              </Button>
            </div>
            <DocumentDrafts initial={r()} />
          </div>
        )}
      </Show>
    </>
  );
}
