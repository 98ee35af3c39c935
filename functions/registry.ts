import { meta as accounts } from "./accounts/meta";
import { meta as analytics } from "./analytics/meta";
import { meta as auth } from "./auth/meta";
import { meta as budgets } from "./budgets/meta";
import { meta as deadletters } from "./deadletters/meta";
import { meta as documents } from "./documents/meta";
import { meta as extraction } from "./extraction/meta";
import { meta as imports } from "./imports/meta";
import { meta as installments } from "./installments/meta";
import type { FunctionDeps, FunctionModule } from "./lib/function-app";
import type { FunctionMeta } from "./lib/meta";
import { meta as notifications } from "./notifications/meta";
import { meta as reminders } from "./reminders/meta";
import { meta as statements } from "./statements/meta";
import { meta as transactions } from "./transactions/meta";

interface FunctionEntry {
  meta: FunctionMeta;
  /** The function's code, loaded only where it runs: a Knative pod loads one function. */
  load: () => Promise<{ create: (deps: FunctionDeps) => FunctionModule }>;
}

/** Every domain function; each is one Knative Service in knative/services/. */
export const functions = {
  auth: { meta: auth, load: () => import("./auth/index") },
  notifications: { meta: notifications, load: () => import("./notifications/index") },
  deadletters: { meta: deadletters, load: () => import("./deadletters/index") },
  accounts: { meta: accounts, load: () => import("./accounts/index") },
  transactions: { meta: transactions, load: () => import("./transactions/index") },
  imports: { meta: imports, load: () => import("./imports/index") },
  budgets: { meta: budgets, load: () => import("./budgets/index") },
  reminders: { meta: reminders, load: () => import("./reminders/index") },
  analytics: { meta: analytics, load: () => import("./analytics/index") },
  extraction: { meta: extraction, load: () => import("./extraction/index") },
  documents: { meta: documents, load: () => import("./documents/index") },
  statements: { meta: statements, load: () => import("./statements/index") },
  installments: { meta: installments, load: () => import("./installments/index") },
} satisfies Record<string, FunctionEntry>;

export type FunctionName = keyof typeof functions;
export const functionNames = Object.keys(functions) as FunctionName[];
export const isFunctionName = (name: string): name is FunctionName => Object.hasOwn(functions, name);
/** The gateway is a Knative Service too, but not a domain. */
export const serviceNames = [...functionNames, "gateway"];
