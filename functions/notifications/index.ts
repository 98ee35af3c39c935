import {
  type FunctionDeps,
  type FunctionMeta,
  type FunctionModule,
  standardPublicPaths,
} from "../lib/function-app";
import { notificationHandlers } from "./events";
import { NotificationHub } from "./hub";
import { notificationRoutes } from "./routes";

export const meta: FunctionMeta = {
  name: "notifications",
  publicPaths: standardPublicPaths("notifications"),
};

export function create(deps: FunctionDeps): FunctionModule {
  const hub = new NotificationHub();
  const touched = new Set<string>();
  return {
    meta,
    app: notificationRoutes(deps, hub),
    handlers: notificationHandlers(touched),
    afterEvent: () => {
      hub.changed([...touched]);
      touched.clear();
    },
  };
}
