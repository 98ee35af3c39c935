import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import { meta } from "./meta";
import { deadLetterRoutes } from "./routes";

export const create = (deps: FunctionDeps): FunctionModule => ({ meta, app: deadLetterRoutes(deps) });

export { meta };
