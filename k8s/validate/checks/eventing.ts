/**
 * Cross-checks of the event plumbing: Broker delivery, Triggers, K_SINK, schedules, broker class.
 * Each check returns its problems, empty when all is well, so the test can also feed it
 * a broken copy of a render and watch it complain.
 */

import {
  at,
  KNATIVE_SERVICE,
  knativeServiceNames,
  knativeServices,
  type Manifest,
  ofKind,
  text,
} from "../manifest";
import type { AppFacts } from "../project";

const BROKER = "eventing.knative.dev/v1";

function isRelativeUri(uri: unknown): boolean {
  return typeof uri === "string" && uri.startsWith("/") && !uri.startsWith("//");
}

/** A Destination (`ref` + relative `uri`) that must land on a function's own path. */
function destinationProblems(
  where: string,
  destination: unknown,
  services: Set<string>,
  path: (name: string) => string,
): string[] {
  const ref = at(destination, "ref");
  const name = text(at(ref, "name"));
  if (at(ref, "apiVersion") !== KNATIVE_SERVICE || at(ref, "kind") !== "Service" || !name) {
    return [`${where} does not point at a Knative Service`];
  }
  const problems: string[] = [];
  if (!services.has(name)) problems.push(`${where} points at Knative Service ${name}, which does not exist`);
  const uri = at(destination, "uri");
  if (!isRelativeUri(uri) || uri !== path(name))
    problems.push(`${where} posts to ${String(uri)}, not ${path(name)}`);
  return problems;
}

export function triggerProblems(objects: Manifest[], facts: AppFacts): string[] {
  const services = knativeServiceNames(objects);
  const brokers = new Set(ofKind(objects, BROKER, "Broker").map((b) => b.metadata.name));
  return ofKind(objects, "eventing.knative.dev/v1", "Trigger").flatMap((trigger) => {
    const where = `Trigger ${trigger.metadata.name}`;
    const problems: string[] = [];
    const broker = text(at(trigger, "spec", "broker"));
    if (!broker || !brokers.has(broker))
      problems.push(`${where} uses Broker ${broker ?? "(none)"}, which does not exist`);
    const type = text(at(trigger, "spec", "filter", "attributes", "type"));
    if (!type) problems.push(`${where} has no type filter: it would deliver every event`);
    else if (!facts.eventTypes.includes(type))
      problems.push(`${where} filters on ${type}, which is not in events/catalog.ts`);
    problems.push(
      ...destinationProblems(
        `${where} subscriber`,
        at(trigger, "spec", "subscriber"),
        services,
        (n) => `/api/${n}/events`,
      ),
    );
    return problems;
  });
}

const ISO_8601_DURATION =
  /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;

/** The Broker retries with backoff, then hands what is left to the dead-letter function. */
export function deliveryProblems(objects: Manifest[]): string[] {
  const brokers = ofKind(objects, BROKER, "Broker");
  if (!brokers.some((b) => b.metadata.name === "default")) return ["no Broker named default"];
  const services = knativeServiceNames(objects);
  return brokers.flatMap((broker) => {
    const where = `Broker ${broker.metadata.name}`;
    const delivery = at(broker, "spec", "delivery");
    const problems: string[] = [];
    const retry = at(delivery, "retry");
    if (!(Number.isInteger(retry) && (retry as number) >= 1)) problems.push(`${where} does not retry`);
    const policy = at(delivery, "backoffPolicy");
    if (policy !== "exponential" && policy !== "linear")
      problems.push(`${where} backoffPolicy ${String(policy)}`);
    const delay = text(at(delivery, "backoffDelay"));
    if (!delay || !ISO_8601_DURATION.test(delay))
      problems.push(`${where} backoffDelay ${String(delay)} is not ISO 8601`);
    if (at(delivery, "deadLetterSink") === undefined) {
      problems.push(`${where} has no deadLetterSink: exhausted events would be dropped`);
    } else {
      problems.push(
        ...destinationProblems(
          `${where} deadLetterSink`,
          at(delivery, "deadLetterSink"),
          services,
          (n) => `/api/${n}`,
        ),
      );
    }
    return problems;
  });
}

