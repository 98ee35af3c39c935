import {
  type FunctionDeps,
  type FunctionMeta,
  type FunctionModule,
  standardPublicPaths,
} from "../lib/function-app";
import { transactionHandlers } from "./events";
import { transactionsRoutes } from "./routes";

export const meta: FunctionMeta = { name: "transactions", publicPaths: standardPublicPaths("transactions") };

export const create = (deps: FunctionDeps): FunctionModule => ({
  meta,
  app: transactionsRoutes(deps),
  handlers: transactionHandlers,
});
