import { createFunctionApp, type FunctionDeps } from "../lib/function-app";

export function importsRoutes(deps: FunctionDeps) {
  const app = createFunctionApp("imports", deps);
  return app;
}
