/**
 * Cross-checks of the platform around the functions: namespace, references, public entry, PostgreSQL, backups.
 * Each check returns its problems, empty when all is well, so the test can also feed it
 * a broken copy of a render and watch it complain.
 */
import {
  at,
  envValue,
  identify,
  isKnativeService,
  KNATIVE_SERVICE,
  knativeServices,
  list,
  type Manifest,
  NAMESPACE,
  ofKind,
  text,
} from "../manifest";

const CLUSTER_SCOPED = new Set([
  "v1 Namespace",
  "networking.internal.knative.dev/v1alpha1 ClusterDomainClaim",
]);

export function namespaceProblems(objects: Manifest[]): string[] {
  const problems = objects.flatMap((m) => {
    if (CLUSTER_SCOPED.has(`${m.apiVersion} ${m.kind}`)) return [];
    return m.metadata.namespace === NAMESPACE
      ? []
      : [`${identify(m)} is in namespace ${m.metadata.namespace ?? "(none)"}, not ${NAMESPACE}`];
  });
  if (!objects.some((m) => m.kind === "Namespace" && m.metadata.name === NAMESPACE)) {
    problems.push(`no Namespace ${NAMESPACE}`);
  }
  return problems;
}

function podSpecs(m: Manifest): { where: string; pod: unknown }[] {
  if (isKnativeService(m) || (m.apiVersion === "apps/v1" && m.kind === "StatefulSet")) {
    return [{ where: identify(m), pod: at(m, "spec", "template", "spec") }];
  }
  if (m.apiVersion === "batch/v1" && m.kind === "CronJob") {
    return [{ where: identify(m), pod: at(m, "spec", "jobTemplate", "spec", "template", "spec") }];
  }
  return [];
}

/** Every Secret, ConfigMap, key and volume claim a workload names exists. */
export function referenceProblems(objects: Manifest[]): string[] {
  const keysOf = (kind: string, name: string): Set<string> | undefined => {
    const found = objects.find((m) => m.apiVersion === "v1" && m.kind === kind && m.metadata.name === name);
    return found ? new Set(Object.keys((found.data as Record<string, string> | undefined) ?? {})) : undefined;
  };
  const claims = new Set(ofKind(objects, "v1", "PersistentVolumeClaim").map((c) => c.metadata.name));
  const problems: string[] = [];
  for (const { where, pod } of objects.flatMap(podSpecs)) {
    for (const container of [...list(at(pod, "initContainers")), ...list(at(pod, "containers"))]) {
      for (const source of list(at(container, "envFrom"))) {
        for (const [field, kind] of [
          ["secretRef", "Secret"],
          ["configMapRef", "ConfigMap"],
        ] as const) {
          const name = text(at(source, field, "name"));
          if (name && !keysOf(kind, name))
            problems.push(`${where} reads ${kind} ${name}, which does not exist`);
        }
      }
      for (const env of list(at(container, "env"))) {
        for (const [field, kind] of [
          ["secretKeyRef", "Secret"],
          ["configMapKeyRef", "ConfigMap"],
        ] as const) {
          const ref = at(env, "valueFrom", field);
          if (ref === undefined) continue;
          const name = text(at(ref, "name")) ?? "";
          const key = text(at(ref, "key")) ?? "";
          const keys = keysOf(kind, name);
          if (!keys) problems.push(`${where} reads ${kind} ${name}, which does not exist`);
          else if (!keys.has(key))
            problems.push(`${where} reads key ${key} of ${kind} ${name}, which it lacks`);
        }
      }
    }
    for (const volume of list(at(pod, "volumes"))) {
      const claim = text(at(volume, "persistentVolumeClaim", "claimName"));
      if (claim && !claims.has(claim))
        problems.push(`${where} mounts PersistentVolumeClaim ${claim}, which does not exist`);
    }
  }
  return problems;
}

/** The browser's one origin: a DomainMapping to the gateway, at the host PUBLIC_URL names. */
export function publicEntryProblems(objects: Manifest[]): string[] {
  const problems: string[] = [];
  const mappings = ofKind(objects, "serving.knative.dev/v1beta1", "DomainMapping");
  if (mappings.length !== 1) problems.push(`expected one DomainMapping, found ${mappings.length}`);
  for (const mapping of mappings) {
    if (
      at(mapping, "spec", "ref", "name") !== "gateway" ||
      at(mapping, "spec", "ref", "apiVersion") !== KNATIVE_SERVICE
    ) {
      problems.push(`DomainMapping ${mapping.metadata.name} does not point at the gateway`);
    }
  }
  const config = ofKind(objects, "v1", "ConfigMap").find((c) =>
    c.metadata.name.startsWith("fintrack-config"),
  );
  const publicUrl = text(at(config, "data", "PUBLIC_URL"));
  const host = publicUrl && URL.canParse(publicUrl) ? new URL(publicUrl).host : undefined;
  if (!mappings.some((m) => m.metadata.name === host)) {
    problems.push(`PUBLIC_URL ${publicUrl ?? "(unset)"} does not match the DomainMapping host`);
  }
  for (const service of knativeServices(objects)) {
    const local = service.metadata.labels?.["networking.knative.dev/visibility"] === "cluster-local";
    if (service.metadata.name === "gateway" && local)
      problems.push("the gateway is cluster-local: nothing could reach it");
    if (service.metadata.name !== "gateway" && !local) {
      problems.push(`Knative Service ${service.metadata.name} is public: only the gateway may be`);
    }
  }
  return problems;
}

