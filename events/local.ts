// The in-process broker and the knative/ reader: loaded only where no K_SINK is set, so a
// function in the cluster does not pay for YAML, cron and ISO-duration parsing at start.
export * from "./local-broker";
export * from "./manifests";
