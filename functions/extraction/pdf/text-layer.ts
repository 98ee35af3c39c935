import { z } from "zod";

/**
 * The text of a PDF with where each piece sits on its page: what statement parsers read.
 * It is also what the documents function stores for a password-protected statement, so the
 * password is needed only during the upload request and never travels to extraction.
 */
export const TextItem = z.object({
  str: z.string(),
  /** Left edge and baseline in PDF points, origin at the page's top-left (y grows downwards). */
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
});
export type TextItem = z.infer<typeof TextItem>;

export const TextLayer = z.object({
  pages: z.array(
    z.object({
      width: z.number(),
      height: z.number(),
      items: z.array(TextItem),
    }),
  ),
});
export type TextLayer = z.infer<typeof TextLayer>;

export class PdfPasswordRequired extends Error {
  constructor() {
    super("this PDF is protected by a password");
    this.name = "PdfPasswordRequired";
  }
}
export class PdfWrongPassword extends Error {
  constructor() {
    super("that password does not open this PDF");
    this.name = "PdfWrongPassword";
  }
}
export class PdfUnreadable extends Error {
  constructor(detail: string) {
    // The detail comes from pdf.js (e.g. "Invalid PDF structure"), never from the password.
    super(`this PDF cannot be read: ${detail}`);
    this.name = "PdfUnreadable";
  }
}

// pdf.js answers these codes in its PasswordException.
const NEED_PASSWORD = 1;
const INCORRECT_PASSWORD = 2;

/**
 * Reads every page's text with positions. The legacy build is pdf.js's Node build; it is loaded
 * on first use so a function that never reads a PDF does not pay for it at start.
 */
export async function readTextLayer(bytes: Uint8Array, opts: { password?: string } = {}): Promise<TextLayer> {
  polyfillForNode20();
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of (and detaches) the buffer it is given.
    data: new Uint8Array(bytes),
    password: opts.password,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    const e = error as { name?: string; code?: number; message?: string };
    if (e?.name === "PasswordException") {
      if (e.code === INCORRECT_PASSWORD || (e.code !== NEED_PASSWORD && opts.password))
        throw new PdfWrongPassword();
      if (opts.password) throw new PdfWrongPassword();
      throw new PdfPasswordRequired();
    }
    throw new PdfUnreadable(e?.message ?? "unknown error");
  }
  try {
    const pages: TextLayer["pages"] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: TextItem[] = [];
      for (const item of content.items) {
        if (!("str" in item) || item.str.trim() === "") continue;
        const [, , , , e = 0, f = 0] = item.transform as number[];
        items.push({
          str: item.str,
          x: round(e),
          y: round(viewport.height - f),
          width: round(item.width),
          height: round(item.height),
        });
      }
      pages.push({ width: round(viewport.width), height: round(viewport.height), items });
      page.cleanup();
    }
    return { pages };
  } finally {
    await task.destroy();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** pdf.js 6 calls Promise.withResolvers, which Node.js has only from version 22. */
function polyfillForNode20(): void {
  if ("withResolvers" in Promise) return;
  Object.defineProperty(Promise, "withResolvers", {
    configurable: true,
    writable: true,
    value<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
