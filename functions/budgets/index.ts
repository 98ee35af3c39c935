import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import { budgetCheckHandlers } from "./events";
import { meta } from "./meta";
import { budgetRoutes } from "./routes";

export const create = (deps: FunctionDeps): FunctionModule => ({
  meta,
  app: budgetRoutes(deps),
  handlers: budgetCheckHandlers(),
});

export { meta };
