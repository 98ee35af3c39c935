import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import { extractionHandlers, extractionPreparers } from "./events";
import { closeExtractors } from "./extractors";
import { meta } from "./meta";
import { recoverStuck, STUCK_MINUTES } from "./recovery";
import { extractionRoutes } from "./routes";

export function create(deps: FunctionDeps): FunctionModule {
  let running: Promise<unknown> = Promise.resolve();
  const recover = () => {
    running = recoverStuck(deps).catch((err) => deps.log.warn({ err }, "stuck extraction sweep failed"));
  };
  // at start (a pod that died mid-extraction) and then every few minutes
  recover();
  const sweep = setInterval(recover, (STUCK_MINUTES * 60 * 1000) / 2);
  sweep.unref?.();
  return {
    meta,
    app: extractionRoutes(deps),
    handlers: extractionHandlers(deps),
    prepare: extractionPreparers(deps),
    close: async () => {
      clearInterval(sweep);
      await running;
      await closeExtractors();
    },
  };
}

export { meta };
