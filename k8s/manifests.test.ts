import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadEventingManifests } from "../events/manifests";
import {
  brokerClassProblems,
  deliveryProblems,
  pingSourceProblems,
  sinkBindingProblems,
  triggerProblems,
} from "./validate/checks/eventing";
import {
  functionServiceProblems,
  knativeFieldProblems,
  probeProblems,
  scalingProblems,
} from "./validate/checks/functions";
import {
  backupProblems,
  namespaceProblems,
  postgresProblems,
  publicEntryProblems,
  referenceProblems,
} from "./validate/checks/platform";
import { dockerfileProblems } from "./validate/dockerfile";
import { at, type Manifest } from "./validate/manifest";
import { type AppFacts, catalogEventTypes, expectedServiceNames } from "./validate/project";
import {
  kubectlAvailable,
  type Overlay,
  overlays,
  renderOverlay,
  renderOverlayWithKubectl,
  repoRoot,
  workspaceWithExampleSecrets,
} from "./validate/render";
import { schemaProblems } from "./validate/schemas";

// No cluster needed: every overlay is rendered with the kustomize shipped as a
// devDependency, in a scratch copy where base/secrets.env comes from the example.
const workspace = workspaceWithExampleSecrets();
const rendered = new Map<Overlay, Manifest[]>();
let facts: AppFacts;

beforeAll(async () => {
  facts = {
    services: await expectedServiceNames(repoRoot),
    eventTypes: await catalogEventTypes(repoRoot),
  };
  for (const overlay of overlays) rendered.set(overlay, renderOverlay(workspace.dir, overlay));
});
afterAll(() => workspace.dispose());

function objectsOf(overlay: Overlay): Manifest[] {
  const objects = rendered.get(overlay);
  if (!objects) throw new Error(`overlay ${overlay} did not render`);
  return objects;
}

const schemaProblemsOf = async (objects: Manifest[]) =>
  (await Promise.all(objects.map(schemaProblems))).flat();

