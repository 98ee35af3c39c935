import { createSignal, For, onMount, Show } from "solid-js";
import { createStore } from "solid-js/store";
import type { AccountAnswer, CategoryAnswer, ImportValues, ValueChoices } from "../../lib/import-values";
import { formatPeso } from "../../lib/money";
import { Button } from "../Button";
import { Card } from "../Card";
import { FormAlert } from "../FormAlert";
import { Segmented, SelectField } from "../SelectField";

const NEW_KINDS = [
  { value: "new:ewallet", label: "New e-wallet" },
  { value: "new:bank", label: "New bank account" },
  { value: "new:cash", label: "New cash account" },
] as const;

/**
 * The names in the file and what they mean: every account and category name with its rows,
 * transfers joined from two rows and the halves left alone, and accounts whose history goes
 * back before their start date. Nothing is booked until the member has answered.
 */
export function NamesStep(props: {
  values: ImportValues;
  accounts: Array<{ id: string; name: string }>;
  pending: boolean;
  error: unknown;
  onImport: (choices: ValueChoices) => void;
  /** The preview again with these answers: history before start dates depends on them. */
  refresh: (choices: ValueChoices) => Promise<ImportValues>;
}) {
  const initial = Object.fromEntries(
    props.values.accounts.map((a) => [a.value, a.match?.id ?? a.suggestion?.id ?? "new:ewallet"]),
  );
  const [accountAnswers, setAccountAnswers] = createStore<Record<string, string>>(initial);
  const [balances, setBalances] = createStore<Record<string, string>>({});
  const [categoryAnswers, setCategoryAnswers] = createStore<Record<string, string>>(
    Object.fromEntries(
      props.values.categories.map((c) => [
        `${c.kind}|${c.value}`,
        c.match?.id ?? (c.remembered ? (c.remembered.categoryId ?? "none") : "create"),
      ]),
    ),
  );
  const [defaultTo, setDefaultTo] = createSignal(props.values.transfers.rememberedDefaultToAccountId ?? "");
  const [opening, setOpening] = createSignal<"move" | "keep">("move");
  const [starts, setStarts] = createSignal(props.values.openingBalances);
  let asked = 0;
  async function refresh() {
    const mine = ++asked;
    try {
      const next = await props.refresh(choices());
      if (mine === asked) setStarts(next.openingBalances);
    } catch {
      // the commit answers with the problem; the preview keeps what it had
    }
  }
  onMount(() => void refresh());

  function submit(event: SubmitEvent) {
    event.preventDefault();
    props.onImport(choices());
  }

  function choices(): ValueChoices {
    const accounts: AccountAnswer[] = props.values.accounts
      .filter((a) => !a.match || accountAnswers[a.value] !== a.match.id)
      .map((a) => {
        const answer = accountAnswers[a.value] ?? "new:ewallet";
        if (!answer.startsWith("new:")) return { value: a.value, accountId: answer };
        const kind = answer.slice(4) as "bank" | "ewallet" | "cash";
        const balance = balances[a.value]?.trim();
        return { value: a.value, create: { kind, ...(balance ? { balance } : {}) } };
      });
    const categories: CategoryAnswer[] = props.values.categories
      .filter((c) => !c.match || categoryAnswers[`${c.kind}|${c.value}`] !== c.match.id)
      .map((c) => {
        const answer = categoryAnswers[`${c.kind}|${c.value}`] ?? "create";
        if (answer === "create") return { value: c.value, kind: c.kind, create: true as const };
        if (answer === "none") return { value: c.value, kind: c.kind, none: true as const };
        return { value: c.value, kind: c.kind, categoryId: answer };
      });
    return {
      accounts,
      categories,
      transfers: { defaultToAccountId: defaultTo() || null },
      openingBalances: opening(),
    };
  }

  return (
    <form onSubmit={submit} class="space-y-4" aria-label="Names in the file">
      <Card
        title="4. Accounts in the file"
        description="Each name the file uses, with its rows. Nothing goes to an account you didn't choose."
      >
        <ul class="space-y-3" data-testid="import-account-names">
          <For each={props.values.accounts}>
            {(a) => (
              <li class="space-y-2">
                <SelectField
                  label={`${a.value} · ${a.rows} ${a.rows === 1 ? "row" : "rows"}`}
                  hint={
                    a.remembered
                      ? "As you chose last time for a file like this."
                      : a.match
                        ? undefined
                        : "FinTrack has no account by this name."
                  }
                  name={`account-${a.value}`}
                  data-testid={`account-answer-${a.value}`}
                  value={accountAnswers[a.value]}
                  onChange={(event) => {
                    setAccountAnswers(a.value, event.currentTarget.value);
                    void refresh();
                  }}
                >
                  <For each={props.accounts}>
                    {(account) => (
                      <option value={account.id} selected={accountAnswers[a.value] === account.id}>
                        {account.name}
                      </option>
                    )}
                  </For>
                  <For each={NEW_KINDS}>
                    {(kind) => (
                      <option value={kind.value} selected={accountAnswers[a.value] === kind.value}>
                        {kind.label} “{a.value}”
                      </option>
                    )}
                  </For>
                </SelectField>
                <Show when={accountAnswers[a.value]?.startsWith("new:")}>
                  <label class="block text-sm">
                    <span class="font-medium">Balance today</span>
                    <input
                      name={`balance-${a.value}`}
                      data-testid={`account-balance-${a.value}`}
                      inputmode="decimal"
                      placeholder="0.00"
                      class="mt-1 block min-h-11 w-full rounded-xl border border-zinc-300 px-3 dark:border-zinc-700 dark:bg-zinc-900"
                      value={balances[a.value] ?? ""}
                      onInput={(event) => setBalances(a.value, event.currentTarget.value)}
                      onChange={() => void refresh()}
                    />
                  </label>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <p class="mt-3 text-xs text-zinc-600 dark:text-zinc-400">
          A credit card needs its limit and statement days: add it on the Accounts page first, then choose it
          here.
        </p>
      </Card>

      <Show when={props.values.categories.length > 0}>
        <Card title="Categories in the file">
          <ul class="grid gap-3 sm:grid-cols-2" data-testid="import-category-names">
            <For each={props.values.categories}>
              {(c) => (
                <li>
                  <SelectField
                    label={`${c.value} (${c.kind}) · ${c.rows} ${c.rows === 1 ? "row" : "rows"}`}
                    name={`category-${c.kind}-${c.value}`}
                    value={categoryAnswers[`${c.kind}|${c.value}`]}
                    onChange={(event) =>
                      setCategoryAnswers(`${c.kind}|${c.value}`, event.currentTarget.value)
                    }
                  >
                    <Show when={c.match}>
                      {(match) => <option value={match().id}>{match().name}</option>}
                    </Show>
                    <Show when={c.remembered?.categoryId}>
                      {(id) => <option value={id()}>{c.remembered?.name}</option>}
                    </Show>
                    <Show when={!c.match}>
                      <option value="create">Create “{c.value}”</option>
                    </Show>
                    <option value="none">Leave uncategorised</option>
                  </SelectField>
                </li>
              )}
            </For>
          </ul>
        </Card>
      </Show>

      <Card
        title="Transfers"
        description={`${props.values.transfers.pairs} written as two rows, joined into one each.`}
      >
        <div data-testid="import-transfers">
          <Show when={props.values.transfers.unpaired.length > 0}>
            <p class="text-sm">These rows look like half of a transfer, with no matching row:</p>
            <ul class="mt-2 text-sm">
              <For each={props.values.transfers.unpaired}>
                {(h) => (
                  <li>
                    Row {h.row}: {h.date}, {formatPeso(h.amountCentavos)}{" "}
                    {h.direction === "out" ? "out of" : "into"} {h.account}
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <SelectField
            class="mt-3"
            label="The other account for transfers without a matching row"
            name="defaultTo"
            value={defaultTo()}
            onChange={(event) => setDefaultTo(event.currentTarget.value)}
          >
            <option value="">— Don't import them —</option>
            <For each={props.accounts}>{(account) => <option value={account.id}>{account.name}</option>}</For>
          </SelectField>
        </div>
      </Card>

      <Show when={starts().length > 0}>
        <Card title="History before the start date">
          <ul class="space-y-1 text-sm" data-testid="import-opening-balances">
            <For each={starts()}>
              {(o) => (
                <li>
                  {o.name}: {o.rowsBefore} {o.rowsBefore === 1 ? "row" : "rows"} before its start date{" "}
                  {o.openingDate}.
                  {opening() === "keep"
                    ? ` Today's balance changes by ${formatPeso(o.netCentavos)}.`
                    : ` Start moves to ${o.earliestDate}; today's balance stays the same.`}
                </li>
              )}
            </For>
          </ul>
          <Segmented
            class="mt-3"
            label="Opening balances"
            name="openingBalances"
            value={opening()}
            options={[
              { value: "move", label: "Move the start date back" },
              { value: "keep", label: "Keep the opening balance" },
            ]}
            onChange={setOpening}
          />
        </Card>
      </Show>

      <FormAlert error={props.error} />
      <Button
        type="submit"
        class="w-full min-h-12 text-base sm:w-auto"
        pending={props.pending}
        pendingLabel="Starting…"
      >
        Import {props.values.rows} {props.values.rows === 1 ? "row" : "rows"}
      </Button>
    </form>
  );
}
