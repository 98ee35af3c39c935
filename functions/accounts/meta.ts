import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = {
  name: "accounts",
  description: "Bank accounts, e-wallets, cash and credit cards, with balances",
  publicPaths: standardPublicPaths("accounts"),
};
