/**
 * A rendered Kubernetes object, loosely typed: the schema check (schemas.ts) is what
 * vouches for its shape; the cross-checks (checks/) read it through `at`.
 */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** The value at a path of keys and indexes, or undefined when any step is missing. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

export const NAMESPACE = "expense-tracker";
export const KNATIVE_SERVICE = "serving.knative.dev/v1";

export const isKnativeService = (m: Manifest) => m.apiVersion === KNATIVE_SERVICE && m.kind === "Service";
export const ofKind = (objects: Manifest[], apiVersion: string, kind: string) =>
  objects.filter((m) => m.apiVersion === apiVersion && m.kind === kind);
export const identify = (m: Manifest) => `${m.kind} ${m.metadata?.name ?? "(unnamed)"}`;

/** The function container of a Knative Service (one container per function). */
export const functionContainer = (service: Manifest) =>
  at(service, "spec", "template", "spec", "containers", 0);

export function envValue(container: unknown, name: string): string | undefined {
  const entry = list(at(container, "env")).find((e) => at(e, "name") === name);
  return text(at(entry, "value"));
}

export const knativeServices = (objects: Manifest[]) => objects.filter(isKnativeService);
export const knativeServiceNames = (objects: Manifest[]) =>
  new Set(knativeServices(objects).map((s) => s.metadata.name));
