import {
  type FunctionDeps,
  type FunctionMeta,
  type FunctionModule,
  standardPublicPaths,
} from "../lib/function-app";
import { importsRoutes } from "./routes";

export const meta: FunctionMeta = { name: "imports", publicPaths: standardPublicPaths("imports") };

export const create = (deps: FunctionDeps): FunctionModule => ({ meta, app: importsRoutes(deps) });
