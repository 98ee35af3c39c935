import { Title } from "@solidjs/meta";
import { createAsync, useAction, useSubmission } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, Show } from "solid-js";
import { Button } from "../../../components/Button";
import { Card, PageHeader } from "../../../components/Card";
import { FormAlert, fieldErrors, SuccessNote } from "../../../components/FormAlert";
import { TextField } from "../../../components/TextField";
import type { DiscordSettings, NotificationPreferences } from "../../../lib/api";
import { getReminderSettings, type ReminderSettings, saveReminderSettingsAction } from "../../../lib/bills";
import { formatDateTime } from "../../../lib/format";
import {
  getDiscordSettings,
  getNotificationPreferences,
  removeDiscordAction,
  saveDiscordAction,
  savePreferencesAction,
  testDiscordAction,
} from "../../../lib/notifications";

export default function NotificationSettingsPage() {
  const prefs = createAsync(() => getNotificationPreferences());
  const discord = createAsync(() => getDiscordSettings());
  const reminders = createAsync(() => getReminderSettings());
  return (
    <>
      <Title>Notification settings · FinTrack</Title>
      <PageHeader
        title="Notifications"
        description="What reaches you in FinTrack and on Discord, and when to stay quiet."
      />
      <div class="grid gap-4 lg:grid-cols-2 lg:items-start">
        <Show when={prefs()}>{(p) => <KindsCard prefs={p()} />}</Show>
        <div class="grid gap-4">
          <Show when={prefs()}>{(p) => <QuietHoursCard prefs={p()} />}</Show>
          <Show when={reminders()}>{(r) => <ReminderDaysCard settings={r()} />}</Show>
          <Show when={discord()}>{(d) => <DiscordCard settings={d()} />}</Show>
        </div>
      </div>
    </>
  );
}

function KindsCard(props: { prefs: NotificationPreferences }) {
  const save = useAction(savePreferencesAction);
  const saving = useSubmission(savePreferencesAction);
  const toggle = (kind: string, channel: "inApp" | "discord", value: boolean) => {
    const current = props.prefs.kinds.find((k) => k.kind === kind);
    if (!current) return;
    void save({ kinds: [{ kind, inApp: current.inApp, discord: current.discord, [channel]: value }] });
  };
  return (
    <Card
      title="Kinds"
      description="Choose, for each kind, whether it shows in FinTrack, on Discord, or both."
    >
      <table class="w-full text-sm" data-testid="notification-kinds">
        <thead>
          <tr class="text-left text-xs text-zinc-600 dark:text-zinc-400">
            <th class="pb-2 font-medium">Kind</th>
            <th class="w-20 pb-2 text-center font-medium">In app</th>
            <th class="w-20 pb-2 text-center font-medium">Discord</th>
          </tr>
        </thead>
        <tbody class="divide-y divide-zinc-100 dark:divide-zinc-800">
          <For each={props.prefs.kinds}>
            {(k) => (
              <tr>
                <td class="py-2.5 pr-2 text-zinc-800 dark:text-zinc-200">{k.label}</td>
                <td class="text-center">
                  <input
                    type="checkbox"
                    class="size-5 accent-emerald-700"
                    checked={k.inApp}
                    aria-label={`${k.label} in the app`}
                    onChange={(e) => toggle(k.kind, "inApp", e.currentTarget.checked)}
                  />
                </td>
                <td class="text-center">
                  <input
                    type="checkbox"
                    class="size-5 accent-emerald-700"
                    checked={k.discord}
                    aria-label={`${k.label} on Discord`}
                    onChange={(e) => toggle(k.kind, "discord", e.currentTarget.checked)}
                  />
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <FormAlert error={saving.error} class="mt-3" />
    </Card>
  );
}

/** "7, 3, 1, 0" ⇄ [7, 3, 1, 0]. */
const daysText = (days: number[]) => days.join(", ");
const daysOf = (text: string): number[] | null => {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  return parts.every((d) => /^\d{1,2}$/.test(d)) ? parts.map(Number) : null;
};
const NOT_DAYS = "Whole numbers of days (0–60), separated by commas";

function ReminderDaysCard(props: { settings: ReminderSettings }) {
  const save = useAction(saveReminderSettingsAction);
  const saving = useSubmission(saveReminderSettingsAction);
  const [local, setLocal] = createSignal<Record<string, string>>({});
  // the API names an item ("beforeDays.2"); the form has one field per list
  const errorOf = (field: string) =>
    local()[field] ??
    Object.entries(fieldErrors(saving.error)).find(
      ([path]) => path === field || path.startsWith(`${field}.`),
    )?.[1];
  return (
    <Card
      title="Due date reminders"
      description="For the whole household: card statements and bills, every morning at 8:00 (Philippine time)."
    >
      <form
        class="grid gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const beforeDays = daysOf(String(form.get("beforeDays")));
          const overdueDays = daysOf(String(form.get("overdueDays")));
          setLocal({
            ...(beforeDays ? {} : { beforeDays: NOT_DAYS }),
            ...(overdueDays ? {} : { overdueDays: NOT_DAYS }),
          });
          if (beforeDays && overdueDays) void save({ beforeDays, overdueDays });
        }}
      >
        <TextField
          label="Days before the due date"
          name="beforeDays"
          inputMode="numeric"
          value={daysText(props.settings.beforeDays)}
          hint="0 is the day itself, e.g. 7, 3, 1, 0"
          error={errorOf("beforeDays")}
        />
        <TextField
          label="Days after, while unpaid"
          name="overdueDays"
          inputMode="numeric"
          value={daysText(props.settings.overdueDays)}
          hint="e.g. 1, 7; leave empty for none"
          error={errorOf("overdueDays")}
        />
        <FormAlert error={saving.error} />
        <Show when={saving.result && !saving.pending}>
          <SuccessNote>Reminder days saved.</SuccessNote>
        </Show>
        <Button type="submit" disabled={saving.pending}>
          Save reminder days
        </Button>
      </form>
    </Card>
  );
}

