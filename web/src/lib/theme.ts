import { createSignal } from "solid-js";

export type ThemePreference = "system" | "light" | "dark";

const STORAGE_KEY = "fintrack-theme";

/**
 * Runs inline in <head> before the first paint (no flash of the wrong theme).
 * Keep it in step with `applyTheme` below.
 */
export const themeBootScript = `(function(){try{var p=localStorage.getItem("${STORAGE_KEY}");var d=p==="dark"||(p!=="light"&&matchMedia("(prefers-color-scheme: dark)").matches);var e=document.documentElement;e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light"}catch(_){}})()`;

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
