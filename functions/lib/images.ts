import { Worker } from "node:worker_threads";
import sharp from "sharp";

/** An image in a form every consumer (sharp, OCR, the browser) reads: PNG or JPEG. */
export interface RasterImage {
  bytes: Uint8Array;
  mediaType: "image/png" | "image/jpeg";
}

export class ImageUnreadable extends Error {
  constructor(detail: string) {
    super(`this image cannot be read: ${detail}`);
    this.name = "ImageUnreadable";
  }
}

/**
 * The image as PNG or JPEG, upright (EXIF orientation applied). HEIC/HEIF (iPhone photos) is
 * decoded with libheif compiled to WebAssembly (heic-decode) in a worker thread: sharp's prebuilt
 * libvips reads AVIF but not HEVC-coded HEIC. WebP becomes PNG; JPEG and PNG are only rotated
 * when needed.
 */
export async function toRasterImage(bytes: Uint8Array, mediaType: string): Promise<RasterImage> {
  try {
    if (mediaType === "image/heic" || mediaType === "image/heif") {
      const { width, height, data } = await decodeHeic(bytes);
      const png = await sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
        raw: { width, height, channels: 4 },
      })
        .png()
        .toBuffer();
      return { bytes: new Uint8Array(png), mediaType: "image/png" };
    }
    const image = sharp(bytes, { failOn: "error" });
    const { orientation, format } = await image.metadata();
    if ((format === "jpeg" || format === "png") && (orientation ?? 1) === 1) {
      return { bytes, mediaType: format === "jpeg" ? "image/jpeg" : "image/png" };
    }
    if (format === "jpeg") {
      return {
        bytes: new Uint8Array(await image.rotate().jpeg({ quality: 92 }).toBuffer()),
        mediaType: "image/jpeg",
      };
    }
    return { bytes: new Uint8Array(await image.rotate().png().toBuffer()), mediaType: "image/png" };
  } catch (err) {
    if (err instanceof ImageUnreadable) throw err;
    throw new ImageUnreadable(err instanceof Error ? err.message : String(err));
  }
}

/** A small upright JPEG for lists (at most `size` px on its longer side). */
export async function thumbnail(image: RasterImage, size = 320): Promise<RasterImage> {
  try {
    const bytes = await sharp(image.bytes, { failOn: "error" })
      .rotate()
      .resize(size, size, { fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 75 })
      .toBuffer();
    return { bytes: new Uint8Array(bytes), mediaType: "image/jpeg" };
  } catch (err) {
    throw new ImageUnreadable(err instanceof Error ? err.message : String(err));
  }
}

/** heic-decode in a worker (heic-worker.mjs), so a large photo does not block the event loop. */
function decodeHeic(bytes: Uint8Array): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./heic-worker.mjs", import.meta.url), { workerData: bytes });
    worker.once("message", (decoded) => {
      resolve(decoded);
      void worker.terminate();
    });
    worker.once("error", (err) => reject(err));
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the HEIC decoder stopped (exit ${code})`));
    });
  });
}
