export * from "./auth";
export * from "./events";
export * from "./notifications";
export * from "./ledger";
