import { readFileSync } from "node:fs";
import { schema } from "@fintrack/db";
import { eq } from "drizzle-orm";
import PDFDocument from "pdfkit";
import sharp from "sharp";
import type { TestApp, TestClient } from "../testing";

export const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

/**
 * A statement-like PDF; with `userPassword` it is AES-256 encrypted (pdf.js opens it with the
 * password). `pages` is a count of pages that repeat `lines`, or each page's own lines.
 */
export function makePdf(
  opts: { userPassword?: string; lines?: string[]; pages?: number | string[][] } = {},
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A4",
      userPassword: opts.userPassword,
      ownerPassword: opts.userPassword ? "owner-secret" : undefined,
      pdfVersion: opts.userPassword ? "1.7ext3" : "1.7",
      info: { CreationDate: new Date(Date.UTC(2026, 0, 1)) },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
    const lines = opts.lines ?? ["STATEMENT OF ACCOUNT", "Total Amount Due 1,234.56"];
    const pages = Array.isArray(opts.pages)
      ? opts.pages
      : Array.from({ length: opts.pages ?? 1 }, () => lines);
    pages.forEach((pageLines, p) => {
      if (p > 0) doc.addPage();
      pageLines.forEach((line, j) => {
        doc.text(line, 50, 60 + j * 20);
      });
    });
    doc.end();
  });
}

/** A photo-like image (distinct per `seed`, so dedupe does not merge them). */
export async function makeImage(
  format: "jpeg" | "png" | "webp",
  seed = 0,
  opts: { width?: number; height?: number; orientation?: number } = {},
): Promise<Uint8Array> {
  const width = opts.width ?? 120;
  const height = opts.height ?? 80;
  let image = sharp({
    create: { width, height, channels: 3, background: { r: 240, g: (seed * 37) % 256, b: 200 } },
  }).composite([
    {
      input: { create: { width: 40, height: 20, channels: 3, background: { r: 10, g: 10, b: 10 } } },
      left: 5,
      top: 5,
    },
  ]);
  if (opts.orientation) image = image.withMetadata({ orientation: opts.orientation });
  return new Uint8Array(await image.toFormat(format).toBuffer());
}

export function uploadFiles(
  client: TestClient,
  files: { name: string; bytes: Uint8Array; type?: string }[],
  fields: { kind?: string; password?: string } = {},
) {
  const form = new FormData();
  for (const f of files)
    form.append("files", new File([f.bytes as BlobPart], f.name, { type: f.type ?? "" }));
  if (fields.kind) form.set("kind", fields.kind);
  if (fields.password !== undefined) form.set("password", fields.password);
  return client.request("/api/documents", { method: "POST", body: form });
}

/** The data of every document.uploaded event in the outbox. */
export const uploadedEvents = (app: TestApp) =>
  app.db
    .select({ data: schema.outbox.data })
    .from(schema.outbox)
    .where(eq(schema.outbox.type, "ph.fintrack.document.uploaded.v1"));

/** The roles of a document's stored files (original, thumbnail, text_layer), sorted. */
export const storedRoles = async (app: TestApp, documentId: string) =>
  (
    await app.db
      .select({ role: schema.documentFiles.role })
      .from(schema.documentFiles)
      .where(eq(schema.documentFiles.documentId, documentId))
  )
    .map((r) => r.role)
    .sort();
