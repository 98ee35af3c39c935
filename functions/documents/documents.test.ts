import { schema } from "@fintrack/db";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { functionNames } from "../registry";
import { householdOfTwo, OWNER, useTestApp } from "../testing";
import { fixture, makeImage, makePdf, storedRoles, uploadedEvents, uploadFiles } from "./test-helpers";

// documents on its own: with extraction running, statuses would move on (uploaded → extracted/failed)
// while these tests read them; the end-to-end tests are functions/extraction/e2e.test.ts
const app = useTestApp("per test", { only: functionNames.filter((n) => n !== "extraction") });

async function expectNothingStored() {
  expect(await app.db.select({ id: schema.documents.id }).from(schema.documents)).toEqual([]);
  expect(await app.db.select({ id: schema.documentFiles.documentId }).from(schema.documentFiles)).toEqual([]);
  expect(await uploadedEvents(app)).toEqual([]);
}

describe("upload", () => {
  it("several files at once: each stored by its content type, with a thumbnail or a text layer, and announced", async () => {
    const { owner, ownerUser } = await householdOfTwo(app);
    const jpeg = await makeImage("jpeg", 1);
    const png = await makeImage("png", 2);
    const webp = await makeImage("webp", 3);
    const pdf = await makePdf({ pages: 2 });
    const res = await uploadFiles(owner, [
      { name: "jollibee.jpg", bytes: jpeg, type: "image/jpeg" },
      { name: "screenshot.png", bytes: png },
      // the browser's claim is ignored: the bytes say WebP
      { name: "gcash.bin", bytes: webp, type: "application/octet-stream" },
      { name: "bpi-nov.pdf", bytes: pdf, type: "application/pdf" },
    ]);
    expect(res.status, JSON.stringify(res.data)).toBe(201);
    const results = res.data.results;
    expect(results.map((r: { outcome: string }) => r.outcome)).toEqual([
      "created",
      "created",
      "created",
      "created",
    ]);
    expect(results.map((r: { document: { mediaType: string } }) => r.document.mediaType)).toEqual([
      "image/jpeg",
      "image/png",
      "image/webp",
      "application/pdf",
    ]);
    expect(results.map((r: { document: { kind: string } }) => r.document.kind)).toEqual([
      "receipt",
      "receipt",
      "receipt",
      "statement",
    ]);
    const [photo, , , statement] = results.map((r: { document: { id: string } }) => r.document);
    expect(statement.pageCount).toBe(2);
    expect(statement.status).toBe("uploaded");
    expect(photo.uploadedBy).toEqual({ id: ownerUser.id, name: OWNER.name });
    expect(photo.hasThumbnail).toBe(true);
    expect(await storedRoles(app, photo.id)).toEqual(["original", "thumbnail"]);
    expect(await storedRoles(app, statement.id)).toEqual(["original", "text_layer"]);

    const events = await uploadedEvents(app);
    expect(events).toHaveLength(4);
    expect(events.map((e) => e.data)).toContainEqual({
      householdId: ownerUser.householdId,
      documentId: statement.id,
      uploadedBy: ownerUser.id,
      kind: "statement",
      mediaType: "application/pdf",
      attempt: 1,
    });

    const file = await owner.request(`/api/documents/${photo.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/jpeg");
    expect(file.headers.get("content-disposition")).toContain('inline; filename="jollibee.jpg"');
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(file.headers.get("cache-control")).toBe("private, max-age=3600");
    const pdfFile = await owner.request(`/api/documents/${statement.id}/file`);
    expect(pdfFile.headers.get("content-disposition")).toContain("attachment;");
    const thumb = await owner.request(`/api/documents/${photo.id}/thumbnail`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/jpeg");
    expect((await owner.request(`/api/documents/${statement.id}/thumbnail`)).status).toBe(404);
  });

  it("kind can be chosen (a PDF e-receipt)", async () => {
    const { owner } = await householdOfTwo(app);
    const res = await uploadFiles(owner, [{ name: "e-receipt.pdf", bytes: await makePdf() }], {
      kind: "receipt",
    });
    expect(res.status).toBe(201);
    expect(res.data.results[0].document.kind).toBe("receipt");
  });

  it("an iPhone HEIC photo is stored as image/heic with an upright JPEG thumbnail", async () => {
    // functions/documents/fixtures/receipt.heic: 96×64, made with libheif's heif-enc (HEVC) from a PNG
    const { owner } = await householdOfTwo(app);
    const res = await uploadFiles(owner, [{ name: "IMG_0042.HEIC", bytes: fixture("receipt.heic") }]);
    expect(res.status, JSON.stringify(res.data)).toBe(201);
    const doc = res.data.results[0].document;
    expect(doc.mediaType).toBe("image/heic");
    expect(doc.kind).toBe("receipt");
    const thumb = await owner.request(`/api/documents/${doc.id}/thumbnail`);
    expect(thumb.status).toBe(200);
    const bytes = await (
      await app.fetch(
        new Request(`http://localhost/api/documents/${doc.id}/thumbnail`, {
          headers: { cookie: [...owner.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
        }),
      )
    ).arrayBuffer();
    const meta = await sharp(new Uint8Array(bytes)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 96, 64]);
  });

  it("the thumbnail of a photo taken sideways (EXIF orientation 6) is upright", async () => {
    const { owner } = await householdOfTwo(app);
    const sideways = await makeImage("jpeg", 9, { width: 120, height: 80, orientation: 6 });
    const res = await uploadFiles(owner, [{ name: "sideways.jpg", bytes: sideways }]);
    expect(res.status).toBe(201);
    const [file] = await app.db
      .select({ bytes: schema.documentFiles.bytes })
      .from(schema.documentFiles)
      .where(eq(schema.documentFiles.role, "thumbnail"));
    const meta = await sharp(file!.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([80, 120]);
  });

  it("the same file twice points to the first upload and stores nothing new", async () => {
    const { owner, partner } = await householdOfTwo(app);
    const jpeg = await makeImage("jpeg", 4);
    const first = await uploadFiles(owner, [{ name: "receipt.jpg", bytes: jpeg }]);
    expect(first.status).toBe(201);
    // the partner uploads the same photo under another name: the household already has it
    const again = await uploadFiles(partner, [{ name: "copy of receipt.jpg", bytes: jpeg }]);
    expect(again.status).toBe(200);
    expect(again.data.results[0]).toMatchObject({
      fileName: "copy of receipt.jpg",
      outcome: "duplicate",
      document: { id: first.data.results[0].document.id, fileName: "receipt.jpg" },
    });
    expect(await app.db.select({ id: schema.documents.id }).from(schema.documents)).toHaveLength(1);
    expect(await uploadedEvents(app)).toHaveLength(1);
    // twice in one request too
    const both = await uploadFiles(owner, [
      { name: "a.png", bytes: await makeImage("png", 5) },
      { name: "b.png", bytes: await makeImage("png", 5) },
    ]);
    expect(both.status).toBe(201);
    expect(both.data.results.map((r: { outcome: string }) => r.outcome)).toEqual(["created", "duplicate"]);
  });

  describe("bad input: a clear 4xx naming the file, nothing stored", () => {
    it("an empty file", async () => {
      const { owner } = await householdOfTwo(app);
      const res = await uploadFiles(owner, [{ name: "empty.jpg", bytes: new Uint8Array() }]);
      expect(res.status).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.data.detail).toBe("“empty.jpg” is empty (0 bytes). Choose the photo or PDF again.");
      await expectNothingStored();
    });

    it("a .exe renamed .jpg", async () => {
      const { owner } = await householdOfTwo(app);
      const exe = new Uint8Array(4096);
      exe.set(new TextEncoder().encode("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"));
      exe.set(new TextEncoder().encode("This program cannot be run in DOS mode."), 78);
      exe.set([0x50, 0x45, 0, 0], 128);
      new DataView(exe.buffer).setUint32(60, 128, true);
      const res = await uploadFiles(owner, [{ name: "receipt.jpg", bytes: exe, type: "image/jpeg" }]);
      expect(res.status).toBe(415);
      expect(res.data.detail).toContain("“receipt.jpg” is not a photo (JPEG, PNG, WebP, HEIC) or a PDF");
      await expectNothingStored();
    });

    it("a truncated PDF is 422 unreadable", async () => {
      const { owner } = await householdOfTwo(app);
      const pdf = await makePdf({ pages: 3 });
      const res = await uploadFiles(owner, [{ name: "cut.pdf", bytes: pdf.slice(0, 400) }]);
      expect(res.status, JSON.stringify(res.data)).toBe(422);
      expect(res.data.type).toBe("https://fintrack.ph/problems/unreadable");
      expect(res.data.detail).toContain("“cut.pdf” is not a PDF that can be opened");
      await expectNothingStored();
    });

    it("a truncated JPEG is 422 unreadable", async () => {
      const { owner } = await householdOfTwo(app);
      const jpeg = await makeImage("jpeg", 6, { width: 800, height: 600 });
      const res = await uploadFiles(owner, [{ name: "cut.jpg", bytes: jpeg.slice(0, 300) }]);
      expect(res.status).toBe(422);
      expect(res.data.type).toBe("https://fintrack.ph/problems/unreadable");
      await expectNothingStored();
    });

    it("a file over 15 MB is 413 naming the limit; a 50 MB upload is 413 before it is read", async () => {
      const { owner } = await householdOfTwo(app);
      const big = new Uint8Array(16 * 1024 * 1024);
      big.set(await makeImage("png", 7));
      const res = await uploadFiles(owner, [{ name: "huge.png", bytes: big }]);
      expect(res.status).toBe(413);
      expect(res.data.detail).toBe("“huge.png” is 16 MB; each file may be at most 15 MB.");
      const huge = await uploadFiles(owner, [{ name: "movie.png", bytes: new Uint8Array(50 * 1024 * 1024) }]);
      expect(huge.status).toBe(413);
      expect(huge.data.detail).toBe("The request body is larger than allowed (at most 41 MB).");
      await expectNothingStored();
    });

    it("no file at all is 400; a bad kind is 400", async () => {
      const { owner } = await householdOfTwo(app);
      const none = await owner.request("/api/documents", { method: "POST", body: new FormData() });
      expect(none.status).toBe(400);
      const kind = await uploadFiles(owner, [{ name: "a.png", bytes: await makeImage("png") }], {
        kind: "invoice",
      });
      expect(kind.status).toBe(400);
      await expectNothingStored();
    });

    it("several files, none stored: one problem listing each file's reason; more than 10 files is 400", async () => {
      const { owner } = await householdOfTwo(app);
      const res = await uploadFiles(owner, [
        { name: "empty.jpg", bytes: new Uint8Array() },
        { name: "notes.txt", bytes: new TextEncoder().encode("not a receipt") },
      ]);
      expect(res.status).toBe(422);
      expect(res.data.title).toBe("No file stored");
      expect(res.data.errors).toEqual([
        { path: "files.0", message: "“empty.jpg” is empty (0 bytes). Choose the photo or PDF again." },
        {
          path: "files.1",
          message: "“notes.txt” is not a photo (JPEG, PNG, WebP, HEIC) or a PDF, whatever its name says.",
        },
      ]);
      const png = await makeImage("png", 50);
      const many = await uploadFiles(
        owner,
        Array.from({ length: 11 }, (_, i) => ({ name: `p${i}.png`, bytes: png })),
      );
      expect(many.status).toBe(400);
      await expectNothingStored();
    });

    it("in a mixed upload the good files are stored and each bad one says why", async () => {
      const { owner } = await householdOfTwo(app);
      const res = await uploadFiles(owner, [
        { name: "ok.png", bytes: await makeImage("png", 8) },
        { name: "notes.txt", bytes: new TextEncoder().encode("hello, not a receipt") },
      ]);
      expect(res.status).toBe(201);
      expect(res.data.results[1]).toMatchObject({
        fileName: "notes.txt",
        outcome: "error",
        error: { status: 415 },
      });
      expect(await app.db.select({ id: schema.documents.id }).from(schema.documents)).toHaveLength(1);
    });
  });
});

