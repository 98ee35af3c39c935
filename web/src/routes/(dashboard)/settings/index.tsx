import { Title } from "@solidjs/meta";
import { A, createAsync, useAction, useSubmission, useSubmissions } from "@solidjs/router";
import { createEffect, For, Show } from "solid-js";
import { Button, buttonClass } from "../../../components/Button";
import { Card, PageHeader } from "../../../components/Card";
import { CopyButton } from "../../../components/CopyButton";
import { FormAlert, fieldErrors, SuccessNote } from "../../../components/FormAlert";
import { BellIcon, DeviceIcon, UploadIcon, UserPlusIcon } from "../../../components/Icons";
import { TextField } from "../../../components/TextField";
import { ThemeChoice } from "../../../components/ThemeToggle";
import type { Me } from "../../../lib/api";
import { getMe } from "../../../lib/auth";
import { describeUserAgent, formatDateTime, formatRelative } from "../../../lib/format";
import {
  changePasswordAction,
  createInviteAction,
  getDeadLetters,
  getSessions,
  revokeOtherSessionsAction,
  revokeSessionAction,
} from "../../../lib/settings";

export default function SettingsPage() {
  const me = createAsync(() => getMe());
  return (
    <>
      <Title>Settings · FinTrack</Title>
      <PageHeader title="Settings" description="Your household, password and signed-in devices." />
      <Show when={me()}>
        {(current) => (
          <div class="grid gap-4 lg:grid-cols-2 lg:items-start">
            <div class="grid gap-4">
              <HouseholdCard me={current()} />
              <Card title="Appearance" description="Follow your device, or pick a theme.">
                <ThemeChoice />
              </Card>
              <Card
                title="Import & export"
                description="Bring in history from Notion or a spreadsheet, or take a CSV of everything."
              >
                <A href="/settings/import" class={buttonClass("secondary")} data-testid="import-export-link">
                  <UploadIcon class="size-4" />
                  Import or export CSV
                </A>
              </Card>
              <Card
                title="Notifications"
                description="Which alerts and reminders reach you, quiet hours, and Discord."
              >
                <A
                  href="/settings/notifications"
                  class={buttonClass("secondary")}
                  data-testid="notification-settings-link"
                >
                  <BellIcon class="size-4" />
                  Notification settings
                </A>
              </Card>
              <Card
                title="AI extraction"
                description="Which AI reads receipts and statements, keys, monthly caps, and what leaves your homelab."
              >
                <A href="/settings/ai" class={buttonClass("secondary")} data-testid="ai-settings-link">
                  AI extraction settings
                </A>
              </Card>
            </div>
            <ChangePasswordCard />
            <SessionsCard />
            <DeliveryCard />
          </div>
        )}
      </Show>
    </>
  );
}

function HouseholdCard(props: { me: Me }) {
  const canInvite = () => props.me.user.role === "owner" && props.me.household.members.length < 2;
  const partner = () => props.me.household.members.find((member) => member.id !== props.me.user.id);
  return (
    <Card title="Household" description={props.me.household.name} class="scroll-mt-24">
      <div id="invite" class="scroll-mt-24">
        <Show
          when={canInvite()}
          fallback={
            <p class="text-sm text-zinc-700 dark:text-zinc-300">
              <Show when={partner()} fallback="Only the household owner can invite a partner.">
                {(member) => (
                  <>
                    You share this household with <strong class="font-semibold">{member().name}</strong>.
                  </>
                )}
              </Show>
            </p>
          }
        >
          <InvitePartner />
        </Show>
      </div>
    </Card>
  );
}

function InvitePartner() {
  const createInvite = useAction(createInviteAction);
  const submission = useSubmission(createInviteAction);
  let linkInput: HTMLInputElement | undefined;
  return (
    <div class="space-y-4">
      <p class="text-sm text-zinc-700 dark:text-zinc-300">
        Invite your partner to track money together. The link works once and expires.
      </p>
      <FormAlert error={submission.error} />
      <Show
        when={submission.result}
        fallback={
          <Button onClick={() => createInvite()} pending={submission.pending} pendingLabel="Creating link…">
            <UserPlusIcon class="size-4" />
            Create invite link
          </Button>
        }
      >
        {(invite) => (
          <div class="space-y-3">
            <label for="invite-link" class="block text-sm font-medium">
              Invite link
            </label>
            <div class="flex flex-col gap-2 sm:flex-row">
              <input
                id="invite-link"
                ref={linkInput}
                readOnly
                value={invite().link}
                data-testid="invite-link"
                class="min-h-11 w-full min-w-0 flex-1 rounded-xl border-0 bg-zinc-50 px-3.5 font-mono text-sm ring-1 ring-zinc-300 ring-inset dark:bg-zinc-950 dark:ring-zinc-700"
                onFocus={(event) => event.currentTarget.select()}
              />
              <CopyButton text={invite().link} label="Copy link" fallbackTarget={() => linkInput} />
            </div>
            <p class="text-xs text-zinc-600 dark:text-zinc-400">
              Expires {formatDateTime(invite().expiresAt)}.
            </p>
          </div>
        )}
      </Show>
    </div>
  );
}

