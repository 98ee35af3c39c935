import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import { BackgroundJobs } from "./jobs";
import { meta } from "./meta";
import { importsRoutes } from "./routes";

export function create(deps: FunctionDeps): FunctionModule {
  const jobs = new BackgroundJobs(deps.log);
  return { meta, app: importsRoutes(deps, jobs), close: () => jobs.idle() };
}

export { meta };
