import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** What the app itself says it has, for the cross-checks to hold the manifests to. */
export interface AppFacts {
  /** Knative Services the app needs: every function plus the gateway. */
  services: string[];
  /** CloudEvent types in events/catalog.ts. */
  eventTypes: string[];
}

/**
 * The Knative Services the app needs: every function in functions/registry.ts plus
 * the gateway. Without a registry (early days), every functions/<dir>/index.ts except
 * lib/ counts, and the gateway always does.
 */
export async function expectedServiceNames(root: string): Promise<string[]> {
  const registry = join(root, "functions/registry.ts");
  if (existsSync(registry)) {
    const mod = (await import(pathToFileURL(registry).href)) as {
      serviceNames?: readonly string[];
      functionNames?: readonly string[];
    };
    const names = mod.serviceNames ?? mod.functionNames;
    if (!names) throw new Error("functions/registry.ts exports neither serviceNames nor functionNames");
    return unique([...names, "gateway"]);
  }
  const functionsDir = join(root, "functions");
  const dirs = existsSync(functionsDir)
    ? readdirSync(functionsDir, { withFileTypes: true })
        .filter(
          (d) => d.isDirectory() && d.name !== "lib" && existsSync(join(functionsDir, d.name, "index.ts")),
        )
        .map((d) => d.name)
    : [];
  return unique([...dirs, "gateway"]);
}

/** Every CloudEvent type in events/catalog.ts, the only types a Trigger may filter on. */
export async function catalogEventTypes(root: string): Promise<string[]> {
  const catalog = join(root, "events/catalog.ts");
  if (!existsSync(catalog)) throw new Error("events/catalog.ts is missing: Triggers cannot be checked");
  const mod = (await import(pathToFileURL(catalog).href)) as { eventTypes?: readonly string[] };
  if (!mod.eventTypes) throw new Error("events/catalog.ts does not export eventTypes");
  return [...mod.eventTypes];
}

const unique = (names: string[]) => [...new Set(names)].sort();
