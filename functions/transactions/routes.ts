import { createFunctionApp, type FunctionDeps } from "../lib/function-app";

export function transactionsRoutes(deps: FunctionDeps) {
  const app = createFunctionApp("transactions", deps);
  return app;
}
