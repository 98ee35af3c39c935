import { type FunctionMeta, standardPublicPaths } from "../lib/meta";

/** The largest single file: a phone photo (HEIC/JPEG) or a card statement PDF is far below it. */
export const MAX_FILE_BYTES = 15 * 1024 * 1024;
/** All files of one upload together. */
export const MAX_UPLOAD_BYTES = 40 * 1024 * 1024;
/** Files in one upload (several receipt photos at once). */
export const MAX_FILES = 10;
/** Multipart overhead on top of the files; the gateway and this app both enforce it. */
export const DOCUMENTS_BODY_LIMIT_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024;

export const meta: FunctionMeta = {
  name: "documents",
  description: "Receipt photos and statement PDFs: upload, password unlock, history, files, re-run, delete",
  publicPaths: standardPublicPaths("documents"),
  bodyLimitBytes: DOCUMENTS_BODY_LIMIT_BYTES,
};
