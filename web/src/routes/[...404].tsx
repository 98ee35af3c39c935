import { Title } from "@solidjs/meta";
import { A } from "@solidjs/router";
import { buttonClass } from "../components/Button";
import { Logo } from "../components/Logo";

/** Unknown paths: the web handler answers them with status 404 and this page. */
export default function NotFoundPage() {
  return (
    <main id="main" class="flex min-h-dvh flex-col items-center justify-center px-6 text-center">
      <Title>Page not found · FinTrack</Title>
      <Logo class="mb-10" />
      <p class="text-sm font-semibold text-emerald-800 dark:text-emerald-300">404</p>
      <h1 class="mt-2 text-3xl font-bold tracking-tight">Page not found</h1>
      <p class="mt-3 max-w-sm text-zinc-600 dark:text-zinc-400">
        We couldn't find that page. It may have moved, or the link may be mistyped.
      </p>
      <A href="/" class={buttonClass("primary", "mt-8")}>
        Back to home
      </A>
    </main>
  );
}
