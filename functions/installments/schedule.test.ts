import { describe, expect, it } from "vitest";
import { schedule, statementOnOrAfter, withDueDates } from "./schedule";

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe("installment schedule", () => {
  it("a 12-month plan appears on exactly 12 statements and nowhere else", () => {
    const plan = {
      principalCentavos: 3_598_800n,
      months: 12,
      addOnRateBps: 0,
      firstStatementDate: "2026-01-15",
    };
    const list = schedule(plan, 15);
    expect(list.map((i) => i.statementDate)).toEqual([
      "2026-01-15",
      "2026-02-15",
      "2026-03-15",
      "2026-04-15",
      "2026-05-15",
      "2026-06-15",
      "2026-07-15",
      "2026-08-15",
      "2026-09-15",
      "2026-10-15",
      "2026-11-15",
      "2026-12-15",
    ]);
    expect(list.map((i) => `${i.number}/${i.of}`)).toEqual(
      Array.from({ length: 12 }, (_, k) => `${k + 1}/12`),
    );
    expect(new Set(list.map((i) => i.statementDate)).size).toBe(12);
    expect(list.every((i) => i.amountCentavos === 299_900n && i.interestCentavos === 0n)).toBe(true);
  });

  it("follows a statement day of 31 through short months without drifting", () => {
    const list = schedule(
      { principalCentavos: 600_000n, months: 6, addOnRateBps: 0, firstStatementDate: "2027-12-31" },
      31,
    );
    expect(list.map((i) => i.statementDate)).toEqual([
      "2027-12-31",
      "2028-01-31",
      "2028-02-29",
      "2028-03-31",
      "2028-04-30",
      "2028-05-31",
    ]);
    expect(
      withDueDates(list, 20)
        .map((i) => i.dueDate)
        .slice(0, 3),
    ).toEqual(["2028-01-20", "2028-02-20", "2028-03-20"]);
  });

  it("bills the rounding remainder on the first month so the amounts add up exactly", () => {
    const list = schedule(
      { principalCentavos: 100_000n, months: 3, addOnRateBps: 0, firstStatementDate: "2026-03-05" },
      5,
    );
    expect(list.map((i) => i.amountCentavos)).toEqual([33_334n, 33_333n, 33_333n]);
    for (const [p, n] of [
      [1_000_001n, 7],
      [99n, 24],
      [3_598_899n, 36],
    ] as const) {
      const l = schedule(
        { principalCentavos: p, months: n, addOnRateBps: 0, firstStatementDate: "2026-01-01" },
        1,
      );
      expect(sum(l.map((i) => i.amountCentavos))).toBe(p);
      expect(l).toHaveLength(n);
    }
  });

  it("adds the monthly add-on interest on the principal to every instalment", () => {
    // ₱24,000 over 6 months at 0.79% a month: ₱189.60 interest each month
    const list = schedule(
      { principalCentavos: 2_400_000n, months: 6, addOnRateBps: 79, firstStatementDate: "2026-02-10" },
      10,
    );
    expect(list.map((i) => i.interestCentavos)).toEqual(Array(6).fill(18_960n));
    expect(sum(list.map((i) => i.amountCentavos))).toBe(2_400_000n);
  });

  it("pre-termination bills the remaining principal at once and nothing after", () => {
    const list = schedule(
      {
        principalCentavos: 1_200_000n,
        months: 12,
        addOnRateBps: 50,
        firstStatementDate: "2026-01-20",
        cancelledStatementDate: "2026-04-20",
      },
      20,
    );
    expect(list).toHaveLength(4);
    expect(list[3]).toMatchObject({
      number: 4,
      statementDate: "2026-04-20",
      amountCentavos: 900_000n,
      interestCentavos: 0n,
      preTermination: true,
    });
    expect(sum(list.map((i) => i.amountCentavos))).toBe(1_200_000n);
  });

  it("finds the statement on or after a date", () => {
    expect(statementOnOrAfter("2026-02-10", 31)).toBe("2026-02-28");
    expect(statementOnOrAfter("2026-03-01", 31)).toBe("2026-03-31");
    expect(statementOnOrAfter("2026-03-16", 15)).toBe("2026-04-15");
    expect(statementOnOrAfter("2026-03-15", 15)).toBe("2026-03-15");
    expect(statementOnOrAfter("2026-03-15", 15, 2)).toBe("2026-05-15");
  });
});
