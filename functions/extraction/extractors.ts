import type { TextLayer } from "./pdf/text-layer";
import { ExtractionFailure, type ExtractionResult } from "./result";

/** What an extractor gets: the stored text layer (a statement) or the photo's bytes (a receipt). */
export interface ExtractorInput {
  kind: "receipt" | "statement";
  mediaType: string;
  /** Reads the stored text layer (JSON of TextLayer), null when there is none. */
  textLayer: () => Promise<TextLayer | null>;
  /** Reads the original upload, null when it is gone. */
  original: () => Promise<Uint8Array | null>;
}

export interface Extractor {
  /** Names the family ("statement", "receipt"); the result's own name is `extractorName`. */
  name: string;
  extract(input: ExtractorInput): Promise<{ result: ExtractionResult; extractor: string }>;
}

// The parsers and OCR are loaded on first use: OCR's engine and language data are large, and a
// pod that only confirms drafts never needs them.
let statements: Promise<typeof import("./statements/index")> | undefined;
let receipts: Promise<typeof import("./receipts/index")> | undefined;
const loadStatements = () => {
  statements ??= import("./statements/index");
  return statements;
};
const loadReceipts = () => {
  receipts ??= import("./receipts/index");
  return receipts;
};

/** Stops the OCR worker if one was started (the function's close). */
export async function closeExtractors() {
  if (receipts) await (await receipts).closeReceiptOcr();
}

const statementExtractor: Extractor = {
  name: "statement",
  async extract(input) {
    const layer = await input.textLayer();
    if (!layer) {
      throw new ExtractionFailure(
        "unreadable",
        "This PDF has no readable text. Upload the statement PDF your bank sent, not a scan or photo of it.",
      );
    }
    if (layer.pages.every((p) => p.items.length === 0)) {
      throw new ExtractionFailure(
        "empty",
        "This PDF has no text on its pages (a scanned statement?). Upload the PDF your bank emailed you.",
      );
    }
    const mod = await loadStatements();
    const result = await mod.parseStatement(layer);
    const issuer = result.kind === "statement" ? result.statement.issuer : "generic";
    return { result, extractor: `statement:${issuer}` };
  },
};

const receiptExtractor: Extractor = {
  name: "receipt",
  async extract(input) {
    const bytes = await input.original();
    if (!bytes || bytes.length === 0) {
      throw new ExtractionFailure("unreadable", "The photo is no longer stored. Upload it again.");
    }
    const mod = await loadReceipts();
    const result = await mod.extractReceipt(bytes, input.mediaType);
    return { result, extractor: "receipt:tesseract" };
  },
};

/** The extractor for a document: by kind today; issue 12 adds AI extractors behind the same interface. */
export function extractorFor(kind: "receipt" | "statement"): Extractor {
  return kind === "statement" ? statementExtractor : receiptExtractor;
}

/** Raw statement text pasted from a PDF viewer, read by the statement parsers. */
export async function parsePastedStatementText(text: string): Promise<ExtractionResult> {
  return (await loadStatements()).parseStatementText(text);
}
