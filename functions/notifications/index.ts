import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import { DiscordWorker } from "./discord";
import { notificationHandlers } from "./events";
import { NotificationHub } from "./hub";
import { meta } from "./meta";
import { notificationRoutes } from "./routes";

export interface NotificationsModule extends FunctionModule {
  hub: NotificationHub;
  discord: DiscordWorker;
}

export function create(deps: FunctionDeps): NotificationsModule {
  const hub = new NotificationHub(deps.db, deps.listen, deps.log);
  void hub.start();
  const discord = new DiscordWorker({ db: deps.db, config: deps.config, log: deps.log });
  discord.start();
  const touched = new Set<string>();
  return {
    meta,
    app: notificationRoutes(deps, hub, discord),
    handlers: notificationHandlers(deps, touched),
    afterEvent: () => {
      hub.changed(touched);
      touched.clear();
      void discord.wake();
    },
    close: async () => {
      await discord.stop();
      await hub.stop();
    },
    hub,
    discord,
  };
}

export { meta };
