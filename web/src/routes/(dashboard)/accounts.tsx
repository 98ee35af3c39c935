import { Title } from "@solidjs/meta";
import { createAsync, useSearchParams } from "@solidjs/router";
import { createSignal, For, onMount, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { Button } from "../../components/Button";
import { Card, PageHeader } from "../../components/Card";
import { FormAlert, fieldErrors } from "../../components/FormAlert";
import { ChevronDownIcon, ChevronUpIcon, LockIcon, PlusIcon, UsersIcon } from "../../components/Icons";
import { ReconcileSheet } from "../../components/ReconcileSheet";
import { Segmented } from "../../components/SelectField";
import { Sheet } from "../../components/Sheet";
import { TextField } from "../../components/TextField";
import { showToast } from "../../components/Toast";
import { getMe } from "../../lib/auth";
import { todayInManila } from "../../lib/dates";
import {
  type Account,
  type AccountInput,
  type AccountKind,
  accountKindLabels,
  accountKindNames,
  accountKinds,
  accountsApi,
  getAccounts,
  institutionPresets,
  ledgerChanged,
  type Visibility,
} from "../../lib/ledger";
import { centavosToInput, formatPeso, toCentavos } from "../../lib/money";

export default function AccountsPage() {
  const [params, setParams] = useSearchParams<{ new?: string; archived?: string }>();
  const showArchived = () => params.archived === "1";
  const accounts = createAsync(() => getAccounts(showArchived()));
  const [editing, setEditing] = createSignal<Account | "new" | undefined>();
  const [reconciling, setReconciling] = createSignal<Account>();
  const active = () => (accounts()?.items ?? []).filter((account) => !account.archivedAt);
  const archived = () => (accounts()?.items ?? []).filter((account) => account.archivedAt);

  onMount(() => {
    if (params.new) {
      setEditing("new");
      setParams({ new: undefined }, { replace: true });
    }
  });

  const totals = () => {
    let assets = 0n;
    let owed = 0n;
    for (const account of active()) {
      const balance = toCentavos(account.balanceCentavos);
      if (balance >= 0n) assets += balance;
      else owed -= balance;
    }
    return { assets, owed };
  };

  async function move(account: Account, direction: -1 | 1) {
    const ids = active().map((item) => item.id);
    const siblings = active().filter((item) => item.kind === account.kind);
    const position = siblings.findIndex((item) => item.id === account.id);
    const neighbour = siblings[position + direction];
    if (!neighbour) return;
    const from = ids.indexOf(account.id);
    const to = ids.indexOf(neighbour.id);
    ids[from] = neighbour.id;
    ids[to] = account.id;
    try {
      await accountsApi.reorder(ids);
      await ledgerChanged();
    } catch {
      showToast("Couldn't reorder the accounts. Try again.", { tone: "error" });
    }
  }

  async function setArchived(account: Account, archive: boolean) {
    try {
      await (archive ? accountsApi.archive(account.id) : accountsApi.unarchive(account.id));
      showToast(archive ? `${account.name} archived` : `${account.name} is back`, {
        action: archive
          ? {
              label: "Undo",
              run: async () => {
                await accountsApi.unarchive(account.id);
                await ledgerChanged();
              },
            }
          : undefined,
      });
      await ledgerChanged();
    } catch {
      showToast(`Couldn't ${archive ? "archive" : "unarchive"} ${account.name}.`, { tone: "error" });
    }
  }

  return (
    <>
      <Title>Accounts · FinTrack</Title>
      <PageHeader
        title="Accounts"
        description="Banks, e-wallets, cash and credit cards, with what's in each today."
        actions={
          <Button onClick={() => setEditing("new")}>
            <PlusIcon class="size-4" />
            Add account
          </Button>
        }
      />

      <section
        aria-label="Net worth"
        class="mb-5 grid grid-cols-2 gap-3 rounded-2xl bg-emerald-800 p-5 text-white shadow-sm sm:grid-cols-3 sm:p-6 dark:bg-emerald-950 dark:ring-1 dark:ring-emerald-900"
      >
        <div class="col-span-2 sm:col-span-1">
          <p class="text-sm text-emerald-100">Net worth</p>
          <p class="mt-1 text-3xl font-bold tracking-tight tabular-nums" data-testid="accounts-net-worth">
            <Show
              when={accounts()}
              fallback={<span class="inline-block h-8 w-40 animate-pulse rounded bg-white/20 align-middle" />}
            >
              {(list) => <>{formatPeso(list().netWorthCentavos)}</>}
            </Show>
          </p>
        </div>
        <div>
          <p class="text-sm text-emerald-100">You have</p>
          <p class="mt-1 text-lg font-semibold tabular-nums">{formatPeso(totals().assets)}</p>
        </div>
        <div>
          <p class="text-sm text-emerald-100">You owe</p>
          <p class="mt-1 text-lg font-semibold tabular-nums">{formatPeso(totals().owed)}</p>
        </div>
      </section>

      <Show
        when={accounts()}
        fallback={<div class="h-64 animate-pulse rounded-2xl bg-zinc-200/70 dark:bg-zinc-800/70" />}
      >
        <Show
          when={active().length > 0}
          fallback={
            <Card>
              <div class="py-6 text-center">
                <h2 class="text-base font-semibold">Add your first account</h2>
                <p class="mx-auto mt-1 max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
                  Start with where your money is: a bank account, GCash or Maya, the cash in your wallet — and
                  your credit cards, so card spending and payments add up.
                </p>
                <Button class="mt-5" onClick={() => setEditing("new")}>
                  <PlusIcon class="size-4" />
                  Add account
                </Button>
              </div>
            </Card>
          }
        >
          <div class="space-y-5">
            <For each={accountKinds.filter((kind) => active().some((account) => account.kind === kind))}>
              {(kind) => {
                const items = () => active().filter((account) => account.kind === kind);
                const subtotal = () =>
                  items().reduce((sum, account) => sum + toCentavos(account.balanceCentavos), 0n);
                return (
                  <section aria-labelledby={`kind-${kind}`} data-testid={`account-group-${kind}`}>
                    <div class="mb-2 flex items-baseline justify-between px-1">
                      <h2 id={`kind-${kind}`} class="text-sm font-semibold text-zinc-700 dark:text-zinc-300">
                        {accountKindLabels[kind]}
                      </h2>
                      <p class="text-sm font-semibold text-zinc-600 tabular-nums dark:text-zinc-400">
                        {formatPeso(subtotal())}
                      </p>
                    </div>
                    <ul class="divide-y divide-zinc-100 overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-zinc-200 dark:divide-zinc-800 dark:bg-zinc-900 dark:ring-zinc-800">
                      <For each={items()}>
                        {(account, index) => (
                          <AccountRow
                            account={account}
                            first={index() === 0}
                            last={index() === items().length - 1}
                            onEdit={() => setEditing(account)}
                            onMove={(direction) => move(account, direction)}
                            onArchive={() => setArchived(account, true)}
                            onReconcile={() => setReconciling(account)}
                          />
                        )}
                      </For>
                    </ul>
                  </section>
                );
              }}
            </For>
          </div>
        </Show>

        <div class="mt-6">
          <Button
            variant="ghost"
            onClick={() => setParams({ archived: showArchived() ? undefined : "1" }, { replace: true })}
            aria-expanded={showArchived()}
          >
            {showArchived() ? "Hide archived accounts" : "Show archived accounts"}
          </Button>
          <Show when={showArchived()}>
            <Show
              when={archived().length > 0}
              fallback={
                <p class="mt-2 px-4 text-sm text-zinc-600 dark:text-zinc-400">No archived accounts.</p>
              }
            >
              <ul
                class="mt-2 divide-y divide-zinc-100 rounded-2xl bg-white ring-1 ring-zinc-200 dark:divide-zinc-800 dark:bg-zinc-900 dark:ring-zinc-800"
                aria-label="Archived accounts"
              >
                <For each={archived()}>
                  {(account) => (
                    <li class="flex min-h-16 items-center gap-3 px-4 py-2">
                      <div class="min-w-0 flex-1">
                        <p class="truncate text-sm font-semibold text-zinc-600 dark:text-zinc-400">
                          {account.name}
                        </p>
                        <p class="text-xs text-zinc-500 dark:text-zinc-500">
                          {accountKindNames[account.kind]} · {formatPeso(account.balanceCentavos)}
                        </p>
                      </div>
                      <Button variant="secondary" onClick={() => setArchived(account, false)}>
                        Unarchive
                      </Button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </Show>
        </div>
      </Show>

      <ReconcileSheet account={reconciling()} onClose={() => setReconciling(undefined)} />
      <AccountSheet
        editing={editing()}
        onClose={() => setEditing(undefined)}
        onArchive={(account) => setArchived(account, true)}
      />
    </>
  );
}

function AccountRow(props: {
  account: Account;
  first: boolean;
  last: boolean;
  onEdit: () => void;
  onMove: (direction: -1 | 1) => void;
  onArchive: () => void;
  onReconcile: () => void;
}) {
  const a = () => props.account;
  const iconButton =
    "inline-flex size-11 items-center justify-center rounded-xl text-zinc-600 hover:bg-zinc-100 disabled:opacity-30 disabled:hover:bg-transparent dark:text-zinc-400 dark:hover:bg-zinc-800";
  return (
    <li class="flex items-center gap-1 pr-2" data-testid="account-row">
      <button
        type="button"
        class="flex min-h-16 min-w-0 flex-1 items-center gap-3 px-4 py-2 text-left hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
        onClick={props.onEdit}
        aria-label={`Edit ${a().name}`}
      >
        <span class="min-w-0 flex-1">
          <span class="flex items-center gap-1.5 text-sm font-semibold">
            <span class="truncate">{a().name}</span>
            <Show when={a().visibility === "private"}>
              <LockIcon class="size-3.5 shrink-0 text-zinc-500" />
              <span class="sr-only">(private)</span>
            </Show>
          </span>
          <span class="block truncate text-xs text-zinc-600 dark:text-zinc-400">
            {[
              a().institution,
              a().card ? `•••• ${a().card?.last4}` : null,
              a().visibility === "private" ? `Private to ${a().owner.name}` : "Shared",
            ]
              .filter(Boolean)
              .join(" · ")}
          </span>
        </span>
        <span class="shrink-0 text-right">
          <span
            class={`block text-sm font-semibold tabular-nums ${toCentavos(a().balanceCentavos) < 0n ? "text-red-700 dark:text-red-400" : ""}`}
            data-testid="account-balance"
          >
            {formatPeso(a().balanceCentavos)}
          </span>
          <Show when={a().card}>
            {(card) => (
              <span class="block text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
                {formatPeso(card().availableCreditCentavos)} available
              </span>
            )}
          </Show>
        </span>
      </button>
      <Show when={!(props.first && props.last)}>
        <div class="flex shrink-0 flex-col sm:flex-row">
          <button
            type="button"
            class={iconButton}
            disabled={props.first}
            onClick={() => props.onMove(-1)}
            aria-label={`Move ${a().name} up`}
          >
            <ChevronUpIcon />
          </button>
          <button
            type="button"
            class={iconButton}
            disabled={props.last}
            onClick={() => props.onMove(1)}
            aria-label={`Move ${a().name} down`}
          >
            <ChevronDownIcon />
          </button>
        </div>
      </Show>
      <button
        type="button"
        class="min-h-11 shrink-0 rounded-xl px-2 text-sm font-medium text-emerald-800 hover:bg-emerald-50 sm:px-3 dark:text-emerald-300 dark:hover:bg-emerald-950"
        onClick={props.onReconcile}
        aria-label={`Reconcile ${a().name}`}
      >
        Reconcile
      </button>
      <button
        type="button"
        class="hidden min-h-11 rounded-xl px-3 text-sm font-medium text-zinc-600 hover:bg-zinc-100 sm:block dark:text-zinc-400 dark:hover:bg-zinc-800"
        onClick={props.onArchive}
      >
        Archive
      </button>
    </li>
  );
}

const kindOptions = accountKinds.map((kind) => ({ value: kind, label: accountKindNames[kind] }));

function AccountSheet(props: {
  editing: Account | "new" | undefined;
  onClose: () => void;
  onArchive: (account: Account) => void;
}) {
  const title = () =>
    props.editing === "new" ? "Add account" : props.editing ? `Edit ${props.editing.name}` : "";
  return (
    <Sheet open={!!props.editing} onClose={props.onClose} title={title()} testId="account-sheet">
      <Show when={props.editing} keyed>
        {(editing) => (
          <AccountForm
            account={editing === "new" ? undefined : editing}
            onDone={props.onClose}
            onArchive={(account) => {
              props.onClose();
              props.onArchive(account);
            }}
          />
        )}
      </Show>
    </Sheet>
  );
}

function AccountForm(props: {
  account?: Account;
  onDone: () => void;
  onArchive: (account: Account) => void;
}) {
  const me = createAsync(() => getMe());
  const account = props.account;
  const [form, setForm] = createStore({
    kind: (account?.kind ?? "bank") as AccountKind,
    name: account?.name ?? "",
    institution: account?.institution ?? "",
    // for a card the API gives (and takes) the amount owed, positive
    openingBalance: account ? centavosToInput(account.openingBalanceCentavos) : "",
    openingDate: account?.openingDate ?? todayInManila(),
    visibility: (account?.visibility ?? "shared") as Visibility,
    last4: account?.card?.last4 ?? "",
    creditLimit: account?.card ? centavosToInput(account.card.creditLimitCentavos) : "",
    statementDay: account?.card ? String(account.card.statementDay) : "",
    dueDay: account?.card ? String(account.card.dueDay) : "",
  });
  const [error, setError] = createSignal<unknown>();
  const [pending, setPending] = createSignal(false);
  const errors = () => fieldErrors(error());
  const isCard = () => form.kind === "credit_card";
  const partnerName = () =>
    me()?.household.members.find((member) => member.id !== me()?.user.id)?.name ?? "your partner";
  const canChangeVisibility = () => !account || account.owner.id === me()?.user.id;

  function pickPreset(name: string) {
    const previous = form.institution;
    setForm("institution", name === "Cash" || form.kind === "cash" ? "" : name);
    // fill the name too, unless the person already typed their own
    if (!form.name.trim() || form.name === previous || form.name === suggestedName(form.kind, previous)) {
      setForm("name", suggestedName(form.kind, name));
    }
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (pending()) return;
    setError(undefined);
    setPending(true);
    const input: AccountInput = {
      name: form.name.trim(),
      kind: form.kind,
      institution: form.institution.trim() || null,
      openingBalance: form.openingBalance.trim() || "0",
      openingDate: form.openingDate,
      visibility: form.visibility,
    };
    if (isCard()) {
      input.card = {
        last4: form.last4.trim(),
        creditLimit: form.creditLimit.trim(),
        statementDay: Number(form.statementDay),
        dueDay: Number(form.dueDay),
      };
    }
    try {
      if (account) {
        const { kind: _kind, ...patch } = input;
        if (!canChangeVisibility()) delete patch.visibility;
        await accountsApi.update(account.id, patch);
      } else {
        await accountsApi.create(input);
      }
      showToast(account ? `${input.name} updated` : `${input.name} added`);
      props.onDone();
      await ledgerChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} class="flex min-h-0 flex-1 flex-col" novalidate aria-label="Account">
      <div class="min-h-0 flex-1 space-y-5 overflow-y-auto overscroll-contain px-5 pt-4 pb-6">
        <Show
          when={!account}
          fallback={
            <p class="text-sm text-zinc-600 dark:text-zinc-400">
              {accountKindNames[form.kind]} · opened {account?.openingDate}
            </p>
          }
        >
          <Segmented
            label="Kind of account"
            name="kind"
            value={form.kind}
            options={kindOptions}
            onChange={(kind) => {
              setForm("kind", kind);
              if (kind === "cash" && !form.name.trim()) setForm("name", "Cash");
            }}
          />
        </Show>

        <fieldset>
          <legend class="text-sm font-medium text-zinc-800 dark:text-zinc-200">
            {form.kind === "cash" ? "Quick pick" : "Bank or provider"}
          </legend>
          <div class="mt-2 flex flex-wrap gap-2">
            <For each={institutionPresets[form.kind]}>
              {(name) => (
                <button
                  type="button"
                  aria-pressed={form.institution === name}
                  class="min-h-10 rounded-full bg-zinc-100 px-3.5 text-sm font-medium text-zinc-700 hover:bg-zinc-200 aria-pressed:bg-emerald-700 aria-pressed:text-white dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-zinc-700 dark:aria-pressed:bg-emerald-500 dark:aria-pressed:text-zinc-950"
                  onClick={() => pickPreset(name)}
                >
                  {name}
                </button>
              )}
            </For>
          </div>
        </fieldset>

        <div class="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Name"
            name="name"
            autocomplete="off"
            required
            placeholder={isCard() ? "e.g. BPI Gold Mastercard" : "e.g. BPI Savings"}
            value={form.name}
            onInput={(event) => setForm("name", event.currentTarget.value)}
            error={errors().name}
          />
          <Show when={form.kind !== "cash"}>
            <TextField
              label="Institution"
              name="institution"
              autocomplete="off"
              list="institutions"
              value={form.institution}
              onInput={(event) => setForm("institution", event.currentTarget.value)}
              error={errors().institution}
            />
            <datalist id="institutions">
              <For each={[...new Set(Object.values(institutionPresets).flat())]}>
                {(name) => <option value={name} />}
              </For>
            </datalist>
          </Show>
        </div>

        <Show when={isCard()}>
          <div class="grid grid-cols-2 gap-4">
            <TextField
              label="Last 4 digits"
              name="last4"
              inputmode="numeric"
              autocomplete="off"
              maxLength={4}
              placeholder="1234"
              value={form.last4}
              onInput={(event) => setForm("last4", event.currentTarget.value.replace(/\D/g, ""))}
              error={errors().last4}
            />
            <TextField
              label="Credit limit (₱)"
              name="creditLimit"
              inputmode="decimal"
              autocomplete="off"
              placeholder="50,000"
              value={form.creditLimit}
              onInput={(event) => setForm("creditLimit", event.currentTarget.value)}
              error={errors().creditLimit}
            />
            <TextField
              label="Statement day"
              name="statementDay"
              inputmode="numeric"
              autocomplete="off"
              placeholder="1–31"
              hint="Day of the month the bill is cut."
              value={form.statementDay}
              onInput={(event) => setForm("statementDay", event.currentTarget.value.replace(/\D/g, ""))}
              error={errors().statementDay}
            />
            <TextField
              label="Due day"
              name="dueDay"
              inputmode="numeric"
              autocomplete="off"
              placeholder="1–31"
              hint="Day of the month payment is due."
              value={form.dueDay}
              onInput={(event) => setForm("dueDay", event.currentTarget.value.replace(/\D/g, ""))}
              error={errors().dueDay}
            />
          </div>
        </Show>

        <div class="grid grid-cols-2 gap-4">
          <TextField
            label={isCard() ? "Amount owed (₱)" : "Balance (₱)"}
            name="openingBalance"
            inputmode="decimal"
            autocomplete="off"
            placeholder="0.00"
            hint={
              isCard() ? "What you owe on the card on the start date." : "What's in it on the start date."
            }
            value={form.openingBalance}
            onInput={(event) => setForm("openingBalance", event.currentTarget.value)}
            error={errors().openingBalance}
          />
          <TextField
            label="Start date"
            name="openingDate"
            type="date"
            value={form.openingDate}
            onInput={(event) => setForm("openingDate", event.currentTarget.value)}
            error={errors().openingDate}
          />
        </div>

        <fieldset disabled={!canChangeVisibility()}>
          <legend class="text-sm font-medium text-zinc-800 dark:text-zinc-200">Who can see it</legend>
          <div class="mt-2 grid gap-2 sm:grid-cols-2">
            <VisibilityOption
              value="shared"
              checked={form.visibility === "shared"}
              onChange={() => setForm("visibility", "shared")}
              icon={<UsersIcon class="size-5" />}
              title="Shared"
              description={`You and ${partnerName()} both see it, its balance and its transactions.`}
            />
            <VisibilityOption
              value="private"
              checked={form.visibility === "private"}
              onChange={() => setForm("visibility", "private")}
              icon={<LockIcon class="size-5" />}
              title="Private"
              description={`Only you. For ${partnerName()} it doesn't exist: not in lists, totals or exports. A transfer with a shared account shows as "Private account".`}
            />
          </div>
          <Show when={!canChangeVisibility()}>
            <p class="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
              Only {account?.owner.name} can change this.
            </p>
          </Show>
        </fieldset>
        <FormAlert error={error()} />
      </div>
      <div class="flex gap-3 border-t border-zinc-100 px-5 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] dark:border-zinc-800">
        <Show when={account}>
          {(current) => (
            <Button variant="secondary" class="min-h-12" onClick={() => props.onArchive(current())}>
              Archive
            </Button>
          )}
        </Show>
        <Button type="submit" class="min-h-12 flex-1 text-base" pending={pending()} pendingLabel="Saving…">
          {account ? "Save changes" : "Add account"}
        </Button>
      </div>
    </form>
  );
}

function VisibilityOption(props: {
  value: Visibility;
  checked: boolean;
  onChange: () => void;
  icon: ReturnType<typeof LockIcon>;
  title: string;
  description: string;
}) {
  return (
    <label class="relative flex cursor-pointer gap-3 rounded-2xl p-4 ring-1 ring-zinc-300 has-checked:bg-emerald-50 has-checked:ring-2 has-checked:ring-emerald-600 has-focus-visible:outline-2 has-focus-visible:outline-emerald-600 dark:ring-zinc-700 dark:has-checked:bg-emerald-950/50 dark:has-checked:ring-emerald-400">
      <input
        type="radio"
        name="visibility"
        value={props.value}
        checked={props.checked}
        onChange={props.onChange}
        class="sr-only"
      />
      <span class="mt-0.5 text-zinc-700 dark:text-zinc-300">{props.icon}</span>
      <span>
        <span class="block text-sm font-semibold">{props.title}</span>
        <span class="mt-0.5 block text-xs text-zinc-600 dark:text-zinc-400">{props.description}</span>
      </span>
    </label>
  );
}

function suggestedName(kind: AccountKind, institution: string): string {
  if (!institution) return "";
  if (kind === "bank") return `${institution} Savings`;
  if (kind === "credit_card") return `${institution} Credit Card`;
  return institution;
}
