import { describe, expect, it } from "vitest";
import { closedCycles, cycleStatus, estimatedMinimumDue, nextStatement, statementDates } from "./cycles";

const card = (statementDay: number, dueDay: number) => ({ statementDay, dueDay });

describe("statement cycles across month ends and short months", () => {
  it("statement day 31 closes on each month's last day: 28 Feb, 29 Feb in a leap year, 30 Apr", () => {
    expect(statementDates(31, "2027-01-01", "2027-05-31")).toEqual([
      "2027-01-31",
      "2027-02-28",
      "2027-03-31",
      "2027-04-30",
      "2027-05-31",
    ]);
    expect(statementDates(31, "2028-02-01", "2028-03-01")).toEqual(["2028-02-29"]);
    expect(statementDates(30, "2028-02-01", "2028-03-31")).toEqual(["2028-02-29", "2028-03-30"]);
    expect(statementDates(29, "2027-02-01", "2027-03-31")).toEqual(["2027-02-28", "2027-03-29"]);
  });

  it("cycles run from the day after the previous statement, over month ends", () => {
    const cycles = closedCycles(card(31, 20), "2027-01-15", "2027-05-01", []);
    expect(cycles.map((c) => [c.periodStart, c.statementDate, c.dueDate])).toEqual([
      ["2027-01-15", "2027-01-31", "2027-02-20"],
      ["2027-02-01", "2027-02-28", "2027-03-20"],
      ["2027-03-01", "2027-03-31", "2027-04-20"],
      ["2027-04-01", "2027-04-30", "2027-05-20"],
    ]);
  });

  it("a due day before the statement day falls in the next month, and across the year end", () => {
    const cycles = closedCycles(card(25, 15), "2026-11-01", "2027-01-31", []);
    expect(cycles.map((c) => [c.statementDate, c.dueDate])).toEqual([
      ["2026-11-25", "2026-12-15"],
      ["2026-12-25", "2027-01-15"],
      ["2027-01-25", "2027-02-15"],
    ]);
  });

  it("a due day 31 after a statement day 31 is the next month's last day (28 Feb, 30 Apr)", () => {
    const cycles = closedCycles(card(31, 31), "2027-01-01", "2027-03-31", []);
    expect(cycles.map((c) => c.dueDate)).toEqual(["2027-02-28", "2027-03-31", "2027-04-30"]);
  });

  it("a due day later in the same month stays in that month (statement 5, due 25; 30 on 29 Feb 2028)", () => {
    expect(closedCycles(card(5, 25), "2027-01-01", "2027-01-31", [])[0]!.dueDate).toEqual("2027-01-25");
    expect(closedCycles(card(1, 30), "2028-02-01", "2028-02-02", [])[0]!.dueDate).toEqual("2028-02-29");
  });

  it("today's statement is closed; tomorrow's is not", () => {
    expect(closedCycles(card(15, 5), "2026-10-01", "2026-11-15", []).at(-1)!.statementDate).toBe(
      "2026-11-15",
    );
    expect(closedCycles(card(15, 5), "2026-10-01", "2026-11-14", []).at(-1)!.statementDate).toBe(
      "2026-10-15",
    );
  });

  it("a recorded statement a few days off replaces the computed one and keeps its own dates", () => {
    const cycles = closedCycles(card(5, 25), "2026-08-01", "2026-11-01", [
      {
        statementDate: "2026-09-07",
        dueDate: "2026-09-28",
        periodStart: "2026-08-06",
        periodEnd: "2026-09-07",
      },
    ]);
    expect(cycles.map((c) => [c.statementDate, c.dueDate, c.recordedIndex])).toEqual([
      ["2026-08-05", "2026-08-25", null],
      ["2026-09-07", "2026-09-28", 0],
      ["2026-10-05", "2026-10-25", null],
    ]);
    // the next cycle starts the day after the recorded statement
    expect(cycles[2]!.periodStart).toBe("2026-09-08");
  });

  it("a card without a statement day has only its recorded cycles", () => {
    const cycles = closedCycles({ statementDay: null, dueDay: null }, "2026-01-01", "2026-12-31", [
      { statementDate: "2026-06-10", dueDate: null, periodStart: null, periodEnd: null },
    ]);
    expect(cycles).toEqual([
      {
        statementDate: "2026-06-10",
        periodStart: "2026-01-01",
        periodEnd: "2026-06-10",
        dueDate: null,
        recordedIndex: 0,
      },
    ]);
  });

  it("projects the next statement after the last one, even after a late recorded one", () => {
    expect(nextStatement(card(31, 15), "2027-01-31", "2026-01-01")).toEqual({
      statementDate: "2027-02-28",
      dueDate: "2027-03-15",
    });
    // 28 Oct statement recorded on 2 Nov: the next one is still 28 Nov
    expect(nextStatement(card(28, 18), "2026-11-02", "2026-01-01")).toEqual({
      statementDate: "2026-11-28",
      dueDate: "2026-12-18",
    });
    expect(nextStatement(card(31, 20), "2027-12-31", "2026-01-01")!.statementDate).toBe("2028-01-31");
    expect(nextStatement(card(10, 1), null, "2026-03-11")).toEqual({
      statementDate: "2026-04-10",
      dueDate: "2026-05-01",
    });
  });
});

describe("estimated minimum due and cycle status", () => {
  it("minimum: 3% of the balance, at least ₱500, never more than the balance", () => {
    expect(estimatedMinimumDue(0n)).toBe(0n);
    expect(estimatedMinimumDue(30_000n)).toBe(30_000n);
    expect(estimatedMinimumDue(1_000_000n)).toBe(50_000n);
    expect(estimatedMinimumDue(10_000_000n)).toBe(300_000n);
    expect(estimatedMinimumDue(10_000_001n)).toBe(300_001n);
  });

  it("on time, late, partly, unpaid, not due yet", () => {
    const due = "2026-10-25";
    const p = (date: string, amount: bigint) => ({ date, amount });
    expect(cycleStatus(1000n, due, [p("2026-10-20", 1000n)], "2026-11-01")).toEqual({
      status: "paid_on_time",
      paidOn: "2026-10-20",
    });
    expect(cycleStatus(1000n, due, [p("2026-10-20", 400n), p("2026-10-28", 600n)], "2026-11-01")).toEqual({
      status: "paid_late",
      paidOn: "2026-10-28",
    });
    expect(cycleStatus(1000n, due, [p("2026-10-20", 400n)], "2026-11-01").status).toBe("partly_paid");
    expect(cycleStatus(1000n, due, [], "2026-10-26").status).toBe("unpaid");
    expect(cycleStatus(1000n, due, [p("2026-10-20", 400n)], "2026-10-25").status).toBe("not_due_yet");
    expect(cycleStatus(0n, due, [], "2026-11-01")).toEqual({ status: "paid_on_time", paidOn: null });
  });
});
