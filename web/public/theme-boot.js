// Runs in <head> before the first paint (no flash of the wrong theme). A file, not an inline
// script, so the Content-Security-Policy can be script-src 'self'. Keep it in step with
// applyTheme in src/lib/theme.ts.
(() => {
  try {
    const p = localStorage.getItem("fintrack-theme");
    const d = p === "dark" || (p !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
    const e = document.documentElement;
    e.classList.toggle("dark", d);
    e.style.colorScheme = d ? "dark" : "light";
  } catch (_) {}
})();
