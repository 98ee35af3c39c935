import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

/** The largest pasted AI answer or statement text accepted (a long statement is ~50 kB of text). */
export const MAX_PASTE_CHARS = 200_000;

export const meta: FunctionMeta = {
  name: "extraction",
  description: "Drafts from receipts, statements and pasted AI answers; review, confirm and statement cycles",
  publicPaths: standardPublicPaths("extraction"),
  bodyLimitBytes: 1024 * 1024,
};
