import type { FunctionDeps, FunctionModule } from "../lib/function-app";
import { BackgroundJobs } from "./jobs";
import { LEASE_SECONDS, newLeaseOwner } from "./lease";
import { meta } from "./meta";
import { recoverInterrupted } from "./recovery";
import { importsRoutes } from "./routes";

export function create(deps: FunctionDeps): FunctionModule {
  const jobs = new BackgroundJobs(deps.log);
  const leaseOwner = newLeaseOwner();
  let recovering = false;
  const recover = () => {
    if (recovering) return;
    recovering = true;
    jobs.start("recover interrupted imports", () =>
      recoverInterrupted(deps, jobs, leaseOwner).finally(() => {
        recovering = false;
      }),
    );
  };
  // at once when the function starts (after a crash the imports it ran are taken over now), then
  // every lease period for imports whose process dies while this one lives
  recover();
  const sweep = setInterval(recover, LEASE_SECONDS * 1000);
  sweep.unref?.();
  return {
    meta,
    app: importsRoutes(deps, jobs, leaseOwner),
    close: async () => {
      clearInterval(sweep);
      await jobs.idle();
    },
  };
}

export { meta };
