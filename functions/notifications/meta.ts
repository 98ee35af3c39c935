import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = {
  name: "notifications",
  description: "In-app notifications and the live unread count",
  publicPaths: standardPublicPaths("notifications"),
};
