import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import { transactionHandlers } from "./events";
import { meta } from "./meta";
import { transactionsRoutes } from "./routes";

export const create = (deps: FunctionDeps): FunctionModule => ({
  meta,
  app: transactionsRoutes(deps),
  handlers: transactionHandlers,
});

export { meta };
