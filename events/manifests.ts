import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Duration } from "luxon";
import { parseAllDocuments } from "yaml";

/** Where a Knative Service receives events: the Service (= function) name and a path on it. */
export interface Destination {
  service: string;
  uri: string;
}

export interface BrokerDelivery {
  retry: number;
  backoffPolicy: "exponential" | "linear";
  backoffDelayMs: number;
  deadLetterSink?: Destination;
}

export interface TriggerSpec {
  name: string;
  broker: string;
  filter: Record<string, string>;
  subscriber: Destination;
}

export interface PingSourceSpec {
  name: string;
  namespace: string;
  schedule: string;
  timezone: string;
  contentType?: string;
  data?: string;
  /** A PingSource usually sinks into the Broker (then Triggers route it), else straight to a Service. */
  sink: { broker: string } | Destination;
}

export interface EventingManifests {
  broker: { name: string; delivery: BrokerDelivery };
  triggers: TriggerSpec[];
  pingSources: PingSourceSpec[];
  services: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const get = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((acc, key) => (isObj(acc) ? acc[key] : undefined), o);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry) && !/^kustomization\.ya?ml$/.test(entry) ? [full] : [];
  });
}

function destination(ref: unknown, where: string): Destination {
  const kind = get(ref, "ref", "kind");
  const service = get(ref, "ref", "name");
  if (kind !== "Service" || typeof service !== "string") {
    throw new Error(`${where}: expected ref to a Knative Service, got ${JSON.stringify(get(ref, "ref"))}`);
  }
  const uri = get(ref, "uri");
  return { service, uri: typeof uri === "string" ? uri : "/" };
}

/**
 * Reads the Broker, Triggers, PingSources and Services from the knative/ manifests: the same
 * YAML the cluster applies drives the local broker, so the two cannot drift apart.
 */
export function loadEventingManifests(dir: string): EventingManifests {
  const docs = yamlFiles(dir).flatMap((file) =>
    parseAllDocuments(readFileSync(file, "utf8")).map((d) => ({ file, obj: d.toJS() as unknown })),
  );
  let broker: EventingManifests["broker"] | undefined;
  const triggers: TriggerSpec[] = [];
  const pingSources: PingSourceSpec[] = [];
  const services: string[] = [];
  for (const { file, obj } of docs) {
    const kind = get(obj, "kind");
    const name = String(get(obj, "metadata", "name") ?? "");
    if (kind === "Service" && String(get(obj, "apiVersion")).startsWith("serving.knative.dev/")) {
      services.push(name);
    } else if (kind === "Broker") {
      const d = get(obj, "spec", "delivery");
      const delay = String(get(d, "backoffDelay") ?? "PT0.2S");
      const parsed = Duration.fromISO(delay);
      if (!parsed.isValid) throw new Error(`${file}: Broker backoffDelay ${delay} is not ISO 8601`);
      broker = {
        name,
        delivery: {
          retry: Number(get(d, "retry") ?? 0),
          backoffPolicy: get(d, "backoffPolicy") === "linear" ? "linear" : "exponential",
          backoffDelayMs: parsed.as("milliseconds"),
          deadLetterSink: get(d, "deadLetterSink")
            ? destination(get(d, "deadLetterSink"), `${file} Broker deadLetterSink`)
            : undefined,
        },
      };
    } else if (kind === "Trigger") {
      const attrs = get(obj, "spec", "filter", "attributes");
      triggers.push({
        name,
        broker: String(get(obj, "spec", "broker") ?? "default"),
        filter: isObj(attrs) ? Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, String(v)])) : {},
        subscriber: destination(get(obj, "spec", "subscriber"), `${file} Trigger ${name}`),
      });
    } else if (kind === "PingSource") {
      const sink = get(obj, "spec", "sink");
      pingSources.push({
        name,
        namespace: String(get(obj, "metadata", "namespace") ?? "expense-tracker"),
        schedule: String(get(obj, "spec", "schedule")),
        timezone: String(get(obj, "spec", "timezone") ?? "UTC"),
        contentType: get(obj, "spec", "contentType") as string | undefined,
        data: get(obj, "spec", "data") as string | undefined,
        sink:
          get(sink, "ref", "kind") === "Broker"
            ? { broker: String(get(sink, "ref", "name")) }
            : destination(sink, `${file} PingSource ${name}`),
      });
    }
  }
  if (!broker) throw new Error(`no Broker found under ${dir}`);
  return { broker, triggers, pingSources, services };
}
