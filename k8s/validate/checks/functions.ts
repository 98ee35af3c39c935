/**
 * Cross-checks of the Knative Services: one per function, probed, scaled and shaped as Knative admits.
 * Each check returns its problems, empty when all is well, so the test can also feed it
 * a broken copy of a render and watch it complain.
 */

import {
  at,
  envValue,
  functionContainer,
  knativeServiceNames,
  knativeServices,
  list,
  type Manifest,
  NAMESPACE,
  text,
} from "../manifest";
import type { AppFacts } from "../project";

/** The SSE stream lives in notifications and is relayed by the gateway: never cold. */
export const ALWAYS_WARM = new Set(["gateway", "notifications"]);
const FUNCTION_PORT = 8080;

export function healthPaths(service: string): { health: string; ready: string } {
  const base = service === "gateway" ? "/api" : `/api/${service}`;
  return { health: `${base}/health`, ready: `${base}/ready` };
}

/** One Knative Service per function, each running the shared image with FUNCTION=<its name>. */
export function functionServiceProblems(objects: Manifest[], facts: AppFacts): string[] {
  const services = knativeServices(objects);
  const names = knativeServiceNames(objects);
  const problems: string[] = [];
  for (const name of facts.services) {
    if (!names.has(name))
      problems.push(`function ${name} has no Knative Service (add knative/services/${name}.yaml)`);
  }
  const images = new Set<string>();
  for (const service of services) {
    const name = service.metadata.name;
    if (!facts.services.includes(name)) problems.push(`Knative Service ${name} runs no known function`);
    const containers = list(at(service, "spec", "template", "spec", "containers"));
    if (containers.length !== 1)
      problems.push(`Knative Service ${name} has ${containers.length} containers, not 1`);
    const container = functionContainer(service);
    const fn = envValue(container, "FUNCTION");
    if (fn !== name) problems.push(`Knative Service ${name} sets FUNCTION=${fn ?? "(unset)"}`);
    images.add(text(at(container, "image")) ?? "(none)");
    const port = at(container, "ports", 0, "containerPort");
    if (port !== FUNCTION_PORT)
      problems.push(`Knative Service ${name} listens on ${String(port)}, not ${FUNCTION_PORT}`);
    if (service.metadata.labels?.["app.kubernetes.io/component"] !== "function") {
      problems.push(`Knative Service ${name} lacks label app.kubernetes.io/component=function`);
    }
    if (
      at(container, "resources", "requests", "memory") === undefined ||
      at(container, "resources", "limits", "memory") === undefined
    ) {
      problems.push(`Knative Service ${name} has no memory request and limit`);
    }
    if (at(container, "securityContext", "runAsNonRoot") !== true) {
      problems.push(`Knative Service ${name} does not insist on runAsNonRoot`);
    }
  }
  if (images.size > 1) problems.push(`functions run different images: ${[...images].join(", ")}`);
  const gateway = services.find((s) => s.metadata.name === "gateway");
  const template = gateway && envValue(functionContainer(gateway), "FUNCTION_URL_TEMPLATE");
  if (gateway && template !== `http://{name}.${NAMESPACE}.svc.cluster.local`) {
    problems.push(`gateway FUNCTION_URL_TEMPLATE is ${template ?? "(unset)"}`);
  }
  return problems;
}

export function probeProblems(objects: Manifest[]): string[] {
  return knativeServices(objects).flatMap((service) => {
    const name = service.metadata.name;
    const container = functionContainer(service);
    const expected = healthPaths(name);
    const problems: string[] = [];
    for (const [probe, path] of [
      ["readinessProbe", expected.ready],
      ["livenessProbe", expected.health],
    ] as const) {
      const actual = at(container, probe, "httpGet", "path");
      if (actual !== path)
        problems.push(`Knative Service ${name} ${probe} checks ${String(actual)}, not ${path}`);
      const port = at(container, probe, "httpGet", "port");
      if (port !== FUNCTION_PORT) problems.push(`Knative Service ${name} ${probe} uses port ${String(port)}`);
    }
    return problems;
  });
}

