/**
 * Serves the built web app (web/.output/public, from `bun run build:web`) as a
 * fetch-style handler for every non-/api path. Runs under Node 20 and bun.
 *
 * - files: correct content type; hashed `/_build/assets/*` are cached forever,
 *   pre-compressed variants (br, gzip, zstd) are used when the client accepts them
 * - app pages (`/`, `/settings`, `/invite/:code`, …): the index.html shell, 200
 * - anything else: the same shell with status 404 (the app renders its Not Found page)
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { matchesPage, type RoutePattern } from "./route-patterns";

export type WebHandler = (req: Request) => Promise<Response>;

export interface WebHandlerOptions {
  /** the built public directory; defaults to web/.output/public (or FINTRACK_WEB_DIR) */
  publicDir?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
};

const ENCODINGS = [
  { name: "br", suffix: ".br" },
  { name: "zstd", suffix: ".zst" },
  { name: "gzip", suffix: ".gz" },
] as const;
const COMPRESSED_SUFFIXES = new Set<string>(ENCODINGS.map((encoding) => encoding.suffix));

/**
 * The app's pages run only our own files: no inline script or style, no other origin. The
 * theme is set before the first paint by /theme-boot.js (a file), and Solid sets element
 * styles through the CSSOM, which style-src does not govern. Browser tests fail on any
 * violation (web/tests/browser.ts).
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";
const SHORT = "public, max-age=3600";

interface StaticFile {
  body: Uint8Array;
  type: string;
  variants: Partial<Record<(typeof ENCODINGS)[number]["name"], Uint8Array>>;
}

export function defaultPublicDir(): string {
  return process.env.FINTRACK_WEB_DIR ?? fileURLToPath(new URL("./.output/public", import.meta.url));
}

export async function createWebHandler(options: WebHandlerOptions = {}): Promise<WebHandler> {
  const publicDir = options.publicDir ?? defaultPublicDir();
  const indexPath = join(publicDir, "index.html");
  if (!existsSync(indexPath)) {
    throw new Error(`The web app is not built (no ${indexPath}): run \`bun run build:web\` first.`);
  }

  // The build is small (tens of files): hold it in memory, no disk access per request.
  const files = await loadFiles(publicDir);
  const shell = files.get("/index.html") as StaticFile;
  const routes = await readRoutes(files);

  return async (req: Request): Promise<Response> => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return new Response("Method Not Allowed", {
        status: 405,
        headers: { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" },
      });
    }
    const pathname = decodePath(new URL(req.url).pathname);
    if (pathname === undefined) return notFoundText(req);

    const file = pathname.endsWith("/") ? undefined : files.get(pathname);
    if (file && pathname !== "/index.html") {
      const cache = pathname.startsWith("/_build/assets/") ? IMMUTABLE : SHORT;
      return respond(req, file, 200, cache);
    }
    // a missing script or stylesheet is not a page: no HTML shell for it
    if (pathname.startsWith("/_build/") || pathname.startsWith("/api/")) return notFoundText(req);
    const status = pathname === "/index.html" || matchesPage(routes, pathname) ? 200 : 404;
    return respond(req, shell, status, REVALIDATE);
  };
}

async function loadFiles(publicDir: string): Promise<Map<string, StaticFile>> {
  const files = new Map<string, StaticFile>();
  const paths = await listFiles(publicDir);
  const present = new Set(paths);
  for (const path of paths) {
    const suffix = extname(path);
    if (COMPRESSED_SUFFIXES.has(suffix) && present.has(path.slice(0, -suffix.length))) continue;
    const urlPath = `/${relative(publicDir, path).split(sep).join("/")}`;
    // .vite/manifest.json and other dotfiles are build metadata, not for browsers
    if (urlPath.split("/").some((segment) => segment.startsWith("."))) continue;
    const variants: StaticFile["variants"] = {};
    for (const encoding of ENCODINGS) {
      if (present.has(path + encoding.suffix))
        variants[encoding.name] = await readFile(path + encoding.suffix);
    }
    files.set(urlPath, {
      body: await readFile(path),
      type: CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream",
      variants,
    });
  }
  return files;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(path);
      return Promise.resolve(entry.isFile() ? [path] : []);
    }),
  );
  return nested.flat();
}

async function readRoutes(files: Map<string, StaticFile>): Promise<RoutePattern[]> {
  const manifest = files.get("/_build/routes.json");
  if (!manifest)
    throw new Error("The web build has no _build/routes.json: rebuild with `bun run build:web`.");
  return JSON.parse(new TextDecoder().decode(manifest.body)) as RoutePattern[];
}

/** The decoded path, or undefined for anything that tries to leave the public folder. */
function decodePath(rawPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (path.includes("\0") || path.includes("\\") || path.split("/").includes("..")) return undefined;
  return path;
}

function respond(req: Request, file: StaticFile, status: number, cacheControl: string): Response {
  const headers = new Headers({
    "content-type": file.type,
    "cache-control": cacheControl,
    "x-content-type-options": "nosniff",
  });
  let body = file.body;
  if (Object.keys(file.variants).length > 0) {
    headers.set("vary", "accept-encoding");
    const accepted = acceptedEncodings(req.headers.get("accept-encoding"));
    for (const encoding of ENCODINGS) {
      const variant = file.variants[encoding.name];
      if (variant && accepted.has(encoding.name)) {
        body = variant;
        headers.set("content-encoding", encoding.name);
        break;
      }
    }
  }
  if (file.type.startsWith("text/html")) {
    headers.set("content-security-policy", PAGE_CSP);
    headers.set("x-frame-options", "DENY");
    headers.set("referrer-policy", "same-origin");
  }
  headers.set("content-length", String(body.byteLength));
  return new Response(req.method === "HEAD" ? null : (body as BodyInit), { status, headers });
}

function acceptedEncodings(header: string | null): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    if (q && Number(q.slice(2)) === 0) continue;
    accepted.add(name);
  }
  return accepted;
}

function notFoundText(req: Request): Response {
  return new Response(req.method === "HEAD" ? null : "Not Found", {
    status: 404,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-cache" },
  });
}
