import {
  type FunctionDeps,
  type FunctionMeta,
  type FunctionModule,
  standardPublicPaths,
} from "../lib/function-app";
import { accountsRoutes } from "./routes";

export const meta: FunctionMeta = { name: "accounts", publicPaths: standardPublicPaths("accounts") };

export const create = (deps: FunctionDeps): FunctionModule => ({ meta, app: accountsRoutes(deps) });
