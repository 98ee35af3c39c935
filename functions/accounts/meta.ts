import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = { name: "accounts", publicPaths: standardPublicPaths("accounts") };
