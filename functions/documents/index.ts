import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import { meta } from "./meta";
import { documentsRoutes } from "./routes";

export function create(deps: FunctionDeps): FunctionModule {
  return { meta, app: documentsRoutes(deps) };
}

export { meta };
