export * from "./auth";
export * from "./events";
export * from "./ledger";
export * from "./notifications";
