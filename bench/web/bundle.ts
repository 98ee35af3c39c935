/**
 * Web bundle report: what a browser downloads to show a page, gzipped, read from the build's
 * Vite manifest (run `bun run build:web` first). "Initial" is the entry, the dashboard layout
 * and the page's route chunk with every chunk they import statically, plus their CSS and the
 * theme boot script; "lazy" is what the page then loads with dynamic import() (the chart
 * library on Insights). Sizes are gzip -9, as the server's precompressed .gz files are.
 *
 *   bun bench/web/bundle.ts [--json]
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const PUBLIC = fileURLToPath(new URL("../../web/.output/public/", import.meta.url));
const MANIFEST = join(PUBLIC, ".vite/manifest.json");

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const ENTRY = "src/entry-client.tsx";
const LAYOUT = "src/routes/(dashboard).tsx";
const PAGES: Record<string, string> = {
  dashboard: "src/routes/(dashboard)/index.tsx",
  insights: "src/routes/(dashboard)/insights.tsx",
  transactions: "src/routes/(dashboard)/transactions.tsx",
};

if (!existsSync(MANIFEST)) {
  console.error("No web build: run `bun run build:web` first.");
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as Record<string, Chunk>;
const keyOf = (src: string) => Object.keys(manifest).find((k) => k === src || k.startsWith(`${src}?`));

const gz = new Map<string, number>();
const sizeOf = (file: string) => {
  let n = gz.get(file);
  if (n === undefined) {
    n = gzipSync(readFileSync(join(PUBLIC, file)), { level: 9 }).length;
    gz.set(file, n);
  }
  return n;
};

/** The chunk and what it imports statically (files), and the dynamic imports found on the way. */
function closure(keys: string[]) {
  const files = new Set<string>();
  const dynamic = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const c = manifest[key];
    if (!c) return;
    files.add(c.file);
    for (const css of c.css ?? []) files.add(css);
    for (const i of c.imports ?? []) visit(i);
    for (const d of c.dynamicImports ?? []) dynamic.add(d);
  };
  keys.forEach(visit);
  return { files, dynamic };
}

const entry = keyOf(ENTRY)!;
const layout = keyOf(LAYOUT)!;
const results: Record<string, { initialJs: number; initialCss: number; lazyJs: number; files: number }> = {};
for (const [name, src] of Object.entries(PAGES)) {
  const page = keyOf(src);
  if (!page) continue;
  const initial = closure([entry, layout, page]);
  initial.files.add("theme-boot.js");
  // lazy: dynamic imports reached from the page itself (not the entry's other routes)
  const own = closure([page]);
  const lazyFiles = new Set<string>();
  for (const d of own.dynamic)
    for (const f of closure([d]).files) if (!initial.files.has(f)) lazyFiles.add(f);
  const sum = (files: Iterable<string>, ext: string) =>
    [...files].filter((f) => f.endsWith(ext)).reduce((s, f) => s + sizeOf(f), 0);
  results[name] = {
    initialJs: sum(initial.files, ".js"),
    initialCss: sum(initial.files, ".css"),
    lazyJs: sum(lazyFiles, ".js") + sum(lazyFiles, ".css"),
    files: initial.files.size,
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
if (process.argv.includes("--json")) console.log(JSON.stringify(results, null, 2));
else {
  console.log("page          initial JS   initial CSS   initial total   lazy (charts)   files");
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(13)} ${kb(r.initialJs).padStart(10)}   ${kb(r.initialCss).padStart(11)}   ${kb(r.initialJs + r.initialCss).padStart(13)}   ${kb(r.lazyJs).padStart(13)}   ${String(r.files).padStart(5)}`,
    );
  }
}
