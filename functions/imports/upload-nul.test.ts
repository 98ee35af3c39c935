import { schema } from "@fintrack/db";
import { describe, expect, it } from "vitest";
import { useTestApp } from "../testing";
import { FINTRACK_COLUMNS } from "./fintrack-format";
import { fixture, importingHousehold, upload } from "./test-helpers";

const app = useTestApp();

/** A real file of each source, long enough that one NUL is far below the "binary file" threshold. */
function fileOf(source: "notion" | "csv" | "fintrack"): string {
  if (source === "notion") return fixture("notion-expenses.csv").toString("utf8");
  if (source === "csv") return fixture("bank-statement.csv").toString("utf8");
  const header = Object.values(FINTRACK_COLUMNS).join(",");
  const row = "2026-01-05,Expense,120.00,GCash,,Food & Dining,Jollibee,lunch,,,,";
  return [header, row, row.replace("Jollibee", "Mang Inasal")].join("\r\n");
}

const withNulInMiddle = (text: string) => {
  const padded = text.length > 2000 ? text : `${text}\n${"2026-01-09,1.00,padding\n".repeat(120)}`;
  const at = padded.indexOf("\n", padded.indexOf("\n") + 1) + 3; // inside the second data row
  return padded.slice(0, at) + "\u0000" + padded.slice(at);
};

describe("uploads with a NUL character", () => {
  it.each(["notion", "csv", "fintrack"] as const)(
    "a %s file with one NUL byte is a 422, nothing stored",
    async (source) => {
      const { owner } = await importingHousehold(app);
      const text = withNulInMiddle(fileOf(source));
      expect([...text].filter((ch) => ch === "\u0000")).toHaveLength(1);

      for (const bytes of [
        new TextEncoder().encode(text),
        // not UTF-8 (a lone 0xE9, é in Windows-1252): read through the legacy decoder instead
        Uint8Array.from([...new TextEncoder().encode(text), 0xe9]),
      ]) {
        const res = await upload(owner, bytes, { source });
        expect(res.status).toBe(422);
        expect(res.headers.get("content-type")).toContain("application/problem+json");
        expect(res.data.detail).toMatch(/NUL character .*line 3/);
      }
      expect(await app.db.select({ id: schema.importBatches.id }).from(schema.importBatches)).toEqual([]);
    },
  );

  it("a NUL in the file's name is dropped from the name, and the file is read", async () => {
    const { owner } = await importingHousehold(app);
    const res = await upload(owner, fileOf("csv"), { filename: "bpi\u0000nov.csv" });
    expect(res.status).toBe(201);
    expect(res.data.filename).toBe("bpinov.csv");
  });
});
