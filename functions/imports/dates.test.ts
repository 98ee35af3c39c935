import { describe, expect, it } from "vitest";
import { detectDateOrder, parseDate } from "./dates";

describe("dates as spreadsheets and Notion write them", () => {
  it.each([
    ["November 3, 2024", "2024-11-03"],
    ["Nov 3, 2024", "2024-11-03"],
    ["november 03, 2024", "2024-11-03"],
    ["Sept 5, 2024", "2024-09-05"],
    ["3 November 2024", "2024-11-03"],
    ["November 3, 2024 2:30 PM", "2024-11-03"],
    ["November 3, 2024 → November 5, 2024", "2024-11-03"],
    ["2024-11-03", "2024-11-03"],
    ["2024-11-03T22:15:00+08:00", "2024-11-03"],
    ["2024/11/03", "2024-11-03"],
    ["11/03/2024", "2024-11-03"],
    ["11/3/24", "2024-11-03"],
  ])("reads %s", (text, date) => {
    expect(parseDate(text, "MDY")).toBe(date);
  });

  it("reads numeric dates in the chosen order", () => {
    expect(parseDate("03/11/2024", "MDY")).toBe("2024-03-11");
    expect(parseDate("03/11/2024", "DMY")).toBe("2024-11-03");
    expect(parseDate("31/12/2024", "MDY")).toBeNull();
  });

  it.each(["", "sometime in November", "Feb 30, 2024", "13/13/2024", "1234.50", "2024"])(
    "refuses %j",
    (text) => {
      expect(parseDate(text, "MDY")).toBeNull();
    },
  );

  it("tells the order of numeric dates from the whole column when a value settles it", () => {
    expect(detectDateOrder(["01/02/2024", "13/02/2024"])).toBe("DMY");
    expect(detectDateOrder(["01/02/2024", "01/13/2024"])).toBe("MDY");
    expect(detectDateOrder(["01/02/2024", "02/03/2024"])).toBeNull();
    expect(detectDateOrder(["2024/01/02"])).toBe("YMD");
    expect(detectDateOrder(["November 3, 2024"])).toBeNull();
  });
});
