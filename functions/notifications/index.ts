import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import { notificationHandlers } from "./events";
import { NotificationHub } from "./hub";
import { meta } from "./meta";
import { notificationRoutes } from "./routes";

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

export { meta };
