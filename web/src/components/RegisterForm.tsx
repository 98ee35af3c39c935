import { useSubmission } from "@solidjs/router";
import { Show } from "solid-js";
import { registerAction } from "../lib/auth";
import { Button } from "./Button";
import { FormAlert, fieldErrors } from "./FormAlert";
import { TextField } from "./TextField";

/** Shared by owner setup and accepting an invite (which passes `inviteCode`). */
export function RegisterForm(props: { submitLabel: string; inviteCode?: string }) {
  const submission = useSubmission(registerAction);
  const errors = () => fieldErrors(submission.error);
  return (
    <form
      action={registerAction}
      method="post"
      class="space-y-5"
      onInput={() => submission.error && submission.clear()}
    >
      <Show when={props.inviteCode}>
        <input type="hidden" name="inviteCode" value={props.inviteCode} />
      </Show>
      <FormAlert error={submission.error} />
      <TextField
        label="Your name"
        name="name"
        autocomplete="name"
        required
        maxlength={80}
        error={errors().name}
      />
      <TextField
        label="Email"
        name="email"
        type="email"
        autocomplete="email"
        required
        error={errors().email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autocomplete="new-password"
        required
        minlength={10}
        hint="At least 10 characters. A short sentence works well."
        error={errors().password}
      />
      <TextField
        label="Confirm password"
        name="confirmPassword"
        type="password"
        autocomplete="new-password"
        required
        minlength={10}
        error={errors().confirmPassword}
      />
      <Button type="submit" class="w-full" pending={submission.pending} pendingLabel="Creating account…">
        {props.submitLabel}
      </Button>
    </form>
  );
}
