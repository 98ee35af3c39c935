import { existsSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { renderReceipt } from "../fixtures/receipts";
import { RECEIPT_SPECS } from "../fixtures/receipts/specs";
import { ExtractionFailure, ExtractionResult } from "../result";
import { sameMerchant } from "./heuristics";
import { closeReceiptOcr, extractReceipt } from "./index";
import { englishModelDir } from "./ocr";

// Real OCR, kept to a handful of photos: each costs ~1 s on one core.
const spec = (name: string) => RECEIPT_SPECS.find((s) => s.name === name)!;

async function textImage(lines: string[]): Promise<Uint8Array> {
  const body = lines
    .map((l, i) => `<text x="24" y="${50 + i * 30}" xml:space="preserve">${l}</text>`)
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="560" height="${80 + lines.length * 30}"><rect width="100%" height="100%" fill="#fff"/><g font-family="DejaVu Sans Mono" font-size="22">${body}</g></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

async function failureOf(p: Promise<unknown>): Promise<ExtractionFailure> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExtractionFailure);
  return err as ExtractionFailure;
}

afterAll(async () => {
  await closeReceiptOcr();
});

describe("extractReceipt", () => {
  it("the English model ships in the npm package (nothing is downloaded)", () => {
    expect(existsSync(join(englishModelDir(), "eng.traineddata.gz"))).toBe(true);
  });

  it("reads a receipt photo into one draft purchase with per-field confidence", async () => {
    const fx = await renderReceipt(spec("jollibee"), "clean");
    const result = ExtractionResult.parse(await extractReceipt(fx.image, fx.mediaType));
    if (result.kind !== "receipt") throw new Error("not a receipt");
    expect(sameMerchant(result.receipt.merchant, fx.truth.merchant)).toBe(true);
    expect(result.receipt.date).toBe(fx.truth.date);
    expect(result.receipt.totalCentavos).toBe(fx.truth.totalCentavos);
    expect(result.receipt.tin).toBe(fx.truth.tin);
    expect(result.receipt.totalConfidence).toBeGreaterThan(0.8);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatchObject({
      date: fx.truth.date,
      amountCentavos: fx.truth.totalCentavos,
      direction: "debit",
      kind: "purchase",
      postingDate: null,
    });
    expect(result.lines[0]!.confidence).toBeGreaterThan(0.5);
  });

  it("straightens a tilted photo, a sideways (EXIF) photo and one on a dark table; photos queue on one worker", async () => {
    const fixtures = await Promise.all([
      renderReceipt(spec("puregold"), "rotation"),
      renderReceipt(spec("meralco"), "exif_rotated"),
      renderReceipt(spec("shell"), "dark_background"),
    ]);
    // All at once: the OCR queue takes them one by one and each gets its own answer.
    const results = await Promise.all(fixtures.map((f) => extractReceipt(f.image, f.mediaType)));
    results.forEach((r, i) => {
      expect(r.kind === "receipt" && r.receipt.totalCentavos, fixtures[i]!.name).toBe(
        fixtures[i]!.truth.totalCentavos,
      );
    });
  });

  it("says the photo is too blurry when nothing can be read", async () => {
    const fx = await renderReceipt(spec("savemore"), "clean");
    const smeared = new Uint8Array(await sharp(fx.image).blur(9).png().toBuffer());
    const f = await failureOf(extractReceipt(smeared, "image/png"));
    expect(f.code).toBe("too_blurry");
    expect(f.reason).toMatch(/retake/i);
  });

  it("says no total was found on a readable slip without one", async () => {
    const image = await textImage([
      "ORDER SLIP",
      "TABLE 12",
      "1 SISIG",
      "2 RICE",
      "PLEASE PAY AT THE COUNTER",
    ]);
    const f = await failureOf(extractReceipt(image, "image/png"));
    expect(f.code).toBe("no_total");
    expect(f.reason).toMatch(/TOTAL/);
  });

  it("refuses what is not a photo with a reason, before any OCR", async () => {
    expect((await failureOf(extractReceipt(new Uint8Array([1, 2, 3]), "image/png"))).code).toBe("unreadable");
    expect((await failureOf(extractReceipt(new Uint8Array(0), "image/png"))).code).toBe("empty");
    expect((await failureOf(extractReceipt(new Uint8Array([0x47, 0x49, 0x46]), "image/gif"))).code).toBe(
      "unsupported",
    );
  });

  it("starts a new worker after close (function shutdown, then a new request)", async () => {
    await closeReceiptOcr();
    const fx = await renderReceipt(spec("seven-eleven"), "jpeg");
    const r = await extractReceipt(fx.image, fx.mediaType);
    expect(r.kind === "receipt" && r.receipt.totalCentavos).toBe(fx.truth.totalCentavos);
  });
});