function QuietHoursCard(props: { prefs: NotificationPreferences }) {
  const save = useAction(savePreferencesAction);
  const saving = useSubmission(savePreferencesAction);
  const [on, setOn] = createSignal(props.prefs.quietHours !== null);
  // Follow the saved value only when it changes: a save elsewhere on the page refetches the
  // preferences, and that must not undo a toggle the member has not saved yet.
  const savedOn = createMemo(() => props.prefs.quietHours !== null);
  createEffect(() => setOn(savedOn()));
  const errors = () => fieldErrors(saving.error);
  return (
    <Card
      title="Quiet hours"
      description="Philippine time. Discord posts wait until they end; in the app they still arrive and count on the bell, without a pop-up."
    >
      <form
        class="grid gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          void save({
            quietHours: on() ? { start: String(form.get("start")), end: String(form.get("end")) } : null,
          });
        }}
      >
        <label class="flex min-h-11 items-center gap-3 text-sm text-zinc-800 dark:text-zinc-200">
          <input
            type="checkbox"
            class="size-5 accent-emerald-700"
            checked={on()}
            onChange={(e) => setOn(e.currentTarget.checked)}
            data-testid="quiet-hours-on"
          />
          Keep quiet at night
        </label>
        <Show when={on()}>
          <div class="grid grid-cols-2 gap-3">
            <TextField
              label="From"
              name="start"
              type="time"
              required
              value={props.prefs.quietHours?.start ?? "22:00"}
              error={errors()["quietHours.start"] ?? errors().quietHours}
            />
            <TextField
              label="Until"
              name="end"
              type="time"
              required
              value={props.prefs.quietHours?.end ?? "07:00"}
              error={errors()["quietHours.end"]}
            />
          </div>
        </Show>
        <div>
          <Button type="submit" pending={saving.pending}>
            Save quiet hours
          </Button>
        </div>
        <Show when={saving.result && !saving.error}>
          <SuccessNote>Saved.</SuccessNote>
        </Show>
      </form>
    </Card>
  );
}

function DiscordCard(props: { settings: DiscordSettings }) {
  const save = useAction(saveDiscordAction);
  const saving = useSubmission(saveDiscordAction);
  const remove = useAction(removeDiscordAction);
  const removing = useSubmission(removeDiscordAction);
  const test = useAction(testDiscordAction);
  const testing = useSubmission(testDiscordAction);
  let form!: HTMLFormElement;
  createEffect(() => {
    if (saving.result && !saving.pending) form?.reset();
  });
  const last = () => props.settings.lastDelivery;
  return (
    <Card
      title="Discord"
      description="Post the kinds you chose to a Discord channel: in Discord, Channel settings → Integrations → Webhooks → New webhook → Copy URL."
    >
      <div class="grid gap-4" data-testid="discord-settings">
        <p class="text-sm text-zinc-700 dark:text-zinc-300">
          <Show
            when={props.settings.masked}
            fallback="No Discord webhook yet: notifications stay in FinTrack."
          >
            {(masked) => (
              <>
                Posting to{" "}
                <code class="break-all text-xs" data-testid="discord-masked">
                  {masked()}
                </code>
                <Show when={props.settings.source === "environment"}> (the server's webhook)</Show>
              </>
            )}
          </Show>
        </p>
        <form
          ref={form}
          class="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            void save(new FormData(e.currentTarget));
          }}
        >
          <TextField
            label={props.settings.source === "settings" ? "Replace webhook URL" : "Webhook URL"}
            name="url"
            type="url"
            inputmode="url"
            autocomplete="off"
            required
            placeholder="https://discord.com/api/webhooks/…"
            hint="Stored encrypted; FinTrack never shows it again in full."
            error={fieldErrors(saving.error).url}
          />
          <div class="flex flex-wrap gap-2">
            <Button type="submit" pending={saving.pending}>
              Save webhook
            </Button>
            <Show when={props.settings.source === "settings"}>
              <Button variant="danger" pending={removing.pending} onClick={() => remove()}>
                Remove
              </Button>
            </Show>
            <Show when={props.settings.source}>
              <Button
                variant="secondary"
                pending={testing.pending}
                pendingLabel="Sending…"
                onClick={() => test()}
                data-testid="discord-test"
              >
                Send test message
              </Button>
            </Show>
          </div>
        </form>
        <FormAlert error={testing.error ?? removing.error} />
        <Show when={last()}>
          {(d) => (
            <p class="text-sm text-zinc-700 dark:text-zinc-300" data-testid="discord-last">
              Last post ({d().kind === "test" ? "test message" : d().kind}):{" "}
              <strong
                class={
                  d().status === "failed"
                    ? "text-red-700 dark:text-red-400"
                    : d().status === "sent"
                      ? "text-emerald-800 dark:text-emerald-300"
                      : ""
                }
              >
                {d().status === "sent" ? "delivered" : d().status === "failed" ? "failed" : "waiting"}
              </strong>{" "}
              {formatDateTime(d().sentAt ?? d().createdAt)}
              <Show when={d().error}> — {d().error}</Show>
            </p>
          )}
        </Show>
        <Show when={props.settings.failedCount > 0}>
          <p class="text-sm text-red-700 dark:text-red-400">
            {props.settings.failedCount} post{props.settings.failedCount === 1 ? "" : "s"} could not be
            delivered after retrying; they are still in your notifications.
          </p>
        </Show>
      </div>
    </Card>
  );
}
