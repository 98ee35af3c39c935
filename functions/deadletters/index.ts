import {
  type FunctionDeps,
  type FunctionMeta,
  type FunctionModule,
  standardPublicPaths,
} from "../lib/function-app";
import { deadLetterRoutes } from "./routes";

export const meta: FunctionMeta = {
  name: "deadletters",
  publicPaths: standardPublicPaths("deadletters"),
  // the Broker's dead-letter sink is for the cluster only
  internalPaths: [/^\/api\/deadletters$/],
};

export const create = (deps: FunctionDeps): FunctionModule => ({ meta, app: deadLetterRoutes(deps) });
