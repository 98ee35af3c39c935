import { z } from "zod";
import { identify, type Manifest } from "./manifest";

/**
 * Schema check of one rendered object: Kubernetes kinds against `kubernetes-models`,
 * Knative kinds against `@kubernetes-models/knative`, and the two RabbitMQ kinds (no
 * published model) against the small zod schemas below. A kind with no schema at all is an error, so a
 * new kind cannot slip in unchecked.
 */
export async function schemaProblems(object: Manifest): Promise<string[]> {
  const local = localSchemas[`${object.apiVersion} ${object.kind}`];
  if (local) {
    const result = local.safeParse(object);
    return result.success
      ? []
      : result.error.issues.map((i) => `${identify(object)}: ${i.path.join(".")}: ${i.message}`);
  }
  const Model = await modelClass(object.apiVersion, object.kind);
  if (!Model) return [`${identify(object)}: no schema known for ${object.apiVersion} ${object.kind}`];
  let candidate: Manifest = object;
  if (STATUS_REQUIRED_BY_MODEL.has(`${object.apiVersion} ${object.kind}`) && object.status === undefined) {
    candidate = { ...candidate, status: {} };
  }
  if (object.apiVersion === "v1" && object.kind === "Secret" && object.data) {
    // kustomize folds long base64 values over several lines; the API server's decoder
    // skips the line breaks, the model's "byte" format does not.
    const data = Object.entries(object.data as Record<string, string>).map(([k, v]) => [
      k,
      v.replace(/\s+/g, ""),
    ]);
    candidate = { ...candidate, data: Object.fromEntries(data) };
  }
  try {
    new Model(candidate).validate();
    return [];
  } catch (err) {
    return [`${identify(object)}: ${(err as Error).message}`];
  }
}

// The generated SinkBinding schema marks `status` required (its Go field lacks
// omitempty); no manifest carries a status, so an empty one stands in for the check.
const STATUS_REQUIRED_BY_MODEL = new Set(["sources.knative.dev/v1 SinkBinding"]);

type ModelClass = new (data: unknown) => { validate(): void };

async function modelClass(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const [group = "", version = ""] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const specifier = group.endsWith("knative.dev")
    ? `@kubernetes-models/knative/${group}/${version}`
    : `kubernetes-models/${group ? `${group}/` : ""}${version}`;
  try {
    const versionModule = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
    const Model = versionModule[kind];
    return typeof Model === "function" ? (Model as ModelClass) : undefined;
  } catch {
    return undefined;
  }
}

const objectMeta = z.object({
  name: z.string().min(1),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

const quantity = z.union([z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/), z.number()]);
const resources = z.strictObject({
  requests: z.record(z.string(), quantity).optional(),
  limits: z.record(z.string(), quantity).optional(),
});

/**
 * The fields FinTrack uses of two kinds that have no published model, after their
 * CRDs (rabbitmq/cluster-operator RabbitmqCluster v1beta1; knative-extensions/
 * eventing-rabbitmq RabbitmqBrokerConfig v1alpha1). Strict, so a typo fails: add a
 * field here, from the CRD, when a manifest starts using it.
 */
const localSchemas: Record<string, z.ZodType> = {
  "rabbitmq.com/v1beta1 RabbitmqCluster": z.strictObject({
    apiVersion: z.literal("rabbitmq.com/v1beta1"),
    kind: z.literal("RabbitmqCluster"),
    metadata: objectMeta,
    spec: z.strictObject({
      replicas: z.number().int().positive().optional(),
      image: z.string().optional(),
      persistence: z
        .strictObject({ storage: quantity.optional(), storageClassName: z.string().optional() })
        .optional(),
      resources: resources.optional(),
      rabbitmq: z
        .strictObject({
          additionalConfig: z.string().optional(),
          additionalPlugins: z.array(z.string()).optional(),
        })
        .optional(),
    }),
  }),
  "eventing.knative.dev/v1alpha1 RabbitmqBrokerConfig": z.strictObject({
    apiVersion: z.literal("eventing.knative.dev/v1alpha1"),
    kind: z.literal("RabbitmqBrokerConfig"),
    metadata: objectMeta,
    spec: z.strictObject({
      rabbitmqClusterReference: z.strictObject({
        name: z.string().min(1).optional(),
        namespace: z.string().optional(),
        connectionSecret: z.strictObject({ name: z.string() }).optional(),
      }),
      queueType: z.enum(["quorum", "classic"]).optional(),
    }),
  }),
};
