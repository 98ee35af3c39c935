import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = {
  name: "analytics",
  description: "Where the money goes: spending by category, member, account and merchant, trends, net worth",
  publicPaths: standardPublicPaths("analytics"),
};
