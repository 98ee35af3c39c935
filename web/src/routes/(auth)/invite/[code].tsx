import { Title } from "@solidjs/meta";
import { A, createAsync, useParams } from "@solidjs/router";
import { ErrorBoundary, Show, Suspense } from "solid-js";
import { AuthCard } from "../../../components/AuthCard";
import { buttonClass } from "../../../components/Button";
import { errorMessage } from "../../../components/FormAlert";
import { RegisterForm } from "../../../components/RegisterForm";
import { ApiError, authApi } from "../../../lib/api";
import { formatDateTime } from "../../../lib/format";

/** The partner opens the owner's invite link and creates their account. */
export default function AcceptInvitePage() {
  const params = useParams<{ code: string }>();
  const invite = createAsync(() => authApi.invite(params.code));

  return (
    <>
      <Title>Join a household · FinTrack</Title>
      <ErrorBoundary fallback={(error) => <InviteUnavailable error={error} />}>
        <Suspense
          fallback={<p class="text-center text-sm text-zinc-600 dark:text-zinc-400">Checking your invite…</p>}
        >
          <Show when={invite()}>
            {(details) => (
              <AuthCard
                title={`Join ${details().householdName}`}
                description={`${details().invitedBy} invited you to share FinTrack. This invite expires ${formatDateTime(details().expiresAt)}.`}
              >
                <RegisterForm submitLabel="Join household" inviteCode={params.code} />
              </AuthCard>
            )}
          </Show>
        </Suspense>
      </ErrorBoundary>
    </>
  );
}

function InviteUnavailable(props: { error: unknown }) {
  const gone = () =>
    props.error instanceof ApiError && (props.error.status === 404 || props.error.status === 410);
  return (
    <AuthCard
      title="This invite can't be used"
      description={
        gone()
          ? "The link has expired or was already used. Ask the person who invited you for a new link."
          : errorMessage(props.error)
      }
    >
      <A href="/login" class={buttonClass("secondary", "w-full")}>
        Go to sign in
      </A>
    </AuthCard>
  );
}
