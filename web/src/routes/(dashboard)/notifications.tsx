import { Title } from "@solidjs/meta";
import { createAsync, useAction, useSubmission } from "@solidjs/router";
import { Show } from "solid-js";
import { Button } from "../../components/Button";
import { Card, PageHeader } from "../../components/Card";
import { FormAlert } from "../../components/FormAlert";
import { NotificationList } from "../../components/NotificationList";
import { getNotifications, markAllReadAction, unreadCount } from "../../lib/notifications";

export default function NotificationsPage() {
  const notifications = createAsync(() => getNotifications());
  const markAllRead = useAction(markAllReadAction);
  const markingAll = useSubmission(markAllReadAction);
  const unread = () => unreadCount() ?? notifications()?.unread ?? 0;

  return (
    <>
      <Title>Notifications · FinTrack</Title>
      <PageHeader
        title="Notifications"
        description={unread() > 0 ? `${unread()} unread` : "No unread notifications"}
        actions={
          <Button
            variant="secondary"
            disabled={unread() === 0}
            pending={markingAll.pending}
            onClick={() => markAllRead()}
          >
            Mark all as read
          </Button>
        }
      />
      <FormAlert error={markingAll.error} class="mb-4" />
      <Card>
        <Show when={notifications()}>{(list) => <NotificationList items={list().items} />}</Show>
      </Card>
    </>
  );
}
