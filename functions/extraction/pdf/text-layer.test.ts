import { describe, expect, it } from "vitest";
import { makePdf } from "../../documents/test-helpers";
import {
  PdfPasswordRequired,
  PdfUnreadable,
  PdfWrongPassword,
  readTextLayer,
  type TextLayer,
} from "./text-layer";

function pageOf(layer: TextLayer, n: number) {
  const page = layer.pages[n];
  if (!page) throw new Error(`no page ${n}`);
  return page;
}

describe("readTextLayer", () => {
  it("reads each page's text with positions, top to bottom", async () => {
    const pdf = await makePdf({
      pages: [["STATEMENT OF ACCOUNT", "Total Amount Due 1,234.56"], ["Page two"]],
    });
    const layer = await readTextLayer(pdf);
    expect(layer.pages).toHaveLength(2);
    const first = pageOf(layer, 0);
    const texts = first.items.map((i) => i.str).join("|");
    expect(texts).toContain("STATEMENT OF ACCOUNT");
    expect(texts).toContain("1,234.56");
    const title = first.items.find((i) => i.str.includes("STATEMENT"));
    const total = first.items.find((i) => i.str.includes("1,234.56"));
    expect(title?.y).toBeLessThan(total?.y ?? 0);
    expect(title?.x).toBeCloseTo(50, 0);
    expect(
      pageOf(layer, 1)
        .items.map((i) => i.str)
        .join(" "),
    ).toContain("Page two");
  });

  it("asks for the password of an encrypted PDF, refuses a wrong one and opens with the right one", async () => {
    const pdf = await makePdf({ userPassword: "1234-0101", pages: [["SECRET BALANCE 9,999.00"]] });
    await expect(readTextLayer(pdf)).rejects.toBeInstanceOf(PdfPasswordRequired);
    await expect(readTextLayer(pdf, { password: "wrong" })).rejects.toBeInstanceOf(PdfWrongPassword);
    const layer = await readTextLayer(pdf, { password: "1234-0101" });
    expect(
      pageOf(layer, 0)
        .items.map((i) => i.str)
        .join(" "),
    ).toContain("9,999.00");
  });

  it("reports a truncated PDF as unreadable", async () => {
    const pdf = await makePdf({ pages: [["hello"]] });
    await expect(readTextLayer(pdf.slice(0, 200))).rejects.toBeInstanceOf(PdfUnreadable);
  });
});
