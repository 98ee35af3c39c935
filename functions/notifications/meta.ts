import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = {
  name: "notifications",
  publicPaths: standardPublicPaths("notifications"),
};