// Per-revision autoscaling annotations in Knative's documented kebab-case form.
const AUTOSCALING_KEYS = new Set(
  [
    "class",
    "metric",
    "target",
    "target-utilization-percentage",
    "window",
    "panic-window-percentage",
    "panic-threshold-percentage",
    "min-scale",
    "max-scale",
    "initial-scale",
    "activation-scale",
    "scale-down-delay",
    "scale-to-zero-pod-retention-period",
  ].map((key) => `autoscaling.knative.dev/${key}`),
);

export function scalingProblems(objects: Manifest[]): string[] {
  return knativeServices(objects).flatMap((service) => {
    const name = service.metadata.name;
    const annotations = (at(service, "spec", "template", "metadata", "annotations") ?? {}) as Record<
      string,
      string
    >;
    const problems = Object.keys(annotations)
      .filter((key) => key.startsWith("autoscaling.knative.dev/") && !AUTOSCALING_KEYS.has(key))
      .map((key) => `Knative Service ${name}: unknown autoscaling annotation ${key}`);
    const minScale = Number(annotations["autoscaling.knative.dev/min-scale"] ?? "0");
    if (ALWAYS_WARM.has(name) && !(minScale >= 1)) problems.push(`Knative Service ${name} may scale to zero`);
    if (!ALWAYS_WARM.has(name) && minScale !== 0)
      problems.push(`Knative Service ${name} never scales to zero`);
    const maxScale = Number(annotations["autoscaling.knative.dev/max-scale"]);
    if (!(maxScale >= Math.max(minScale, 1)))
      problems.push(`Knative Service ${name} has no sensible max-scale`);
    const concurrency = at(service, "spec", "template", "spec", "containerConcurrency");
    if (!Number.isInteger(concurrency)) problems.push(`Knative Service ${name} has no containerConcurrency`);
    return problems;
  });
}

// What Knative Serving's webhook admits in a revision with its default feature flags
// (knative/serving pkg/apis/serving/fieldmask.go); anything else is rejected at apply time,
// which the Kubernetes schema alone would not reveal.
const REVISION_FIELDS = new Set([
  "containerConcurrency",
  "timeoutSeconds",
  "responseStartTimeoutSeconds",
  "idleTimeoutSeconds",
  "serviceAccountName",
  "containers",
  "volumes",
  "imagePullSecrets",
  "enableServiceLinks",
  "automountServiceAccountToken",
]);
const CONTAINER_FIELDS = new Set([
  "name",
  "args",
  "command",
  "env",
  "workingDir",
  "envFrom",
  "image",
  "imagePullPolicy",
  "livenessProbe",
  "ports",
  "readinessProbe",
  "resources",
  "securityContext",
  "startupProbe",
  "terminationMessagePath",
  "terminationMessagePolicy",
  "volumeMounts",
]);
const CONTAINER_SECURITY_FIELDS = new Set([
  "capabilities",
  "readOnlyRootFilesystem",
  "runAsUser",
  "runAsGroup",
  "runAsNonRoot",
  "allowPrivilegeEscalation",
  "seccompProfile",
  "privileged",
]);

export function knativeFieldProblems(objects: Manifest[]): string[] {
  const unknown = (where: string, value: unknown, allowed: Set<string>) =>
    Object.keys((value ?? {}) as object)
      .filter((key) => !allowed.has(key))
      .map((key) => `${where}: Knative does not admit ${key} (without a feature flag)`);
  return knativeServices(objects).flatMap((service) => {
    const where = `Knative Service ${service.metadata.name}`;
    const revision = at(service, "spec", "template", "spec");
    return [
      ...unknown(where, revision, REVISION_FIELDS),
      ...list(at(revision, "containers")).flatMap((container) => [
        ...unknown(where, container, CONTAINER_FIELDS),
        ...unknown(where, at(container, "securityContext"), CONTAINER_SECURITY_FIELDS),
      ]),
    ];
  });
}
