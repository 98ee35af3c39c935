import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import { meta } from "./meta";
import { analyticsRoutes } from "./routes";

export const create = (deps: FunctionDeps): FunctionModule => ({ meta, app: analyticsRoutes(deps) });

export { meta };
