import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import { meta } from "./meta";
import { installmentRoutes } from "./routes";

export const create = (deps: FunctionDeps): FunctionModule => ({ meta, app: installmentRoutes(deps) });

export { meta };
