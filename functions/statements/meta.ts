import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = {
  name: "statements",
  description: "Each credit card's statement history (recorded or computed) and the cycle building up",
  publicPaths: standardPublicPaths("statements"),
};