describe("history, detail, re-run, delete", () => {
  it("a transaction links to a document of the household, on create and on edit", async () => {
    const { owner, partner } = await householdOfTwo(app);
    const up = await uploadFiles(owner, [{ name: "r.png", bytes: await makeImage("png", 40) }]);
    const id = up.data.results[0].document.id;
    const account = await owner.post("/api/accounts", { name: "Cash", kind: "cash" });
    const body = { type: "expense", date: "2026-03-02", amount: "99.00", accountId: account.data.id };
    const unknown = await owner.post("/api/transactions", {
      ...body,
      documentId: "0190b7a4-0000-7000-8000-000000000000",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.data.errors).toEqual([{ path: "documentId", message: "No such document" }]);
    const plain = await owner.post("/api/transactions", body);
    expect(plain.data.documentId).toBeNull();
    const linked = await owner.request(`/api/transactions/${plain.data.id}`, {
      method: "PATCH",
      json: { documentId: id },
    });
    expect(linked.status, JSON.stringify(linked.data)).toBe(200);
    expect(linked.data.documentId).toBe(id);
    // an edit of something else keeps the link
    const renamed = await owner.request(`/api/transactions/${plain.data.id}`, {
      method: "PATCH",
      json: { merchant: "7-Eleven" },
    });
    expect(renamed.data.documentId).toBe(id);
    const detail = await partner.get(`/api/documents/${id}`);
    expect(detail.data.transactions.map((t: { id: string }) => t.id)).toEqual([plain.data.id]);
    const unlinked = await owner.request(`/api/transactions/${plain.data.id}`, {
      method: "PATCH",
      json: { documentId: null },
    });
    expect(unlinked.data.documentId).toBeNull();
  });

  it("a document lists only the transactions the member can see (private accounts stay private)", async () => {
    const { owner, partner } = await householdOfTwo(app);
    const up = await uploadFiles(owner, [{ name: "r.png", bytes: await makeImage("png", 41) }]);
    const id = up.data.results[0].document.id;
    const shared = await owner.post("/api/accounts", { name: "Cash", kind: "cash" });
    const mine = await owner.post("/api/accounts", {
      name: "Ana's Maya",
      kind: "ewallet",
      visibility: "private",
    });
    expect(mine.status, JSON.stringify(mine.data)).toBe(201);
    const body = { type: "expense", date: "2026-03-03", amount: "50.00", documentId: id };
    expect((await owner.post("/api/transactions", { ...body, accountId: shared.data.id })).status).toBe(201);
    expect((await owner.post("/api/transactions", { ...body, accountId: mine.data.id })).status).toBe(201);
    expect((await owner.get(`/api/documents/${id}`)).data.transactions).toHaveLength(2);
    const seen = (await partner.get(`/api/documents/${id}`)).data.transactions;
    expect(seen.map((t: { accountId: string }) => t.accountId)).toEqual([shared.data.id]);
  });

  it("both members see every household document, filtered and paged", async () => {
    const { owner, partner, ownerUser, partnerUser } = await householdOfTwo(app);
    for (let i = 0; i < 3; i++) {
      expect(
        (await uploadFiles(owner, [{ name: `r${i}.png`, bytes: await makeImage("png", 10 + i) }])).status,
      ).toBe(201);
    }
    expect((await uploadFiles(partner, [{ name: "stmt.pdf", bytes: await makePdf() }])).status).toBe(201);

    const all = await partner.get("/api/documents");
    expect(all.status).toBe(200);
    expect(all.data.items.map((d: { fileName: string }) => d.fileName)).toEqual([
      "stmt.pdf",
      "r2.png",
      "r1.png",
      "r0.png",
    ]);
    expect(all.data.items.map((d: { canDelete: boolean }) => d.canDelete)).toEqual([
      true,
      false,
      false,
      false,
    ]);

    const page1 = await owner.get("/api/documents?limit=2&kind=receipt");
    expect(page1.data.items.map((d: { fileName: string }) => d.fileName)).toEqual(["r2.png", "r1.png"]);
    const page2 = await owner.get(`/api/documents?limit=2&kind=receipt&cursor=${page1.data.nextCursor}`);
    expect(page2.data.items.map((d: { fileName: string }) => d.fileName)).toEqual(["r0.png"]);
    expect(page2.data.nextCursor).toBeNull();

    const byPartner = await owner.get(`/api/documents?uploadedBy=${partnerUser.id}`);
    expect(byPartner.data.items.map((d: { fileName: string }) => d.fileName)).toEqual(["stmt.pdf"]);
    expect(
      (await owner.get(`/api/documents?uploadedBy=${ownerUser.id}&status=uploaded`)).data.items,
    ).toHaveLength(3);
    expect((await owner.get("/api/documents?status=failed")).data.items).toHaveLength(0);
    const today = new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Manila" });
    expect((await owner.get(`/api/documents?from=${today}&to=${today}`)).data.items).toHaveLength(4);
    expect((await owner.get("/api/documents?to=2020-01-01")).data.items).toHaveLength(0);

    expect((await owner.get("/api/documents?cursor=bm90LWEtY3Vyc29y")).status).toBe(400);
    expect((await owner.get("/api/documents?from=2026-02-30")).status).toBe(400);

    // no such document (FinTrack has one household; every query is scoped to it all the same)
    const missing = "0190b7a4-0000-7000-8000-000000000000";
    expect((await owner.get(`/api/documents/${missing}`)).status).toBe(404);
    expect((await owner.get(`/api/documents/${missing}/file`)).status).toBe(404);
    expect((await owner.post(`/api/documents/${missing}/extract`)).status).toBe(404);
    expect((await owner.delete(`/api/documents/${missing}`)).status).toBe(404);
    expect((await owner.get("/api/documents/not-a-uuid")).status).toBe(400);
  });

  it("extract again: attempt + 1, status uploaded, announced again; anyone in the household may", async () => {
    const { owner, partner } = await householdOfTwo(app);
    const up = await uploadFiles(owner, [{ name: "r.png", bytes: await makeImage("png", 20) }]);
    const id = up.data.results[0].document.id;
    await app.db
      .update(schema.documents)
      .set({
        status: "failed",
        failureCode: "blurry",
        failureReason: "The photo is too blurry to read the total.",
      })
      .where(eq(schema.documents.id, id));
    const detail = await partner.get(`/api/documents/${id}`);
    expect(detail.data).toMatchObject({
      status: "failed",
      failureReason: "The photo is too blurry to read the total.",
    });
    const again = await partner.post(`/api/documents/${id}/extract`);
    expect(again.status).toBe(202);
    expect(again.data).toMatchObject({
      status: "uploaded",
      attempt: 2,
      failureReason: null,
      failureCode: null,
    });
    expect((await uploadedEvents(app)).map((e) => (e.data as { attempt: number }).attempt)).toEqual([1, 2]);
  });

  it("only the uploader or the owner deletes; the transactions recorded from it stay, unlinked", async () => {
    const { owner, partner, ownerUser } = await householdOfTwo(app);
    const up = await uploadFiles(owner, [{ name: "r.png", bytes: await makeImage("png", 30) }]);
    const id = up.data.results[0].document.id;
    const account = await owner.post("/api/accounts", { name: "Cash", kind: "cash" });
    const tx = await owner.post("/api/transactions", {
      type: "expense",
      date: "2026-03-01",
      amount: "123.45",
      accountId: account.data.id,
      merchant: "Jollibee",
      documentId: id,
    });
    expect(tx.status, JSON.stringify(tx.data)).toBe(201);
    expect(tx.data.documentId).toBe(id);
    await app.db.update(schema.documents).set({ status: "confirmed" }).where(eq(schema.documents.id, id));

    const detail = await partner.get(`/api/documents/${id}`);
    expect(detail.data.transactions).toEqual([
      {
        id: tx.data.id,
        date: "2026-03-01",
        type: "expense",
        amountCentavos: "12345",
        merchant: "Jollibee",
        accountId: account.data.id,
      },
    ]);

    const refused = await partner.delete(`/api/documents/${id}`);
    expect(refused.status).toBe(403);
    expect((await owner.delete(`/api/documents/${id}`)).status).toBe(204);
    expect((await owner.get(`/api/documents/${id}`)).status).toBe(404);
    expect(await app.db.select().from(schema.documentFiles)).toEqual([]);
    const [kept] = await app.db
      .select()
      .from(schema.transactions)
      .where(eq(schema.transactions.id, tx.data.id));
    expect(kept).toMatchObject({
      documentId: null,
      deletedAt: null,
      createdBy: ownerUser.id,
      merchant: "Jollibee",
    });

    // the owner may delete the partner's upload too
    const theirs = await uploadFiles(partner, [{ name: "p.png", bytes: await makeImage("png", 31) }]);
    expect((await owner.delete(`/api/documents/${theirs.data.results[0].document.id}`)).status).toBe(204);
  });
});
