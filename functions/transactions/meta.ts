import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = {
  name: "transactions",
  description: "Income, expenses and transfers, categories and summaries",
  publicPaths: standardPublicPaths("transactions"),
};