describe.each(overlays)("kubectl apply -k k8s/overlays/%s", (overlay) => {
  it("renders FinTrack and knative/ into one set of objects", () => {
    const kinds = new Set(objectsOf(overlay).map((m) => m.kind));
    for (const kind of [
      "Namespace",
      "StatefulSet",
      "Secret",
      "ConfigMap",
      "Service",
      "Broker",
      "Trigger",
      "SinkBinding",
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it("matches the Kubernetes and Knative schemas, object by object", async () => {
    expect(await schemaProblemsOf(objectsOf(overlay))).toEqual([]);
  });

  it("puts every object in the expense-tracker namespace", () => {
    expect(namespaceProblems(objectsOf(overlay))).toEqual([]);
  });

  it("gives every function a Knative Service running the shared image with FUNCTION=<name>", () => {
    expect(functionServiceProblems(objectsOf(overlay), facts)).toEqual([]);
  });

  it("uses only the revision fields Knative admits with its default feature flags", () => {
    expect(knativeFieldProblems(objectsOf(overlay))).toEqual([]);
  });

  it("probes each function on its /health and /ready routes", () => {
    expect(probeProblems(objectsOf(overlay))).toEqual([]);
  });

  it("keeps the gateway and notifications warm and lets the other functions scale to zero", () => {
    expect(scalingProblems(objectsOf(overlay))).toEqual([]);
  });

  it("delivers each Trigger to an existing function, filtered by a type from the event catalog", () => {
    expect(triggerProblems(objectsOf(overlay), facts)).toEqual([]);
  });

  it("fires each PingSource in Manila time at an existing function", () => {
    expect(pingSourceProblems(objectsOf(overlay))).toEqual([]);
  });

  it("retries with exponential backoff, then dead-letters to the deadletters function", () => {
    expect(deliveryProblems(objectsOf(overlay))).toEqual([]);
  });

  it("binds the Broker's address into every function as K_SINK", () => {
    expect(sinkBindingProblems(objectsOf(overlay))).toEqual([]);
  });

  it("resolves every Secret, ConfigMap, key and claim a workload names", () => {
    expect(referenceProblems(objectsOf(overlay))).toEqual([]);
  });

  it("maps the public host to the gateway and keeps the other functions cluster-local", () => {
    expect(publicEntryProblems(objectsOf(overlay))).toEqual([]);
  });

  it("runs PostgreSQL 18 on a claim, at the DATABASE_URL of the secrets example", () => {
    expect(postgresProblems(objectsOf(overlay))).toEqual([]);
  });

  it.runIf(kubectlAvailable())("renders the same with kubectl's own kustomize", () => {
    const byId = (objects: Manifest[]) => [...objects].sort((a, b) => id(a).localeCompare(id(b)));
    const id = (m: Manifest) => `${m.apiVersion}/${m.kind}/${m.metadata.name}`;
    expect(byId(renderOverlayWithKubectl(workspace.dir, overlay))).toEqual(byId(objectsOf(overlay)));
  });
});

describe("dev overlay", () => {
  it("uses Knative's default channel-based broker", () => {
    expect(brokerClassProblems(objectsOf("dev"), "MTChannelBasedBroker")).toEqual([]);
  });
});

describe("prod overlay", () => {
  it("uses the durable RabbitMQ broker with quorum queues", () => {
    expect(brokerClassProblems(objectsOf("prod"), "RabbitMQBroker")).toEqual([]);
  });

  it("dumps PostgreSQL nightly into a claim of its own", () => {
    expect(backupProblems(objectsOf("prod"))).toEqual([]);
  });

  it("gives PostgreSQL more room than dev", () => {
    const storage = (overlay: Overlay) =>
      at(
        objectsOf(overlay).find((m) => m.kind === "StatefulSet"),
        ...["spec", "volumeClaimTemplates", 0, "spec", "resources", "requests", "storage"],
      );
    expect(storage("prod")).toBe("20Gi");
    expect(storage("dev")).toBe("5Gi");
  });
});

describe("knative/ as the local broker reads it", () => {
  it("deploys every YAML file the local broker reads", () => {
    const knative = join(repoRoot, "knative");
    const files = readdirSync(knative, { recursive: true, encoding: "utf8" })
      .filter((file) => /\.ya?ml$/.test(file) && file !== "kustomization.yaml")
      .sort();
    const kustomization = parse(readFileSync(join(knative, "kustomization.yaml"), "utf8")) as {
      resources: string[];
    };
    expect([...kustomization.resources].sort()).toEqual(files);
  });

  it("finds the Broker's delivery, the Triggers and one Service per function", () => {
    const manifests = loadEventingManifests(join(repoRoot, "knative"));
    expect(manifests.broker).toEqual({
      name: "default",
      delivery: {
        retry: 5,
        backoffPolicy: "exponential",
        backoffDelayMs: 500,
        deadLetterSink: { service: "deadletters", uri: "/api/deadletters" },
      },
    });
    expect(manifests.triggers).toContainEqual({
      name: "notifications-member-joined",
      broker: "default",
      filter: { type: "ph.fintrack.household.member_joined.v1" },
      subscriber: { service: "notifications", uri: "/api/notifications/events" },
    });
    expect([...manifests.services].sort()).toEqual(facts.services);
  });
});

const dockerfile = readFileSync(join(repoRoot, "Dockerfile"), "utf8");
const workspaces = (
  JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { workspaces: string[] }
).workspaces;

describe("the image", () => {
  it("builds in one stage and runs, as a numeric non-root user, in another", () => {
    expect(dockerfileProblems(dockerfile, workspaces)).toEqual([]);
  });

  it("runs under docker compose on PostgreSQL 18, started only once it is healthy", () => {
    const compose = parse(readFileSync(join(repoRoot, "docker-compose.yml"), "utf8"));
    const { postgres, app } = compose.services;
    expect(postgres.image).toBe("postgres:18");
    expect(postgres.volumes).toContain("postgres-data:/var/lib/postgresql");
    expect(postgres.healthcheck.test).toContain("pg_isready");
    expect(app.depends_on.postgres.condition).toBe("service_healthy");
    expect(app.environment.DATABASE_URL).toMatch(/@postgres:5432\/fintrack$/);
    expect(app.healthcheck.test.join(" ")).toContain("/api/ready");
  });
});

// Each check above must be able to fail: break a copy of the prod render in one
// place and the matching check has to notice.
describe("the checks catch a broken manifest", () => {
  const broken = (change: (objects: Manifest[]) => void): Manifest[] => {
    const objects = structuredClone(objectsOf("prod"));
    change(objects);
    return objects;
  };
  const named = (objects: Manifest[], kind: string, name: string): Manifest => {
    const found = objects.find((m) => m.kind === kind && m.metadata.name.startsWith(name));
    if (!found) throw new Error(`no ${kind} ${name}`);
    return found;
  };
  const set = (target: unknown, path: (string | number)[], value: unknown) => {
    const parent = at(target, ...path.slice(0, -1)) as Record<string | number, unknown>;
    const last = path.at(-1) as string | number;
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  };
  const containerOf = (objects: Manifest[], service: string) =>
    at(named(objects, "Service", service), "spec", "template", "spec", "containers", 0);
  const ksvc = (objects: Manifest[], name: string) =>
    objects.find((m) => m.apiVersion === "serving.knative.dev/v1" && m.metadata.name === name) as Manifest;

  it("schema: a mistyped field", async () => {
    const objects = broken((o) =>
      set(ksvc(o, "auth"), ["spec", "template", "spec", "containerConcurrency"], "ten"),
    );
    expect(await schemaProblemsOf(objects)).toEqual([
      expect.stringContaining("containerConcurrency must be integer"),
    ]);
  });

  it("schema: a kind nobody knows", async () => {
    const objects = broken((o) =>
      o.push({ apiVersion: "example.com/v1", kind: "Gizmo", metadata: { name: "g" } }),
    );
    expect(await schemaProblemsOf(objects)).toEqual([expect.stringContaining("no schema known")]);
  });

  it("schema: a typo in a RabbitMQ kind", async () => {
    const objects = broken((o) =>
      set(named(o, "RabbitmqBrokerConfig", "fintrack"), ["spec", "queueTyp"], "quorum"),
    );
    expect(await schemaProblemsOf(objects)).not.toEqual([]);
  });

  it("namespace: an object left in the default namespace", () => {
    const objects = broken((o) =>
      set(named(o, "CronJob", "postgres-backup"), ["metadata", "namespace"], undefined),
    );
    expect(namespaceProblems(objects)).toEqual([expect.stringContaining("CronJob postgres-backup")]);
  });

  it("functions: a new function without a Knative Service", () => {
    const problems = functionServiceProblems(objectsOf("prod"), {
      ...facts,
      services: [...facts.services, "forecasts"],
    });
    expect(problems).toEqual([expect.stringContaining("function forecasts has no Knative Service")]);
  });

  it("functions: a Service running the wrong function", () => {
    const objects = broken((o) => set(containerOf(o, "auth"), ["env", 0, "value"], "notifications"));
    expect(functionServiceProblems(objects, facts)).toEqual([
      expect.stringContaining("FUNCTION=notifications"),
    ]);
  });

  it("knative fields: a pod-level setting behind a feature flag, a container hook", () => {
    const objects = broken((o) => {
      set(ksvc(o, "auth"), ["spec", "template", "spec", "nodeSelector"], { disk: "ssd" });
      set(containerOf(o, "auth"), ["lifecycle"], { preStop: { exec: { command: ["sleep", "5"] } } });
    });
    expect(knativeFieldProblems(objects)).toEqual([
      expect.stringContaining("does not admit nodeSelector"),
      expect.stringContaining("does not admit lifecycle"),
    ]);
  });

  it("probes: readiness on the wrong path", () => {
    const objects = broken((o) =>
      set(containerOf(o, "auth"), ["readinessProbe", "httpGet", "path"], "/ready"),
    );
    expect(probeProblems(objects)).toEqual([expect.stringContaining("auth readinessProbe")]);
  });

  it("scaling: a gateway that scales to zero, an annotation typo", () => {
    const objects = broken((o) => {
      set(
        ksvc(o, "gateway"),
        ["spec", "template", "metadata", "annotations", "autoscaling.knative.dev/min-scale"],
        "0",
      );
      set(
        ksvc(o, "auth"),
        ["spec", "template", "metadata", "annotations", "autoscaling.knative.dev/minScale"],
        "0",
      );
    });
    const problems = scalingProblems(objects);
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("gateway may scale to zero"),
        expect.stringContaining("unknown autoscaling annotation autoscaling.knative.dev/minScale"),
      ]),
    );
  });

  it("triggers: an unknown event type and a misspelt subscriber", () => {
    const objects = broken((o) => {
      const trigger = named(o, "Trigger", "notifications-member-joined");
      set(trigger, ["spec", "filter", "attributes", "type"], "ph.fintrack.household.member_left.v1");
      set(trigger, ["spec", "subscriber", "ref", "name"], "notificaitons");
    });
    expect(triggerProblems(objects, facts)).toEqual([
      expect.stringContaining("not in events/catalog.ts"),
      expect.stringContaining("notificaitons, which does not exist"),
      expect.stringContaining("not /api/notificaitons/events"),
    ]);
  });

  it("ping sources: UTC, a bad schedule, a missing function", () => {
    const objects = broken((o) =>
      o.push({
        apiVersion: "sources.knative.dev/v1",
        kind: "PingSource",
        metadata: { name: "reminders-weekly", namespace: "expense-tracker" },
        spec: {
          schedule: "0 8 * *",
          timezone: "UTC",
          sink: {
            // misspelt: the reminders function exists, this one does not
            ref: { apiVersion: "serving.knative.dev/v1", kind: "Service", name: "remindrs" },
            uri: "/api/remindrs/tick",
          },
        },
      }),
    );
    expect(pingSourceProblems(objects)).toEqual([
      expect.stringContaining("Asia/Manila"),
      expect.stringContaining("not a 5-field cron"),
      expect.stringContaining("remindrs, which does not exist"),
    ]);
  });

  it("delivery: no dead-letter sink, a delay that is not ISO 8601", () => {
    const objects = broken((o) => {
      set(named(o, "Broker", "default"), ["spec", "delivery", "deadLetterSink"], undefined);
      set(named(o, "Broker", "default"), ["spec", "delivery", "backoffDelay"], "500ms");
    });
    expect(deliveryProblems(objects)).toEqual([
      expect.stringContaining("not ISO 8601"),
      expect.stringContaining("no deadLetterSink"),
    ]);
  });

  it("delivery: a dead-letter sink that does not exist", () => {
    const objects = broken((o) => o.splice(o.indexOf(ksvc(o, "deadletters")), 1));
    expect(deliveryProblems(objects)).toEqual([expect.stringContaining("deadletters, which does not exist")]);
  });

  it("sink binding: a function outside its selector", () => {
    const objects = broken((o) =>
      set(ksvc(o, "auth"), ["metadata", "labels", "app.kubernetes.io/component"], undefined),
    );
    expect(sinkBindingProblems(objects)).toEqual([expect.stringContaining("auth gets no K_SINK")]);
  });

  it("references: a Secret and a key that do not exist", () => {
    const objects = broken((o) => {
      set(containerOf(o, "auth"), ["envFrom", 1, "secretRef", "name"], "fintrack-secret");
      set(
        named(o, "StatefulSet", "postgres"),
        ["spec", "template", "spec", "containers", 0, "env", 2, "valueFrom", "secretKeyRef", "key"],
        "PG_PASSWORD",
      );
    });
    expect(referenceProblems(objects)).toEqual([
      expect.stringContaining("reads Secret fintrack-secret, which does not exist"),
      expect.stringContaining("reads key PG_PASSWORD"),
    ]);
  });

  it("public entry: the host mapped to another function, a function made public", () => {
    const objects = broken((o) => {
      set(named(o, "DomainMapping", "fintrack"), ["spec", "ref", "name"], "auth");
      set(ksvc(o, "auth"), ["metadata", "labels", "networking.knative.dev/visibility"], undefined);
    });
    expect(publicEntryProblems(objects)).toEqual([
      expect.stringContaining("does not point at the gateway"),
      expect.stringContaining("auth is public"),
    ]);
  });

  it("postgres: an older major version, a DATABASE_URL with another password", () => {
    const objects = broken((o) => {
      set(
        named(o, "StatefulSet", "postgres"),
        ["spec", "template", "spec", "containers", 0, "image"],
        "postgres:17",
      );
      set(
        named(o, "Secret", "fintrack-secrets"),
        ["data", "POSTGRES_PASSWORD"],
        Buffer.from("other").toString("base64"),
      );
    });
    expect(postgresProblems(objects)).toEqual([
      expect.stringContaining("not PostgreSQL 18"),
      expect.stringContaining("password differs"),
    ]);
  });

  it("broker: prod on the in-memory class, a RabbitMQ config that is missing", () => {
    expect(brokerClassProblems(objectsOf("dev"), "RabbitMQBroker")).toEqual([
      expect.stringContaining("not RabbitMQBroker"),
    ]);
    const objects = broken((o) => o.splice(o.indexOf(named(o, "RabbitmqBrokerConfig", "fintrack")), 1));
    expect(brokerClassProblems(objects, "RabbitMQBroker")).toEqual([
      expect.stringContaining("does not exist"),
    ]);
  });

  it("backup: no pg_dump CronJob", () => {
    expect(backupProblems(objectsOf("dev"))).toEqual(["no CronJob runs pg_dump"]);
  });

  it("image: one stage, root, a named user, a workspace left out", () => {
    expect(dockerfileProblems('FROM oven/bun:1\nCOPY . .\nCMD ["bun", "functions/serve.ts"]\n', [])).toEqual(
      expect.arrayContaining([expect.stringContaining("1 stage"), expect.stringContaining("no USER")]),
    );
    expect(dockerfileProblems(dockerfile.replace("USER 1000:1000", "USER root"), workspaces)).toEqual([
      "the runtime stage runs as root",
    ]);
    expect(dockerfileProblems(dockerfile.replace("USER 1000:1000", "USER bun"), workspaces)).toEqual([
      expect.stringContaining("not numeric"),
    ]);
    expect(dockerfileProblems(dockerfile, [...workspaces, "reports"])).toEqual([
      "stage build installs without reports/package.json",
      "stage prod-deps installs without reports/package.json",
    ]);
  });
});
