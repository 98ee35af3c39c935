import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = {
  name: "auth",
  publicPaths: [
    ...standardPublicPaths("auth"),
    /^\/api\/auth\/(status|register|login|logout|refresh)$/,
    /^\/api\/auth\/invites\/[^/]+$/,
  ],
};
