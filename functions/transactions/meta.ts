import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = { name: "transactions", publicPaths: standardPublicPaths("transactions") };
