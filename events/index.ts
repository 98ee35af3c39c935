export * from "./catalog";
export * from "./consumer";
export * from "./http-sink";
export * from "./outbox";
export * from "./read";
export * from "./signature";