const decode = (value: unknown) =>
  typeof value === "string" ? Buffer.from(value, "base64").toString("utf8") : undefined;

/** PostgreSQL 18 on a claim, behind a headless Service, reachable at the DATABASE_URL in the Secret. */
export function postgresProblems(objects: Manifest[]): string[] {
  const statefulSet = ofKind(objects, "apps/v1", "StatefulSet").find((s) => s.metadata.name === "postgres");
  if (!statefulSet) return ["no postgres StatefulSet"];
  const problems: string[] = [];
  const container = at(statefulSet, "spec", "template", "spec", "containers", 0);
  const image = text(at(container, "image")) ?? "";
  if (!/^postgres:18(\b|$)/.test(image)) problems.push(`postgres runs ${image}, not PostgreSQL 18`);
  const claimNames = list(at(statefulSet, "spec", "volumeClaimTemplates")).map((t) =>
    at(t, "metadata", "name"),
  );
  const dataMount = list(at(container, "volumeMounts")).find(
    (m) => at(m, "mountPath") === "/var/lib/postgresql",
  );
  if (!dataMount || !claimNames.includes(at(dataMount, "name"))) {
    problems.push("postgres does not keep /var/lib/postgresql on a volumeClaimTemplate");
  }
  const serviceName = at(statefulSet, "spec", "serviceName");
  const service = ofKind(objects, "v1", "Service").find((s) => s.metadata.name === serviceName);
  const podLabels = (at(statefulSet, "spec", "template", "metadata", "labels") ?? {}) as Record<
    string,
    string
  >;
  if (!service || at(service, "spec", "clusterIP") !== "None") {
    problems.push(`postgres has no headless Service ${String(serviceName)}`);
  } else if (
    !Object.entries((at(service, "spec", "selector") ?? {}) as Record<string, string>).every(
      ([k, v]) => podLabels[k] === v,
    )
  ) {
    problems.push(`Service ${String(serviceName)} does not select the postgres pod`);
  }
  const secret = ofKind(objects, "v1", "Secret").find((s) => s.metadata.name.startsWith("fintrack-secrets"));
  const url = decode(at(secret, "data", "DATABASE_URL"));
  if (!url || !URL.canParse(url)) return [...problems, "the Secret has no DATABASE_URL"];
  const parsed = new URL(url);
  if (parsed.hostname !== `${String(serviceName)}.${NAMESPACE}.svc.cluster.local` || parsed.port !== "5432") {
    problems.push(`DATABASE_URL points at ${parsed.host}, not the postgres Service`);
  }
  if (
    parsed.username !== envValue(container, "POSTGRES_USER") ||
    parsed.pathname.slice(1) !== envValue(container, "POSTGRES_DB")
  ) {
    problems.push("DATABASE_URL user or database differs from the StatefulSet's");
  }
  if (decodeURIComponent(parsed.password) !== decode(at(secret, "data", "POSTGRES_PASSWORD"))) {
    problems.push("DATABASE_URL password differs from POSTGRES_PASSWORD");
  }
  return problems;
}

/** A CronJob runs pg_dump, with the server's major version, into a claim of its own. */
export function backupProblems(objects: Manifest[]): string[] {
  const serverImage = text(
    at(
      ofKind(objects, "apps/v1", "StatefulSet").find((s) => s.metadata.name === "postgres"),
      "spec",
      "template",
      "spec",
      "containers",
      0,
      "image",
    ),
  );
  const jobs = ofKind(objects, "batch/v1", "CronJob").filter((job) =>
    list(at(job, "spec", "jobTemplate", "spec", "template", "spec", "containers")).some((c) =>
      JSON.stringify([at(c, "command"), at(c, "args")]).includes("pg_dump"),
    ),
  );
  if (jobs.length === 0) return ["no CronJob runs pg_dump"];
  return jobs.flatMap((job) => {
    const pod = at(job, "spec", "jobTemplate", "spec", "template", "spec");
    const problems: string[] = [];
    const image = text(at(pod, "containers", 0, "image"));
    if (image !== serverImage)
      problems.push(
        `CronJob ${job.metadata.name} uses ${String(image)}, the server runs ${String(serverImage)}`,
      );
    if (!list(at(pod, "volumes")).some((v) => at(v, "persistentVolumeClaim", "claimName") !== undefined)) {
      problems.push(`CronJob ${job.metadata.name} writes its dumps to no PersistentVolumeClaim`);
    }
    if (at(job, "spec", "concurrencyPolicy") !== "Forbid")
      problems.push(`CronJob ${job.metadata.name} may run twice at once`);
    return problems;
  });
}
