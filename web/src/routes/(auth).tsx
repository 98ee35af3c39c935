import type { RouteSectionProps } from "@solidjs/router";
import { Logo } from "../components/Logo";
import { ThemeToggle } from "../components/ThemeToggle";

/** Sign-in, owner setup and invite pages: one centred card, no app chrome. */
export default function AuthLayout(props: RouteSectionProps) {
  return (
    <div class="flex min-h-dvh flex-col bg-gradient-to-b from-emerald-50 to-zinc-50 dark:from-emerald-950/40 dark:to-zinc-950">
      <header class="mx-auto flex w-full max-w-md items-center justify-between px-5 pt-6">
        <Logo />
        <ThemeToggle />
      </header>
      <main id="main" class="mx-auto flex w-full max-w-md flex-1 flex-col px-5 pt-8 pb-12 sm:pt-14">
        {props.children}
      </main>
      <footer class="pb-6 text-center text-xs text-zinc-500 dark:text-zinc-400">
        Self-hosted. Your money data stays on your server.
      </footer>
    </div>
  );
}
