import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = {
  name: "budgets",
  description: "Monthly budgets per category and overall, their progress, and budget alerts",
  publicPaths: standardPublicPaths("budgets"),
};
