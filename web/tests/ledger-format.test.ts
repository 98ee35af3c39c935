import { describe, expect, it } from "vitest";
import { addDays, daysUntil, formatDay, todayInManila } from "../src/lib/dates";
import { middleTruncate } from "../src/lib/format";
import { centavosToInput, formatSignedPeso, parsePesos } from "../src/lib/money";

const plain = (text: string) => text.replace(/\s/g, " ");

describe("parsePesos (what people type into amount fields)", () => {
  it("reads pesos with grouping, a peso sign and up to two decimals exactly", () => {
    expect(parsePesos("1,234.50")).toBe(123450n);
    expect(parsePesos("₱99")).toBe(9900n);
    expect(parsePesos("12.5")).toBe(1250n);
    expect(parsePesos(" 0.01 ")).toBe(1n);
    expect(parsePesos("90071992547409.93")).toBeNull(); // more digits than any household amount
  });

  it("refuses what is not an amount instead of guessing", () => {
    expect(parsePesos("")).toBeNull();
    expect(parsePesos("abc")).toBeNull();
    expect(parsePesos("1.234")).toBeNull();
    expect(parsePesos("-5")).toBeNull();
  });

  it("round-trips centavos into an editable amount", () => {
    expect(centavosToInput("123450")).toBe("1234.50");
    expect(centavosToInput(5n)).toBe("0.05");
    expect(parsePesos(centavosToInput("987654321"))).toBe(987654321n);
  });

  it("signs list amounts with a real minus sign", () => {
    expect(plain(formatSignedPeso("25075", "-"))).toBe("−₱250.75");
    expect(plain(formatSignedPeso("-25075", "+"))).toBe("+₱250.75");
    expect(plain(formatSignedPeso("100000", ""))).toBe("₱1,000.00");
  });
});

describe("Manila calendar dates", () => {
  it("takes today's date in Manila, whatever the device's time zone", () => {
    // 16:30 UTC on Nov 24 is already Nov 25 in Manila (UTC+8)
    expect(todayInManila(new Date("2026-11-24T16:30:00Z"))).toBe("2026-11-25");
  });

  it("labels days the way a list reads them", () => {
    expect(formatDay("2026-11-25", "2026-11-25")).toBe("Today");
    expect(formatDay("2026-11-24", "2026-11-25")).toBe("Yesterday");
    expect(formatDay("2026-11-02", "2026-11-25")).toMatch(/Mon.*Nov.*2/);
    expect(formatDay("2025-12-31", "2026-11-25")).toMatch(/2025/);
  });

  it("counts days across month ends", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(daysUntil("2026-12-01", "2026-11-25")).toBe(6);
  });
});

describe("middleTruncate", () => {
  it("keeps short names and shortens long ones in the middle, keeping both ends", () => {
    expect(middleTruncate("Expenses 2026.csv")).toBe("Expenses 2026.csv");
    const a = middleTruncate("Household ledger export from Notion 2025 (1).csv", 30);
    const b = middleTruncate("Household ledger export from Notion 2025 (2).csv", 30);
    expect([...a]).toHaveLength(30);
    expect(a).not.toBe(b);
    expect(a.startsWith("Household")).toBe(true);
    expect(a.endsWith("(1).csv")).toBe(true);
    expect(a).toContain("…");
  });
});
