import { describe, expect, it } from "vitest";
import { formatPeso, toCentavos } from "../src/lib/money";

// Intl puts a no-break space in some locales; compare on plain text
const plain = (text: string) => text.replace(/\s/g, " ");

describe("formatPeso", () => {
  it("formats centavos as pesos with the peso sign and grouping", () => {
    expect(plain(formatPeso(123456))).toBe("₱1,234.56");
    expect(plain(formatPeso(5))).toBe("₱0.05");
    expect(plain(formatPeso(0))).toBe("₱0.00");
  });

  it("accepts bigint and integer strings as the database returns them", () => {
    expect(plain(formatPeso(100n))).toBe("₱1.00");
    expect(plain(formatPeso("250075"))).toBe("₱2,500.75");
  });

  it("keeps every centavo of amounts beyond float precision", () => {
    expect(plain(formatPeso(9007199254740993n))).toBe("₱90,071,992,547,409.93");
  });

  it("shows negative amounts with a minus sign", () => {
    expect(plain(formatPeso(-1999))).toBe("−₱19.99");
  });

  it("refuses fractional centavos instead of rounding money silently", () => {
    expect(() => toCentavos(10.5)).toThrow(RangeError);
    expect(() => toCentavos("12.30")).toThrow(RangeError);
  });
});
