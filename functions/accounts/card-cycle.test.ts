import { describe, expect, it } from "vitest";
import { statementCycle } from "./card-cycle";

describe("credit card statement cycle (Asia/Manila calendar)", () => {
  it("finds the last and next statement and the due date after the statement", () => {
    expect(statementCycle(15, 5, "2026-11-20")).toEqual({
      lastStatementDate: "2026-11-15",
      nextStatementDate: "2026-12-15",
      nextDueDate: "2026-12-05",
    });
  });

  it("counts a statement closing today as the last one", () => {
    expect(statementCycle(20, 10, "2026-11-20")).toMatchObject({
      lastStatementDate: "2026-11-20",
      nextStatementDate: "2026-12-20",
    });
  });

  it("keeps a due date later in the same month as its statement", () => {
    expect(statementCycle(5, 25, "2026-11-10")).toEqual({
      lastStatementDate: "2026-11-05",
      nextStatementDate: "2026-12-05",
      nextDueDate: "2026-11-25",
    });
  });

  it("shows no due date before the first statement of a card opened after its statement day", () => {
    // statement on the 10th, due on the 30th; opened on the 20th: nothing is due on the 30th
    expect(statementCycle(10, 30, "2026-11-22", "2026-11-20")).toEqual({
      lastStatementDate: null,
      nextStatementDate: "2026-12-10",
      nextDueDate: "2026-12-30",
    });
    // opened before the statement: that statement counts
    expect(statementCycle(10, 30, "2026-11-22", "2026-11-01")).toMatchObject({
      lastStatementDate: "2026-11-10",
      nextDueDate: "2026-11-30",
    });
    // opened on the statement day itself: the statement closes at the end of that day
    expect(statementCycle(10, 30, "2026-11-22", "2026-11-10")).toMatchObject({ nextDueDate: "2026-11-30" });
  });

  it("moves to the next statement's due date once the last one has passed", () => {
    expect(statementCycle(5, 25, "2026-11-26")).toMatchObject({ nextDueDate: "2026-12-25" });
  });

  it("clamps day 31 to the end of short months, February included", () => {
    expect(statementCycle(31, 20, "2026-11-30")).toEqual({
      lastStatementDate: "2026-11-30",
      nextStatementDate: "2026-12-31",
      nextDueDate: "2026-12-20",
    });
    expect(statementCycle(31, 28, "2026-02-15")).toEqual({
      lastStatementDate: "2026-01-31",
      nextStatementDate: "2026-02-28",
      nextDueDate: "2026-02-28",
    });
    expect(statementCycle(30, 31, "2028-02-29")).toMatchObject({
      lastStatementDate: "2028-02-29",
      nextStatementDate: "2028-03-30",
    });
  });

  it("crosses the year end", () => {
    expect(statementCycle(25, 15, "2026-12-28")).toEqual({
      lastStatementDate: "2026-12-25",
      nextStatementDate: "2027-01-25",
      nextDueDate: "2027-01-15",
    });
  });
});
