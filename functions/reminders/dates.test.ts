import { describe, expect, it } from "vitest";
import {
  addDays,
  billDueDates,
  cardCycles,
  cardDueAfter,
  clampedDay,
  DEFAULT_OFFSETS,
  daysBetween,
  manilaDate,
  pickReminder,
  scheduleOf,
  tickWindow,
} from "./dates";

const monthly = (dueDay: number, startDate = "2020-01-01") => ({
  dueDay,
  intervalMonths: 1,
  anchorMonth: "2020-01-01",
  startDate,
});
const never = () => false;
const schedule = scheduleOf(DEFAULT_OFFSETS);

describe("calendar rules", () => {
  it("clamps a due day to the month's last day: 31 → 30 April, 28 Feb, 29 Feb in a leap year", () => {
    expect(clampedDay("2027-04-01", 31)).toBe("2027-04-30");
    expect(clampedDay("2027-02-10", 31)).toBe("2027-02-28");
    expect(clampedDay("2028-02-10", 31)).toBe("2028-02-29");
    expect(clampedDay("2028-02-10", 30)).toBe("2028-02-29");
    expect(clampedDay("2100-02-01", 29)).toBe("2100-02-28"); // not a leap year (divisible by 100)
    expect(clampedDay("2000-02-01", 29)).toBe("2000-02-29"); // a leap year (divisible by 400)
    expect(clampedDay("2027-01-01", 15)).toBe("2027-01-15");
  });

  it("counts days across month ends, leap days and years", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2027-03-01", -1)).toBe("2027-02-28");
    expect(daysBetween("2028-02-27", "2028-03-01")).toBe(3);
    expect(daysBetween("2027-03-01", "2027-02-27")).toBe(-2);
  });

  it("reads the tick's date in Manila time, not UTC or the server's zone", () => {
    // 08:00 Manila is 00:00 UTC: the same date
    expect(manilaDate(new Date("2027-03-05T00:00:00Z"))).toBe("2027-03-05");
    // 23:30 UTC on the 4th is already 07:30 on the 5th in Manila
    expect(manilaDate(new Date("2027-03-04T23:30:00Z"))).toBe("2027-03-05");
    expect(manilaDate(new Date("2027-03-04T15:59:59Z"))).toBe("2027-03-04");
    expect(manilaDate(new Date("2027-03-04T16:00:00Z"))).toBe("2027-03-05");
  });
});

describe("bill schedules", () => {
  it("monthly on the 31st falls on each month's last day", () => {
    expect(billDueDates(monthly(31), "2028-01-01", "2028-06-30")).toEqual([
      "2028-01-31",
      "2028-02-29",
      "2028-03-31",
      "2028-04-30",
      "2028-05-31",
      "2028-06-30",
    ]);
    expect(billDueDates(monthly(30), "2027-02-01", "2027-03-31")).toEqual(["2027-02-28", "2027-03-30"]);
  });

  it("skips due dates before the bill's start date", () => {
    expect(billDueDates(monthly(5, "2027-03-10"), "2027-03-01", "2027-05-31")).toEqual([
      "2027-04-05",
      "2027-05-05",
    ]);
  });

  it("every N months counts from the anchor month, also from before or after it", () => {
    const quarterly = { dueDay: 15, intervalMonths: 3, anchorMonth: "2027-02-01", startDate: "2027-02-01" };
    expect(billDueDates(quarterly, "2027-01-01", "2027-12-31")).toEqual([
      "2027-02-15",
      "2027-05-15",
      "2027-08-15",
      "2027-11-15",
    ]);
    expect(billDueDates(quarterly, "2028-01-01", "2028-06-30")).toEqual(["2028-02-15", "2028-05-15"]);
    expect(billDueDates(quarterly, "2027-03-01", "2027-04-30")).toEqual([]);
  });

  it("yearly on 29 February falls on 28 February in common years", () => {
    const yearly = { dueDay: 29, intervalMonths: 12, anchorMonth: "2027-02-01", startDate: "2027-01-01" };
    expect(billDueDates(yearly, "2027-01-01", "2030-12-31")).toEqual([
      "2027-02-28",
      "2028-02-29",
      "2029-02-28",
      "2030-02-28",
    ]);
  });
});

