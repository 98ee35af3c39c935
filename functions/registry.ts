import * as accounts from "./accounts/index";
import * as auth from "./auth/index";
import * as deadletters from "./deadletters/index";
import * as imports from "./imports/index";
import type { FunctionDeps, FunctionMeta, FunctionModule } from "./lib/function-app";
import * as notifications from "./notifications/index";
import * as transactions from "./transactions/index";

interface FunctionEntry {
  meta: FunctionMeta;
  create: (deps: FunctionDeps) => FunctionModule;
}

/** Every domain function; each is one Knative Service in knative/services/. */
export const functions = {
  auth,
  notifications,
  deadletters,
  accounts,
  transactions,
  imports,
} satisfies Record<string, FunctionEntry>;

export type FunctionName = keyof typeof functions;
export const functionNames = Object.keys(functions) as FunctionName[];
export const isFunctionName = (name: string): name is FunctionName => Object.hasOwn(functions, name);
/** The gateway is a Knative Service too, but not a domain. */
export const serviceNames = [...functionNames, "gateway"];
