import { MetaProvider, Title } from "@solidjs/meta";
import { Router, type RouteSectionProps, useNavigate } from "@solidjs/router";
import { FileRoutes } from "@solidjs/start/router";
import { ErrorBoundary, onCleanup, Suspense } from "solid-js";
import { buttonClass } from "./components/Button";
import { errorMessage } from "./components/FormAlert";
import { setSessionExpiredHandler } from "./lib/api";
import { isPublicPath, loginPath } from "./lib/auth";
import "./app.css";

function Root(props: RouteSectionProps) {
  const navigate = useNavigate();
  // any API call whose session cannot be refreshed sends the user to sign in again
  setSessionExpiredHandler(() => {
    if (!isPublicPath(window.location.pathname)) navigate(loginPath(), { replace: true });
  });
  onCleanup(() => setSessionExpiredHandler(undefined));
  return (
    <MetaProvider>
      <Title>FinTrack</Title>
      <a
        href="#main"
        class="sr-only z-50 rounded-lg bg-emerald-700 px-4 py-2 text-white focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        Skip to content
      </a>
      <ErrorBoundary fallback={(error) => <AppUnavailable error={error} />}>
        <Suspense>{props.children}</Suspense>
      </ErrorBoundary>
    </MetaProvider>
  );
}

/** Last resort, e.g. the API is unreachable while loading the signed-in user. */
function AppUnavailable(props: { error: unknown }) {
  return (
    <main id="main" role="alert" class="flex min-h-dvh flex-col items-center justify-center px-6 text-center">
      <h1 class="text-2xl font-bold tracking-tight">FinTrack couldn't load</h1>
      <p class="mt-3 max-w-sm text-zinc-600 dark:text-zinc-400">{errorMessage(props.error)}</p>
      <button type="button" class={buttonClass("primary", "mt-8")} onClick={() => window.location.reload()}>
        Try again
      </button>
    </main>
  );
}

export default function App() {
  return (
    <Router root={Root}>
      <FileRoutes />
    </Router>
  );
}
