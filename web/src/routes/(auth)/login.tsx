import { Title } from "@solidjs/meta";
import { A, createAsync, Navigate, useSearchParams, useSubmission } from "@solidjs/router";
import { Show } from "solid-js";
import { AuthCard } from "../../components/AuthCard";
import { Button } from "../../components/Button";
import { FormAlert, fieldErrors } from "../../components/FormAlert";
import { TextField } from "../../components/TextField";
import { getAuthStatus, loginAction, safeNext } from "../../lib/auth";

export default function LoginPage() {
  const status = createAsync(() => getAuthStatus());
  const [params] = useSearchParams();
  const submission = useSubmission(loginAction);
  const errors = () => fieldErrors(submission.error);

  return (
    <>
      <Title>Sign in · FinTrack</Title>
      <Show when={status()?.needsSetup}>
        <Navigate href="/register" />
      </Show>
      <AuthCard title="Sign in" description="Welcome back. Sign in to your household's FinTrack.">
        <form
          action={loginAction}
          method="post"
          class="space-y-5"
          onInput={() => submission.error && submission.clear()}
        >
          <input type="hidden" name="next" value={safeNext(params.next as string | undefined)} />
          <FormAlert error={submission.error} />
          <TextField
            label="Email"
            name="email"
            type="email"
            autocomplete="username"
            required
            error={errors().email}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            error={errors().password}
          />
          <Button type="submit" class="w-full" pending={submission.pending} pendingLabel="Signing in…">
            Sign in
          </Button>
        </form>
      </AuthCard>
      <p class="mt-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
        Joining a partner's household? Open the invite link they sent you.
        <Show when={status()?.needsSetup}>
          {" "}
          <A href="/register" class="font-semibold text-emerald-800 underline dark:text-emerald-300">
            Set up FinTrack
          </A>
        </Show>
      </p>
    </>
  );
}
