import { createSignal } from "solid-js";
import { type DocumentSummary, documentsApi } from "../../lib/documents";
import { Button } from "../Button";
import { errorMessage } from "../FormAlert";
import { TextField } from "../TextField";

/**
 * Asks for a protected statement's password. The password lives in this input only until the
 * request is sent: the field is cleared after every try and nothing is saved in the browser.
 */
export function PasswordPrompt(props: {
  document: DocumentSummary;
  onUnlocked: (doc: DocumentSummary) => void;
}) {
  const [password, setPassword] = createSignal("");
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const value = password();
    if (!value) {
      setError("Enter the PDF's password.");
      return;
    }
    setPending(true);
    setError(undefined);
    try {
      const unlocked = await documentsApi.unlock(props.document.id, value);
      props.onUnlocked(unlocked);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPassword("");
      setPending(false);
    }
  };
  return (
    <form class="mt-3 flex flex-col gap-2 sm:flex-row sm:items-end" onSubmit={submit} autocomplete="off">
      <TextField
        value={password()}
        onInput={(e) => setPassword(e.currentTarget.value)}
        class="flex-1"
        label={`Password for ${props.document.fileName}`}
        name="pdf-password"
        type="password"
        autocomplete="off"
        hint="Card statements often use your card's last digits and your birth date. It is used once and never saved."
        error={error()}
      />
      <Button type="submit" pending={pending()} pendingLabel="Unlocking…">
        Unlock
      </Button>
    </form>
  );
}
