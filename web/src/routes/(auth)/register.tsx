import { Title } from "@solidjs/meta";
import { A, createAsync } from "@solidjs/router";
import { Show } from "solid-js";
import { AuthCard } from "../../components/AuthCard";
import { buttonClass } from "../../components/Button";
import { RegisterForm } from "../../components/RegisterForm";
import { getAuthStatus } from "../../lib/auth";

/** First visit: the owner creates their account and the household. */
export default function RegisterPage() {
  const status = createAsync(() => getAuthStatus());
  return (
    <>
      <Title>Set up FinTrack</Title>
      <Show when={status()}>
        {(current) => (
          <Show when={current().needsSetup} fallback={<AlreadySetUp />}>
            <AuthCard
              title="Set up FinTrack"
              description="Create the owner account. You can invite your partner from Settings afterwards."
            >
              <RegisterForm submitLabel="Create account" />
            </AuthCard>
          </Show>
        )}
      </Show>
    </>
  );
}

function AlreadySetUp() {
  return (
    <AuthCard
      title="FinTrack is already set up"
      description="This household already has an owner. Sign in, or ask the owner for an invite link to join."
    >
      <A href="/login" class={buttonClass("primary", "w-full")}>
        Go to sign in
      </A>
    </AuthCard>
  );
}
