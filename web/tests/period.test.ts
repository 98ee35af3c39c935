import { describe, expect, it } from "vitest";
import { isCurrent, monthRange, periodParams, readPeriod, shiftMonth, shiftPeriod } from "../src/lib/period";

const NOW = new Date("2026-11-28T20:00:00Z"); // already Nov 29 in Manila

describe("dashboard period", () => {
  it("reads a month or a year from the URL and falls back to this month in Manila", () => {
    expect(readPeriod({ month: "2025-03" }, NOW)).toEqual({ kind: "month", month: "2025-03" });
    expect(readPeriod({ year: "2025" }, NOW)).toEqual({ kind: "year", year: 2025 });
    expect(readPeriod({ month: "2025-13" }, NOW)).toEqual({ kind: "month", month: "2026-11" });
    expect(readPeriod({ year: "20x5" }, NOW)).toEqual({ kind: "month", month: "2026-11" });
    expect(readPeriod({}, NOW)).toEqual({ kind: "month", month: "2026-11" });
  });

  it("steps across year ends", () => {
    expect(shiftMonth("2025-01", -1)).toBe("2024-12");
    expect(shiftMonth("2025-12", 1)).toBe("2026-01");
    expect(shiftMonth("2025-03", -15)).toBe("2023-12");
    expect(shiftPeriod({ kind: "year", year: 2025 }, -1)).toEqual({ kind: "year", year: 2024 });
  });

  it("keeps this month out of the URL", () => {
    expect(periodParams({ kind: "month", month: "2026-11" }, NOW)).toEqual({
      month: undefined,
      year: undefined,
    });
    expect(periodParams({ kind: "month", month: "2025-02" }, NOW)).toEqual({
      month: "2025-02",
      year: undefined,
    });
    expect(isCurrent({ kind: "year", year: 2026 }, NOW)).toBe(true);
  });

  it("knows each month's last day, leap years included", () => {
    expect(monthRange("2024-02")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(monthRange("2025-02")).toEqual({ from: "2025-02-01", to: "2025-02-28" });
    expect(monthRange("2025-12")).toEqual({ from: "2025-12-01", to: "2025-12-31" });
  });
});
