import { For } from "solid-js";
import { isDark, setThemePreference, type ThemePreference, themePreference, toggleTheme } from "../lib/theme";
import { MoonIcon, SunIcon } from "./Icons";

export function ThemeToggle(props: { class?: string }) {
  return (
    <button
      type="button"
      onClick={toggleTheme}
      class={`inline-flex size-11 items-center justify-center rounded-xl text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 ${props.class ?? ""}`}
      aria-label={isDark() ? "Switch to light theme" : "Switch to dark theme"}
      title={isDark() ? "Light theme" : "Dark theme"}
    >
      {isDark() ? <SunIcon /> : <MoonIcon />}
    </button>
  );
}

const choices: Array<{ value: ThemePreference; label: string }> = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

/** System / Light / Dark, as a radio group (settings page). */
export function ThemeChoice() {
  return (
    <fieldset>
      <legend class="sr-only">Theme</legend>
      <div class="inline-flex rounded-xl bg-zinc-100 p-1 dark:bg-zinc-800">
        <For each={choices}>
          {(choice) => (
            <label class="relative cursor-pointer">
              <input
                type="radio"
                name="theme"
                value={choice.value}
                checked={themePreference() === choice.value}
                onChange={() => setThemePreference(choice.value)}
                class="peer sr-only"
              />
              <span class="block rounded-lg px-4 py-2 text-sm font-medium text-zinc-600 peer-checked:bg-white peer-checked:text-zinc-900 peer-checked:shadow-sm peer-focus-visible:outline-2 peer-focus-visible:outline-emerald-600 dark:text-zinc-400 dark:peer-checked:bg-zinc-950 dark:peer-checked:text-zinc-50">
                {choice.label}
              </span>
            </label>
          )}
        </For>
      </div>
    </fieldset>
  );
}
