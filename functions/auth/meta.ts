import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = {
  name: "auth",
  description: "Owner setup, partner invite, sign-in, sessions and password",
  publicPaths: [
    ...standardPublicPaths("auth"),
    /^\/api\/auth\/(status|register|login|logout|refresh)$/,
    /^\/api\/auth\/invites\/[^/]+$/,
  ],
};
