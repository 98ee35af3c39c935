import sharp from "sharp";

/**
 * Turns a phone photo of a receipt into what Tesseract reads best: upright (EXIF), grey, evenly lit
 * (the image divided by its own blurred background, which removes shadows, a dark table and faded
 * print alike), straightened (projection-profile deskew) and scaled so letters are ~30 px tall.
 * docs/smart-input.md "Receipt OCR" lists what each step bought on the fixtures.
 */
export interface PreprocessOptions {
  /** Divide by the blurred background (flat lighting). */
  flatten?: boolean;
  deskew?: boolean;
  /** Median filter size against sensor noise (0 = none). */
  median?: number;
  /** Binarise at this grey level after flattening (0 = leave grey). */
  threshold?: number;
  /** Longest side is capped (and short images enlarged) towards this many pixels. */
  targetHeight?: number;
}

export const DEFAULT_PREPROCESS: Required<PreprocessOptions> = {
  flatten: true,
  deskew: true,
  median: 3,
  threshold: 0,
  targetHeight: 1600,
};

/** Largest photo we decode (pixels): a 48 MP phone photo; bigger is refused before decoding. */
const MAX_INPUT_PIXELS = 50_000_000;

export interface Prepared {
  png: Buffer;
  width: number;
  height: number;
  /** Degrees the page was turned to straighten it. */
  skew: number;
}

export async function preprocessReceipt(image: Uint8Array, opts: PreprocessOptions = {}): Promise<Prepared> {
  const o = { ...DEFAULT_PREPROCESS, ...opts };
  // rotate() with no angle applies the EXIF orientation; the rest is grey from here on.
  const upright = sharp(image, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" }).rotate().grayscale();
  const meta = await sharp(await upright.clone().png({ compressionLevel: 1 }).toBuffer()).metadata();
  const height = meta.height ?? 0;
  const width = meta.width ?? 0;
  if (!width || !height) throw new Error("image has no pixels");
  // Resize so text is large enough (or a huge photo small enough) for Tesseract.
  const scale = Math.min(3, o.targetHeight / Math.max(height, width * 0.6));
  let resized = upright.resize({
    width: Math.round(width * scale),
    height: Math.round(height * scale),
    kernel: "lanczos3",
  });
  if (o.median > 0) resized = resized.median(o.median);
  let working = await resized.raw().toBuffer({ resolveWithObject: true });
  let { data, info } = working;
  let pixels: Uint8Array = new Uint8Array(data.buffer, data.byteOffset, info.width * info.height);

  if (o.flatten) pixels = await flattenLighting(pixels, info.width, info.height);

  let skew = 0;
  if (o.deskew) {
    skew = estimateSkew(pixels, info.width, info.height);
    if (Math.abs(skew) >= 0.5) {
      working = await sharp(Buffer.from(pixels), {
        raw: { width: info.width, height: info.height, channels: 1 },
      })
        .rotate(-skew, { background: "#ffffff" })
        .grayscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      ({ data, info } = working);
      pixels = new Uint8Array(data.buffer, data.byteOffset, info.width * info.height);
    }
  }
  if (o.threshold > 0) {
    const t = o.threshold;
    for (let i = 0; i < pixels.length; i++) pixels[i] = pixels[i]! < t ? 0 : 255;
  }
  const png = await sharp(Buffer.from(pixels), {
    raw: { width: info.width, height: info.height, channels: 1 },
  })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return { png, width: info.width, height: info.height, skew };
}

/**
 * Background division: paper under a shadow, on a dark table or faded is still lighter than the
 * ink right next to it, so pixel / local background makes paper ~white and ink dark everywhere.
 * The background is the 90th-percentile grey of 24 px blocks (ink is the dark minority of a block),
 * smoothed and enlarged back by sharp. Then a contrast stretch so the darkest 0.5% is black.
 */
async function flattenLighting(pixels: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const block = 24;
  const bw = Math.ceil(width / block);
  const bh = Math.ceil(height / block);
  const small = new Uint8Array(bw * bh);
  const histogram = new Uint32Array(256);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      histogram.fill(0);
      let n = 0;
      for (let y = by * block; y < Math.min(height, (by + 1) * block); y++) {
        for (let x = bx * block; x < Math.min(width, (bx + 1) * block); x++) {
          histogram[pixels[y * width + x]!]!++;
          n++;
        }
      }
      let v = 255;
      let above = 0;
      while (v > 0 && above + histogram[v]! < n * 0.1) above += histogram[v--]!;
      small[by * bw + bx] = v;
    }
  }
  const background = await sharp(Buffer.from(small), { raw: { width: bw, height: bh, channels: 1 } })
    .blur(1.2)
    .resize({ width, height, kernel: "linear", fit: "fill" })
    .extractChannel(0)
    .raw()
    .toBuffer();
  const out = new Uint8Array(pixels.length);
  histogram.fill(0);
  for (let i = 0; i < pixels.length; i++) {
    const bg = Math.max(background[i]!, 16);
    const v = Math.min(255, Math.round((pixels[i]! / bg) * 255));
    out[i] = v;
    histogram[v]!++;
  }
  let low = 0;
  let seen = 0;
  while (low < 200 && seen + histogram[low]! < pixels.length * 0.005) seen += histogram[low++]!;
  const high = 245;
  const range = Math.max(1, high - low);
  for (let i = 0; i < out.length; i++) {
    const v = ((out[i]! - low) * 255) / range;
    out[i] = Math.min(255, Math.max(0, v));
  }
  return out;
}

/**
 * The angle (degrees, ±15) whose horizontal projection of dark pixels is the most peaked: text
 * lines line up with rows only when the page is straight. Measured on a ~500 px wide copy.
 */
export function estimateSkew(pixels: Uint8Array, width: number, height: number): number {
  const step = Math.max(1, Math.floor(width / 500));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      if (pixels[y * width + x]! < 110) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 50) return 0;
  const score = (deg: number) => {
    const rad = (deg * Math.PI) / 180;
    const sin = Math.sin(rad);
    const cos = Math.cos(rad);
    const bins = new Map<number, number>();
    for (let i = 0; i < xs.length; i++) {
      const bin = Math.round((ys[i]! * cos - xs[i]! * sin) / step);
      bins.set(bin, (bins.get(bin) ?? 0) + 1);
    }
    let sum = 0;
    for (const c of bins.values()) sum += c * c;
    return sum;
  };
  let best = 0;
  let bestScore = score(0);
  for (let deg = -15; deg <= 15; deg += 1) {
    const s = score(deg);
    if (s > bestScore) {
      best = deg;
      bestScore = s;
    }
  }
  for (let deg = best - 0.8; deg <= best + 0.8; deg += 0.2) {
    const s = score(deg);
    if (s > bestScore) {
      best = deg;
      bestScore = s;
    }
  }
  return Math.round(best * 10) / 10;
}
