/**
 * Which paths the single-page app can render. The build writes the app's route
 * patterns to `_build/routes.json` (see vite.config.ts); the web handler uses them
 * to answer an unknown page with a real 404 instead of a 200 app shell.
 */
export type RoutePattern = string;

/** File-router paths (`/invite/:code`, `/docs/*rest`, `/:id?`) that name real pages. */
export function pagePatterns(paths: readonly string[]): RoutePattern[] {
  const patterns = new Set<string>();
  for (const path of paths) {
    // the catch-all not-found page is not a page a URL should "match"
    if (/\/\*404$/.test(path)) continue;
    // `(auth)`-style folders group files without adding a URL segment
    const segments = path.split("/").filter((segment) => segment && !/^\(.*\)$/.test(segment));
    patterns.add(`/${segments.join("/")}`);
  }
  return [...patterns].sort();
}

/** Does `pathname` match one of the router patterns? */
export function matchesPage(patterns: readonly RoutePattern[], pathname: string): boolean {
  const segments = splitPath(pathname);
  return patterns.some((pattern) => matchPattern(splitPath(pattern), segments));
}

function splitPath(path: string): string[] {
  return path.split("/").filter((segment) => segment.length > 0);
}

function matchPattern(pattern: string[], segments: string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i] as string;
    if (part.startsWith("*")) return true;
    const segment = segments[i];
    if (part.startsWith(":")) {
      if (segment === undefined) return part.endsWith("?") && i === pattern.length - 1;
      continue;
    }
    if (segment !== part) return false;
  }
  return segments.length === pattern.length;
}
