import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

/** The largest CSV accepted. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Multipart overhead on top of the 10 MB file; the gateway and this app both enforce it. */
export const IMPORT_BODY_LIMIT_BYTES = MAX_FILE_BYTES + 1024 * 1024;

export const meta: FunctionMeta = {
  name: "imports",
  description: "Notion and CSV import with preview, progress and undo; CSV export",
  publicPaths: standardPublicPaths("imports"),
  bodyLimitBytes: IMPORT_BODY_LIMIT_BYTES,
};
