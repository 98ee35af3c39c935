import { execFileSync } from "node:child_process";
import { schema } from "@fintrack/db";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../testing";
import { importingHousehold } from "./test-helpers";

const app = useTestApp();

// Python's csv module is an independent, strict RFC 4180 reader: it counts records the way
// spreadsheets and pandas do, so a bare line feed inside an unquoted field shows up here.
const PY_READ = `import csv, json, sys
text = sys.stdin.buffer.read().decode("utf-8-sig")
print(json.dumps(list(csv.reader(__import__("io").StringIO(text, newline="")))))`;

const NOTES = [
  "line one\nline two",
  "windows\r\nline",
  "lone\rcarriage",
  'say "hi"',
  "comma, inside",
  "=SUM(A1:A2)",
  "trailing newline\n",
  "plain",
];

describe("CSV export validity", () => {
  it("is RFC 4180: every reader sees one record per transaction and the same fields", async () => {
    const h = await importingHousehold(app);
    for (const [i, notes] of NOTES.entries()) {
      await app.db.insert(schema.transactions).values({
        householdId: h.householdId,
        createdBy: h.ownerUser.id,
        type: "expense",
        date: `2024-11-${String(i + 10).padStart(2, "0")}`,
        amountCentavos: 100n + BigInt(i),
        accountId: h.accounts.bpi,
        notes,
      });
    }
    const res = await h.owner.get("/api/imports/export.csv");
    expect(res.status).toBe(200);
    const csv = (res.data as string).replace(/^\ufeff/, "");

    // one line ending everywhere outside quoted fields: no bare LF or CR ends a record
    const py = JSON.parse(execFileSync("python3", ["-c", PY_READ], { input: csv }).toString()) as string[][];
    const papa = Papa.parse<string[]>(csv, { newline: "\r\n", skipEmptyLines: false });
    const rows = papa.data.filter((r) => !(r.length === 1 && r[0] === ""));
    expect(papa.errors).toEqual([]);
    expect(py).toHaveLength(NOTES.length + 1);
    expect(rows).toEqual(py);

    const notesCol = py[0]!.indexOf("Notes");
    const exported = py.slice(1).map((r) => r[notesCol]);
    // formula cells stay neutralised with a leading quote (docs/security.md)
    expect(exported).toEqual(NOTES.map((n) => (n.startsWith("=") ? `'${n}` : n)));
    // records end in CRLF only
    expect(csv.endsWith("\r\n")).toBe(true);
    const unquoted = csv.replace(/"(?:[^"]|"")*"/g, "");
    expect(unquoted.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });
});
