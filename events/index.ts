export * from "./catalog";
export * from "./consumer";
export * from "./http-sink";
export * from "./local-broker";
export * from "./manifests";
export * from "./outbox";
