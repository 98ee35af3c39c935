import { rows, schema } from "@fintrack/db";
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../lib/logger";
import { householdOfTwo, useTestApp } from "../testing";
import { makePdf, storedRoles, uploadedEvents, uploadFiles } from "./test-helpers";

/** Every line any function or the gateway logs, at the most talkative level. */
const logLines: string[] = [];
const log = createLogger("trace", "fintrack", { write: (line: string) => void logLines.push(line) });
const app = useTestApp("per test", { log });
beforeEach(() => {
  logLines.length = 0;
});

/** Philippine card statements: the card's last digits and the birth date. */
const PASSWORD = "4417-19880915";
const STATEMENT = ["BPI CREDIT CARD STATEMENT", "Total Amount Due 12,345.67", "Minimum Amount Due 850.00"];

const hex = (text: string) => Buffer.from(text, "utf8").toString("hex");

/** Every row of every table as text (bytea as hex), and every stored text layer decoded. */
async function everythingStored(): Promise<string[]> {
  const tables = await rows<{ name: string }>(
    app.db,
    sql`SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  expect(tables.map((t) => t.name)).toEqual(
    expect.arrayContaining(["documents", "document_files", "outbox"]),
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const all = await rows<{ row: string }>(
      app.db,
      sql`SELECT t::text AS row FROM ${sql.identifier(name)} t`,
    );
    found.push(...all.map((r) => `${name}: ${r.row}`));
  }
  const layers = await app.db
    .select({ bytes: schema.documentFiles.bytes })
    .from(schema.documentFiles)
    .where(eq(schema.documentFiles.role, "text_layer"));
  found.push(...layers.map((l) => `text layer: ${Buffer.from(l.bytes).toString("utf8")}`));
  return found;
}

describe("password-protected statements", () => {
  it("the password never reaches a table, a log line, an event or an answer", async () => {
    const { owner } = await householdOfTwo(app);
    const answers: string[] = [];
    const keep = <R extends { data: unknown }>(res: R) => {
      answers.push(JSON.stringify(res.data));
      return res;
    };
    // one step: uploaded with its password (after one wrong try)
    const pdf = await makePdf({ userPassword: PASSWORD, lines: STATEMENT, pages: 2 });
    const wrong = keep(
      await uploadFiles(owner, [{ name: "bpi-nov.pdf", bytes: pdf }], { password: `${PASSWORD}0` }),
    );
    expect(wrong.status).toBe(422);
    const res = keep(await uploadFiles(owner, [{ name: "bpi-nov.pdf", bytes: pdf }], { password: PASSWORD }));
    expect(res.status, JSON.stringify(res.data)).toBe(201);
    const doc = res.data.results[0].document;
    expect(doc).toMatchObject({ status: "uploaded", kind: "statement", pageCount: 2 });
    expect(res.data.results[0].needsPassword).toBe(false);
    expect(await storedRoles(app, doc.id)).toEqual(["original", "text_layer"]);

    // two steps: stored without it, then unlocked
    const later = await makePdf({ userPassword: PASSWORD, lines: [...STATEMENT, "December"] });
    const stored = keep(await uploadFiles(owner, [{ name: "bpi-dec.pdf", bytes: later }]));
    const laterId = stored.data.results[0].document.id;
    keep(await owner.post(`/api/documents/${laterId}/unlock`, { password: "wrong" }));
    expect(keep(await owner.post(`/api/documents/${laterId}/unlock`, { password: PASSWORD })).status).toBe(
      200,
    );

    // the text layer is what extraction reads: it holds the statement, not the password
    const [layer] = await app.db
      .select({ bytes: schema.documentFiles.bytes })
      .from(schema.documentFiles)
      .where(eq(schema.documentFiles.documentId, doc.id));
    expect(layer).toBeDefined();
    const stored2 = await everythingStored();
    expect(stored2.join("\n")).toContain("Total Amount Due 12,345.67");

    for (const needle of [PASSWORD, hex(PASSWORD), PASSWORD.replace("-", "")]) {
      expect(stored2.filter((r) => r.includes(needle))).toEqual([]);
      expect(logLines.filter((l) => l.includes(needle))).toEqual([]);
      expect(answers.filter((a) => a.includes(needle))).toEqual([]);
    }
    const events = await uploadedEvents(app);
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
    // the requests were logged (so the search above had something to search)
    expect(logLines.some((l) => l.includes('"path":"/api/documents"'))).toBe(true);
  });

  it("uploaded without its password: kept as needs_password, announced only once unlocked", async () => {
    const { owner, partner } = await householdOfTwo(app);
    const pdf = await makePdf({ userPassword: PASSWORD, lines: STATEMENT });
    const res = await uploadFiles(owner, [{ name: "metrobank.pdf", bytes: pdf }]);
    expect(res.status).toBe(201);
    expect(res.data.results[0]).toMatchObject({
      outcome: "created",
      needsPassword: true,
      document: { status: "needs_password", pageCount: null },
    });
    const id = res.data.results[0].document.id;
    expect(await storedRoles(app, id)).toEqual(["original"]);
    expect(await uploadedEvents(app)).toEqual([]);
    expect((await owner.post(`/api/documents/${id}/extract`)).status).toBe(409);

    const wrong = await partner.post(`/api/documents/${id}/unlock`, { password: "1234" });
    expect(wrong.status).toBe(422);
    expect(wrong.data).toMatchObject({
      type: "https://fintrack.ph/problems/wrong_password",
      detail: "That password does not open “metrobank.pdf”. Check it and try again.",
    });
    // the partner (anyone in the household) may unlock it
    const unlocked = await partner.post(`/api/documents/${id}/unlock`, { password: PASSWORD });
    expect(unlocked.status).toBe(200);
    expect(unlocked.data).toMatchObject({ status: "uploaded", pageCount: 1 });
    expect(await storedRoles(app, id)).toEqual(["original", "text_layer"]);
    expect(await uploadedEvents(app)).toHaveLength(1);
    expect((await owner.post(`/api/documents/${id}/unlock`, { password: PASSWORD })).status).toBe(409);
    // the failures it recorded are gone once it opened
    expect(await app.db.select().from(schema.pdfPasswordFailures)).toEqual([]);
  });

  it("the same protected PDF uploaded again with its password unlocks the first upload", async () => {
    const { owner } = await householdOfTwo(app);
    const pdf = await makePdf({ userPassword: PASSWORD, lines: STATEMENT });
    const first = await uploadFiles(owner, [{ name: "rcbc.pdf", bytes: pdf }]);
    const again = await uploadFiles(owner, [{ name: "rcbc.pdf", bytes: pdf }], { password: PASSWORD });
    expect(again.status).toBe(200);
    expect(again.data.results[0]).toMatchObject({
      outcome: "duplicate",
      needsPassword: false,
      document: { id: first.data.results[0].document.id, status: "uploaded" },
    });
    expect(await uploadedEvents(app)).toHaveLength(1);
  });

  it("three wrong passwords: each a 422, then 429 even with the right one; nothing stored", async () => {
    const { owner } = await householdOfTwo(app);
    const pdf = await makePdf({ userPassword: PASSWORD, lines: STATEMENT });
    for (const guess of ["0000", "1988-09-15", "4417"]) {
      const res = await uploadFiles(owner, [{ name: "bdo.pdf", bytes: pdf }], { password: guess });
      expect(res.status).toBe(422);
      expect(res.data.type).toBe("https://fintrack.ph/problems/wrong_password");
      expect(res.data.errors).toEqual([
        { path: "password", message: "That password does not open this PDF" },
      ]);
    }
    const limited = await uploadFiles(owner, [{ name: "bdo.pdf", bytes: pdf }], { password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(500);
    expect(limited.data.detail).toContain("3 wrong passwords in a row for this PDF");
    expect(await app.db.select({ id: schema.documents.id }).from(schema.documents)).toEqual([]);
    expect(await app.db.select({ id: schema.documentFiles.documentId }).from(schema.documentFiles)).toEqual(
      [],
    );
    // what the limit keeps: the file's hash and when, never a guess
    const failures = await app.db.select().from(schema.pdfPasswordFailures);
    expect(failures).toHaveLength(3);
    expect(Object.keys(failures[0]!).sort()).toEqual(["failedAt", "householdId", "id", "sha256"]);

    // the window passes: the right password works again
    await app.db.update(schema.pdfPasswordFailures).set({ failedAt: sql`now() - interval '11 minutes'` });
    const ok = await uploadFiles(owner, [{ name: "bdo.pdf", bytes: pdf }], { password: PASSWORD });
    expect(ok.status).toBe(201);
  });

  it("the unlock route counts wrong tries the same way", async () => {
    const { owner } = await householdOfTwo(app);
    const pdf = await makePdf({ userPassword: PASSWORD, lines: STATEMENT });
    const id = (await uploadFiles(owner, [{ name: "ub.pdf", bytes: pdf }])).data.results[0].document.id;
    for (let i = 0; i < 3; i++) {
      expect((await owner.post(`/api/documents/${id}/unlock`, { password: `guess${i}` })).status).toBe(422);
    }
    expect((await owner.post(`/api/documents/${id}/unlock`, { password: PASSWORD })).status).toBe(429);
    expect((await owner.post(`/api/documents/${id}/unlock`, { password: "" })).status).toBe(400);
    expect((await owner.post(`/api/documents/${id}/unlock`, { password: "x".repeat(257) })).status).toBe(400);
  });
});
