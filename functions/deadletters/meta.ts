import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = {
  name: "deadletters",
  description: "Events the broker could not deliver after every retry",
  publicPaths: standardPublicPaths("deadletters"),
  // the Broker's dead-letter sink is for the cluster only
  internalPaths: [/^\/api\/deadletters$/],
};
