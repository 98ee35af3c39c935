import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import { meta } from "./meta";
import { reminderRoutes } from "./routes";

export const create = (deps: FunctionDeps): FunctionModule => ({ meta, app: reminderRoutes(deps) });

export { meta };
