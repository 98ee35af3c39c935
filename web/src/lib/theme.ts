import { createSignal } from "solid-js";

export type ThemePreference = "system" | "light" | "dark";

// also read before the first paint by public/theme-boot.js
const STORAGE_KEY = "fintrack-theme";

function readPreference(): ThemePreference {
  if (typeof localStorage === "undefined") return "system";
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === "light" || stored === "dark" ? stored : "system";
}

const [preference, setPreference] = createSignal<ThemePreference>(readPreference());
const systemDark = () =>
  typeof matchMedia !== "undefined" && matchMedia("(prefers-color-scheme: dark)").matches;
const [isDark, setIsDark] = createSignal(
  preference() === "dark" || (preference() === "system" && systemDark()),
);

export { isDark, preference as themePreference };

function applyTheme(): void {
  const dark = preference() === "dark" || (preference() === "system" && systemDark());
  setIsDark(dark);
  const root = document.documentElement;
  root.classList.toggle("dark", dark);
  root.style.colorScheme = dark ? "dark" : "light";
}

export function setThemePreference(next: ThemePreference): void {
  setPreference(next);
  if (next === "system") localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, next);
  applyTheme();
}

/** Flips between light and dark (leaving "follow the system" behind). */
export function toggleTheme(): void {
  setThemePreference(isDark() ? "light" : "dark");
}

if (typeof matchMedia !== "undefined") {
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (preference() === "system") applyTheme();
  });
}
