import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = {
  name: "deadletters",
  publicPaths: standardPublicPaths("deadletters"),
  // the Broker's dead-letter sink is for the cluster only
  internalPaths: [/^\/api\/deadletters$/],
};
