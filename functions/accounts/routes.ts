import { createFunctionApp, type FunctionDeps } from "../lib/function-app";

export function accountsRoutes(deps: FunctionDeps) {
  const app = createFunctionApp("accounts", deps);
  return app;
}
