import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

export const meta: FunctionMeta = {
  name: "reminders",
  description: "Recurring bills, card and bill due reminders from the daily PingSource tick",
  publicPaths: standardPublicPaths("reminders"),
  // the PingSource's sink: the cluster only
  internalPaths: [/^\/api\/reminders\/tick$/],
};
