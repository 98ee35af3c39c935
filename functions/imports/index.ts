import {
  type FunctionDeps,
  type FunctionMeta,
  type FunctionModule,
  standardPublicPaths,
} from "../lib/function-app";
import { BackgroundJobs } from "./jobs";
import { IMPORT_BODY_LIMIT_BYTES, importsRoutes } from "./routes";

export const meta: FunctionMeta = {
  name: "imports",
  publicPaths: standardPublicPaths("imports"),
  bodyLimitBytes: IMPORT_BODY_LIMIT_BYTES,
};

export function create(deps: FunctionDeps): FunctionModule {
  const jobs = new BackgroundJobs(deps.log);
  return { meta, app: importsRoutes(deps, jobs), close: () => jobs.idle() };
}
