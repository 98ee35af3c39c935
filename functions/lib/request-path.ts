import type { MiddlewareHandler } from "hono";
import { problemResponse } from "./problem";

export type NormalisedPath = { path: string } | { error: string };

// a segment keeps these as they are (RFC 3986 pchar); everything else is percent-encoded
const KEEP_IN_SEGMENT = /%(21|24|26|27|28|29|2A|2B|2C|3A|3B|3D|40)/g;
// C0 controls (NUL among them) and DEL have no business in a path
const isControl = (text: string) => [...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch === "\u007f");

/**
 * The one spelling of a request path that every routing decision uses. The gateway decides
 * "internal or public, which function" and the functions route on the result, so both must
 * read the same path: `%65vents` is `events`, and anything that could be read two ways —
 * an encoded separator (`%2F`, `%5C`), a backslash, a dot segment (`.`, `..`, `%2e%2e`),
 * an empty segment (`//`), malformed percent-encoding, a control character — is refused.
 * Returns the canonical encoding (each decoded segment re-encoded one way), which is
 * idempotent: normalising a normalised path gives it back.
 */
export function normalisePath(rawPath: string): NormalisedPath {
  if (!rawPath.startsWith("/")) return { error: "The path must start with /." };
  if (rawPath.includes("\\")) return { error: "Backslashes are not allowed in paths." };
  const segments = rawPath.slice(1).split("/");
  const out: string[] = [];
  for (const [i, raw] of segments.entries()) {
    // one trailing slash is how a directory is written; an empty segment anywhere else is not
    if (raw === "" && i < segments.length - 1) {
      return { error: "Empty path segments (//) are not allowed." };
    }
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { error: "The path has malformed percent-encoding." };
    }
    if (segment.includes("/") || segment.includes("\\")) {
      return { error: "Encoded path separators (%2F, %5C) are not allowed." };
    }
    if (isControl(segment)) return { error: "Control characters (NUL…) are not allowed in paths." };
    if (segment === "." || segment === "..") return { error: "Dot segments (. and ..) are not allowed." };
    out.push(encodeURIComponent(segment).replace(KEEP_IN_SEGMENT, (m) => decodeURIComponent(m)));
  }
  return { path: `/${out.join("/")}` };
}

/** The path Hono routes on: the normalised one (a refused path is answered by `refuseOddPaths`). */
export function routingPath(request: Request): string {
  const raw = rawPathOf(request.url);
  const normal = normalisePath(raw);
  return "path" in normal ? normal.path : raw;
}

/** First middleware of the gateway and of every function: a path read two ways is a 400. */
export function refuseOddPaths(): MiddlewareHandler {
  return async (c, next) => {
    const normal = normalisePath(rawPathOf(c.req.url));
    if ("error" in normal) return problemResponse(c, 400, "Invalid path", normal.error);
    await next();
  };
}

/** The request's URL with its path replaced by the normalised one (what the gateway forwards). */
export function withNormalisedPath(url: string, path: string): string {
  const u = new URL(url);
  return `${u.origin}${path}${u.search}`;
}

// The path as sent: new URL() would already fold dot segments and backslashes we must refuse,
// but a request's url string reaches us (from node-server and bun) as the request line had it.
function rawPathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const end = url.slice(start).search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, start + end);
}