describe("card cycles from statement and due days", () => {
  it("a due day after the statement day is in the same month, else the next", () => {
    expect(cardDueAfter("2027-03-05", 25)).toBe("2027-03-25");
    expect(cardDueAfter("2027-03-20", 10)).toBe("2027-04-10");
    expect(cardDueAfter("2027-03-15", 15)).toBe("2027-04-15");
  });

  it("statement on the 31st and due on the 30th move with short months and Feb 29", () => {
    const card = { statementDay: 31, dueDay: 30, openingDate: "2020-01-01" };
    expect(cardCycles(card, "2028-02-01", "2028-04-30")).toEqual([
      { statementDate: "2028-01-31", dueDate: "2028-02-29" },
      { statementDate: "2028-02-29", dueDate: "2028-03-30" },
      { statementDate: "2028-03-31", dueDate: "2028-04-30" },
    ]);
  });

  it("has no cycle before the card was opened", () => {
    const card = { statementDay: 5, dueDay: 25, openingDate: "2027-03-10" };
    expect(cardCycles(card, "2027-03-01", "2027-04-30")).toEqual([
      { statementDate: "2027-04-05", dueDate: "2027-04-25" },
    ]);
  });
});

describe("which reminder a tick sends", () => {
  const day = (d: string) => ({ from: d, to: d });

  it("sends at 7, 3, 1 days before and on the day, and nothing in between", () => {
    const sent = [];
    for (let d = "2027-03-01"; d <= "2027-03-20"; d = addDays(d, 1)) {
      const r = pickReminder(["2027-03-15"], schedule, day(d), () => d > "2027-03-15");
      if (r) sent.push([d, r.daysBefore]);
    }
    expect(sent).toEqual([
      ["2027-03-08", 7],
      ["2027-03-12", 3],
      ["2027-03-14", 1],
      ["2027-03-15", 0],
    ]);
  });

  it("reminds one and seven days after the due date while unpaid, never once paid", () => {
    const sent = [];
    for (let d = "2027-03-14"; d <= "2027-03-25"; d = addDays(d, 1)) {
      const r = pickReminder(["2027-03-15"], schedule, day(d), never);
      if (r) sent.push([d, r.daysBefore]);
    }
    expect(sent).toEqual([
      ["2027-03-14", 1],
      ["2027-03-15", 0],
      ["2027-03-16", -1],
      ["2027-03-22", -7],
    ]);
    expect(pickReminder(["2027-03-15"], schedule, day("2027-03-16"), () => true)).toBeNull();
  });

  it("a catch-up after missed days sends only the latest reminder, with the days really left", () => {
    // last tick on the 5th; down until the 14th: 7 days before (8th), 3 days before (12th) and
    // 1 day before (14th) were all due — only the last one is sent
    const window = tickWindow("2027-03-05", "2027-03-14");
    expect(window).toEqual({ from: "2027-03-06", to: "2027-03-14" });
    expect(pickReminder(["2027-03-15"], schedule, window, never)).toEqual({
      dueDate: "2027-03-15",
      offset: 1,
      daysBefore: 1,
    });
    // a missed "3 days before" caught up a day later says 2 days left
    expect(pickReminder(["2027-03-15"], schedule, tickWindow("2027-03-11", "2027-03-13"), never)).toEqual({
      dueDate: "2027-03-15",
      offset: 3,
      daysBefore: 2,
    });
  });

  it("a repeated tick covers only its own day; a tick older than the last one is late", () => {
    expect(tickWindow("2027-03-14", "2027-03-14")).toEqual({ from: "2027-03-14", to: "2027-03-14" });
    expect(tickWindow(null, "2027-03-14")).toEqual({ from: "2027-03-14", to: "2027-03-14" });
    expect(tickWindow("2027-01-01", "2027-03-14", 31)).toEqual({ from: "2027-02-11", to: "2027-03-14" });
  });

  it("on a tie prefers the upcoming due date over an old overdue one", () => {
    // offsets 7 before and 7 after: Mar 8 is 7 days after Mar 1 and 7 days before Mar 15
    const r = pickReminder(["2027-03-01", "2027-03-15"], schedule, day("2027-03-08"), never);
    expect(r).toEqual({ dueDate: "2027-03-15", offset: 7, daysBefore: 7 });
  });

  it("honours a household's own offsets", () => {
    const own = scheduleOf({ beforeDays: [5, 0], overdueDays: [] });
    expect(own).toEqual([5, 0]);
    expect(pickReminder(["2027-03-15"], own, day("2027-03-10"), never)?.daysBefore).toBe(5);
    expect(pickReminder(["2027-03-15"], own, day("2027-03-12"), never)).toBeNull();
    expect(pickReminder(["2027-03-15"], own, day("2027-03-16"), never)).toBeNull();
  });
});
