import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import { meta } from "./meta";
import { accountsRoutes } from "./routes";

export const create = (deps: FunctionDeps): FunctionModule => ({ meta, app: accountsRoutes(deps) });

export { meta };
