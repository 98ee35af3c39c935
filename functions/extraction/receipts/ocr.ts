import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Worker } from "tesseract.js";

/**
 * One Tesseract worker per process, created on first use and reused: loading the model costs
 * ~0.5 s and ~100 MB, so a pod keeps one and OCRs one photo at a time (the queue below), which
 * also bounds memory however many uploads arrive at once. The English model comes from the
 * @tesseract.js-data/eng npm package; nothing is downloaded at run time (cacheMethod "none" also
 * means nothing is written next to the process).
 */
export interface OcrText {
  text: string;
  /** Tesseract's mean word confidence, 0–100. */
  confidence: number;
  words: number;
}

const require = createRequire(import.meta.url);

/** Where the npm package keeps eng.traineddata.gz ("best_int": LSTM only, 2.9 MB). */
export function englishModelDir(variant: "4.0.0_best_int" | "4.0.0" = "4.0.0_best_int"): string {
  return join(dirname(require.resolve("@tesseract.js-data/eng/package.json")), variant);
}

let worker: Promise<Worker> | null = null;
let queue: Promise<unknown> = Promise.resolve();

async function startWorker(): Promise<Worker> {
  const { createWorker, OEM, PSM } = await import("tesseract.js");
  const w = await createWorker("eng", OEM.LSTM_ONLY, {
    langPath: englishModelDir(),
    gzip: true,
    cacheMethod: "none",
  });
  await w.setParameters({
    // Receipts are one column of lines of different sizes.
    // PSM 6 (one uniform block) read 13/18 totals on the first measurement where PSM 4 (single
    // column) read 5 and PSM 3 (auto) 4: the others dropped the right-aligned amounts.
    tessedit_pageseg_mode: PSM.SINGLE_BLOCK,
    preserve_interword_spaces: "1",
    user_defined_dpi: "300",
    // Tesseract's own notes ("Estimating resolution…") would go to the function's stderr.
    debug_file: "/dev/null",
  });
  return w;
}

/** OCR one prepared image. Calls are queued: one image at a time per process. */
export function recognize(png: Buffer): Promise<OcrText> {
  const run = queue.then(async () => {
    worker ??= startWorker();
    let w: Worker;
    try {
      w = await worker;
    } catch (err) {
      worker = null; // let the next photo try again
      throw err;
    }
    const { data } = await w.recognize(png);
    const words = data.text.split(/\s+/).filter(Boolean).length;
    return { text: data.text, confidence: data.confidence, words };
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Ends the worker (function shutdown, test teardown); the next recognize starts a new one. */
export async function closeReceiptOcr(): Promise<void> {
  const w = worker;
  worker = null;
  if (!w) return;
  await queue;
  await (await w.catch(() => null))?.terminate();
}