function ChangePasswordCard() {
  const submission = useSubmission(changePasswordAction);
  const errors = () => fieldErrors(submission.error);
  let form: HTMLFormElement | undefined;
  createEffect(() => {
    if (submission.result) form?.reset();
  });
  return (
    <Card title="Change password" description="Other devices stay signed in until you sign them out below.">
      <form
        ref={form}
        action={changePasswordAction}
        method="post"
        class="space-y-4"
        onInput={() => (submission.error || submission.result) && submission.clear()}
      >
        <FormAlert error={submission.error} />
        <Show when={submission.result}>
          <SuccessNote>Your password was changed.</SuccessNote>
        </Show>
        <TextField
          label="Current password"
          name="currentPassword"
          type="password"
          autocomplete="current-password"
          required
          error={errors().currentPassword}
        />
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autocomplete="new-password"
          required
          minlength={10}
          hint="At least 10 characters."
          error={errors().newPassword}
        />
        <TextField
          label="Confirm new password"
          name="confirmPassword"
          type="password"
          autocomplete="new-password"
          required
          minlength={10}
          error={errors().confirmPassword}
        />
        <Button type="submit" pending={submission.pending} pendingLabel="Saving…">
          Change password
        </Button>
      </form>
    </Card>
  );
}

function SessionsCard() {
  const sessions = createAsync(() => getSessions());
  const revoke = useAction(revokeSessionAction);
  const revoking = useSubmissions(revokeSessionAction);
  const revokeOthers = useAction(revokeOtherSessionsAction);
  const revokingOthers = useSubmission(revokeOtherSessionsAction);
  const others = () => sessions()?.sessions.filter((session) => !session.current) ?? [];
  const lastError = () => revokingOthers.error ?? revoking.find((s) => s.error)?.error;

  return (
    <Card
      title="Signed-in devices"
      description="Sign out a device you don't recognise."
      class="lg:col-span-2"
    >
      <FormAlert error={lastError()} class="mb-4" />
      <ul class="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="session-list">
        <For each={sessions()?.sessions}>
          {(session) => (
            <li class="flex items-center gap-3 py-3">
              <span class="inline-flex size-10 shrink-0 items-center justify-center rounded-xl bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
                <DeviceIcon />
              </span>
              <div class="min-w-0 flex-1">
                <p class="flex items-center gap-2 text-sm font-semibold">
                  <span class="truncate">{describeUserAgent(session.userAgent)}</span>
                  <Show when={session.current}>
                    <span class="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200">
                      This device
                    </span>
                  </Show>
                </p>
                <p class="text-xs text-zinc-600 dark:text-zinc-400">
                  Active {formatRelative(session.lastUsedAt)} · signed in {formatDateTime(session.createdAt)}
                </p>
              </div>
              <Show when={!session.current}>
                <Button
                  variant="danger"
                  pending={revoking.some((s) => s.pending && s.input[0] === session.id)}
                  onClick={() => revoke(session.id)}
                  aria-label={`Sign out ${describeUserAgent(session.userAgent)}, last active ${formatRelative(session.lastUsedAt)}`}
                >
                  Sign out
                </Button>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={others().length > 0}>
        <div class="mt-4 border-t border-zinc-100 pt-4 dark:border-zinc-800">
          <Button variant="danger" pending={revokingOthers.pending} onClick={() => revokeOthers()}>
            Sign out all other devices
          </Button>
        </div>
      </Show>
    </Card>
  );
}

/**
 * Events the Broker gave up on after every retry. Rare, and a sign that something in the
 * household's data needs a look (a budget alert or a notification that never arrived).
 */
function DeliveryCard() {
  const letters = createAsync(() => getDeadLetters());
  const readable = (type: string) => type.replace(/^ph\.fintrack\./, "").replace(/\.v\d+$/, "");
  // subscribers answer with problem+json: show its words, not its braces
  const reason = (raw: string) => {
    try {
      const problem = JSON.parse(raw) as { title?: string; detail?: string };
      return problem.detail ? `${problem.title ?? "Refused"}: ${problem.detail}` : raw;
    } catch {
      return raw;
    }
  };
  return (
    <Card
      title="Event delivery"
      description="Events that could not be delivered after every retry are kept here."
      class="lg:col-span-2"
    >
      <Show
        when={(letters()?.items.length ?? 0) > 0}
        fallback={
          <p class="text-sm text-zinc-700 dark:text-zinc-300" data-testid="dead-letters-empty">
            Every event was delivered.
          </p>
        }
      >
        <ul class="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="dead-letters">
          <For each={letters()?.items}>
            {(letter) => (
              <li class="py-3 text-sm">
                <div class="flex flex-wrap items-baseline justify-between gap-2">
                  <span class="font-mono font-medium">{readable(letter.type)}</span>
                  <span class="text-xs text-zinc-600 dark:text-zinc-400">
                    {formatDateTime(letter.receivedAt)}
                  </span>
                </div>
                <p class="mt-1 text-zinc-700 dark:text-zinc-300">
                  Not delivered to <span class="font-mono">{letter.destination ?? "unknown"}</span>
                  <Show when={letter.errorCode}>{(code) => <> (HTTP {code()})</>}</Show>
                </p>
                <Show when={letter.error}>
                  {(error) => (
                    <p class="mt-1 line-clamp-2 break-words text-xs text-zinc-600 dark:text-zinc-400">
                      {reason(error())}
                    </p>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </Card>
  );
}
