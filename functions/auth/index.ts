import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import { meta } from "./meta";
import { authRoutes } from "./routes";

export const create = (deps: FunctionDeps): FunctionModule => ({ meta, app: authRoutes(deps) });

export { meta };
