import {
  type FunctionDeps,
  type FunctionMeta,
  type FunctionModule,
  standardPublicPaths,
} from "../lib/function-app";
import { authRoutes } from "./routes";

export const meta: FunctionMeta = {
  name: "auth",
  publicPaths: [
    ...standardPublicPaths("auth"),
    /^\/api\/auth\/(status|register|login|logout|refresh)$/,
    /^\/api\/auth\/invites\/[^/]+$/,
  ],
};

export const create = (deps: FunctionDeps): FunctionModule => ({ meta, app: authRoutes(deps) });
