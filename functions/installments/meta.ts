import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = {
  name: "installments",
  description:
    "Installment plans on credit cards: how a card purchase is billed, and the next 12 months' obligations",
  publicPaths: standardPublicPaths("installments"),
};
