import { Title } from "@solidjs/meta";
import { A, createAsync, useAction, useSubmission } from "@solidjs/router";
import { Show } from "solid-js";
import { Button, buttonClass } from "../../components/Button";
import { Card, PageHeader } from "../../components/Card";
import { FormAlert } from "../../components/FormAlert";
import { NotificationList } from "../../components/NotificationList";
import { deleteReadAction, getNotifications, markAllReadAction, unreadCount } from "../../lib/notifications";

export default function NotificationsPage() {
  const notifications = createAsync(() => getNotifications());
  const markAllRead = useAction(markAllReadAction);
  const markingAll = useSubmission(markAllReadAction);
  const deleteRead = useAction(deleteReadAction);
  const deletingRead = useSubmission(deleteReadAction);
  const anyRead = () => notifications()?.items.some((n) => n.readAt) ?? false;
  const unread = () => unreadCount() ?? notifications()?.unread ?? 0;

  return (
    <>
      <Title>Notifications · FinTrack</Title>
      <PageHeader
        title="Notifications"
        description={unread() > 0 ? `${unread()} unread` : "No unread notifications"}
        actions={
          <div class="flex flex-wrap gap-2">
            <Button
              variant="secondary"
              disabled={unread() === 0}
              pending={markingAll.pending}
              onClick={() => markAllRead()}
            >
              Mark all as read
            </Button>
            <Button
              variant="secondary"
              disabled={!anyRead()}
              pending={deletingRead.pending}
              onClick={() => deleteRead()}
              data-testid="delete-read"
            >
              Delete read
            </Button>
            <A href="/settings/notifications" class={buttonClass("secondary")}>
              Preferences
            </A>
          </div>
        }
      />
      <FormAlert error={markingAll.error ?? deletingRead.error} class="mb-4" />
      <Card>
        <Show when={notifications()}>{(list) => <NotificationList items={list().items} />}</Show>
      </Card>
    </>
  );
}