/** Label selection by matchLabels, the only form used here (extend it before using matchExpressions). */
function selects(selector: unknown, labels: Record<string, string> | undefined): boolean {
  const matchLabels = at(selector, "matchLabels") as Record<string, string> | undefined;
  if (
    !matchLabels ||
    Object.keys(matchLabels).length === 0 ||
    at(selector, "matchExpressions") !== undefined
  ) {
    return false;
  }
  return Object.entries(matchLabels).every(([key, value]) => labels?.[key] === value);
}

/** Every function gets K_SINK (the Broker's address) from a SinkBinding. */
export function sinkBindingProblems(objects: Manifest[]): string[] {
  const bindings = ofKind(objects, "sources.knative.dev/v1", "SinkBinding").filter(
    (b) =>
      at(b, "spec", "sink", "ref", "kind") === "Broker" &&
      ofKind(objects, BROKER, "Broker").some(
        (broker) => broker.metadata.name === at(b, "spec", "sink", "ref", "name"),
      ),
  );
  if (bindings.length === 0)
    return ["no SinkBinding sends to an existing Broker: producers would have no K_SINK"];
  return knativeServices(objects).flatMap((service) => {
    const bound = bindings.some(
      (b) =>
        at(b, "spec", "subject", "apiVersion") === KNATIVE_SERVICE &&
        at(b, "spec", "subject", "kind") === "Service" &&
        (at(b, "spec", "subject", "name") === service.metadata.name ||
          selects(at(b, "spec", "subject", "selector"), service.metadata.labels)),
    );
    return bound ? [] : [`Knative Service ${service.metadata.name} gets no K_SINK from a SinkBinding`];
  });
}

/** Scheduled events (reminders) fire in Manila time, straight at an existing function. */
export function pingSourceProblems(objects: Manifest[]): string[] {
  const services = knativeServiceNames(objects);
  return ofKind(objects, "sources.knative.dev/v1", "PingSource").flatMap((source) => {
    const where = `PingSource ${source.metadata.name}`;
    const problems: string[] = [];
    if (at(source, "spec", "timezone") !== "Asia/Manila")
      problems.push(`${where} does not run in Asia/Manila time`);
    const schedule = text(at(source, "spec", "schedule")) ?? "";
    if (schedule.trim().split(/\s+/).length !== 5)
      problems.push(`${where} schedule "${schedule}" is not a 5-field cron`);
    const sink = at(source, "spec", "sink");
    const name = text(at(sink, "ref", "name")) ?? "";
    const uri = text(at(sink, "uri"));
    problems.push(...destinationProblems(`${where} sink`, sink, services, () => uri ?? ""));
    if (!uri?.startsWith(`/api/${name}/`))
      problems.push(`${where} sink posts to ${String(uri)}, outside /api/${name}/`);
    return problems;
  });
}

export function brokerClassProblems(
  objects: Manifest[],
  expectedClass: "MTChannelBasedBroker" | "RabbitMQBroker",
): string[] {
  const broker = ofKind(objects, BROKER, "Broker").find((b) => b.metadata.name === "default");
  const actual = broker?.metadata.annotations?.["eventing.knative.dev/broker.class"];
  if (actual !== expectedClass)
    return [`Broker default is ${actual ?? "(cluster default)"}, not ${expectedClass}`];
  if (expectedClass === "MTChannelBasedBroker") return [];
  const configName = at(broker, "spec", "config", "name");
  const config = ofKind(objects, "eventing.knative.dev/v1alpha1", "RabbitmqBrokerConfig").find(
    (c) => c.metadata.name === configName && at(broker, "spec", "config", "kind") === "RabbitmqBrokerConfig",
  );
  if (!config)
    return [`Broker default names RabbitmqBrokerConfig ${String(configName)}, which does not exist`];
  const clusterName = at(config, "spec", "rabbitmqClusterReference", "name");
  const cluster = ofKind(objects, "rabbitmq.com/v1beta1", "RabbitmqCluster").find(
    (c) => c.metadata.name === clusterName,
  );
  if (!cluster)
    return [
      `RabbitmqBrokerConfig ${config.metadata.name} names RabbitmqCluster ${String(clusterName)}, which does not exist`,
    ];
  return at(config, "spec", "queueType") === "quorum"
    ? []
    : ["the RabbitMQ broker does not use durable quorum queues"];
}
