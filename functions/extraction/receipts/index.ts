import { DateTime } from "luxon";
import { type DraftLine, ExtractionFailure, type ExtractionResult } from "../result";
import { readReceiptText } from "./heuristics";
import { closeReceiptOcr, recognize } from "./ocr";
import { preprocessReceipt } from "./preprocess";

export { closeReceiptOcr };

const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);

/** Below this mean Tesseract word confidence (0–100) a receipt with no readable total is "too blurry". */
const BLURRY_CONFIDENCE = 60;

export interface ReceiptOptions {
  /** The date to fall back on when none is printed legibly (ISO; default: today in Manila). */
  fallbackDate?: string;
}

/**
 * A receipt photo → one draft purchase (date, merchant, total) with a confidence per field.
 * Throws ExtractionFailure with a reason the uploader can act on when the photo cannot give a total.
 */
export async function extractReceipt(
  image: Uint8Array,
  mediaType: string,
  opts: ReceiptOptions = {},
): Promise<ExtractionResult> {
  if (!IMAGE_TYPES.has(mediaType)) {
    throw new ExtractionFailure("unsupported", "Only JPEG, PNG and WebP photos can be read as receipts.");
  }
  if (image.byteLength === 0) throw new ExtractionFailure("empty", "The photo is empty — upload it again.");
  let prepared: Awaited<ReturnType<typeof preprocessReceipt>>;
  try {
    prepared = await preprocessReceipt(image);
  } catch (err) {
    if (err instanceof Error && /pixel limit/i.test(err.message)) {
      throw new ExtractionFailure(
        "unsupported",
        "This photo is too large (over 50 megapixels) — send a smaller photo.",
      );
    }
    // sharp's message names libvips internals; the user needs to know the file is not a photo.
    throw new ExtractionFailure(
      "unreadable",
      "This file could not be opened as a photo — upload a JPEG, PNG or WebP.",
    );
  }
  const ocr = await recognize(prepared.png);
  if (ocr.words < 3) {
    throw new ExtractionFailure(
      "too_blurry",
      "No text could be read from this photo — retake it closer, flat and in good light, with the whole receipt in the frame.",
    );
  }
  const fields = readReceiptText(ocr.text);
  if (fields.totalCentavos === null) {
    if (ocr.confidence < BLURRY_CONFIDENCE) {
      throw new ExtractionFailure(
        "too_blurry",
        "The photo is too blurry to read the total — retake it closer, in good light, holding the phone steady.",
      );
    }
    throw new ExtractionFailure(
      "no_total",
      "No total was found on this receipt — make sure the TOTAL or AMOUNT DUE line is in the photo, or enter it by hand.",
    );
  }
  const warnings = [...fields.warnings];
  // OCR confidence scales every field: a clean read keeps the heuristic's confidence, a poor one halves it.
  const quality = 0.5 + 0.5 * Math.min(1, Math.max(0, ocr.confidence / 100));
  const scaled = (c: number) => Math.round(c * quality * 100) / 100;
  let date = fields.date;
  let dateConfidence = scaled(fields.dateConfidence);
  if (!date) {
    date = opts.fallbackDate ?? DateTime.now().setZone("Asia/Manila").toISODate()!;
    dateConfidence = 0;
    warnings.push("No date could be read; the upload date was used — check it.");
  }
  if (!fields.merchant) warnings.push("No store name could be read — add the merchant.");
  const merchantConfidence = scaled(fields.merchantConfidence);
  const totalConfidence = scaled(fields.totalConfidence);
  const line: DraftLine = {
    date,
    postingDate: null,
    description: fields.merchant ?? "Receipt",
    merchant: fields.merchant,
    amountCentavos: fields.totalCentavos.toString(),
    direction: "debit",
    kind: "purchase",
    foreignCurrency: null,
    foreignAmount: null,
    installment: null,
    categoryHint: null,
    // The line is as sure as its weakest field, the total counting most.
    confidence:
      Math.round(
        Math.min(totalConfidence, (totalConfidence + merchantConfidence + dateConfidence) / 3) * 100,
      ) / 100,
  };
  return {
    kind: "receipt",
    receipt: {
      merchant: fields.merchant,
      merchantConfidence,
      date: fields.date ? date : null,
      dateConfidence,
      totalCentavos: fields.totalCentavos.toString(),
      totalConfidence,
      tin: fields.tin,
    },
    lines: [line],
    warnings,
  };
}
