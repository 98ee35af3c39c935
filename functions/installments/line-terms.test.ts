import { describe, expect, it } from "vitest";
import { termsFromTotal, totalExceedsLine } from "./line-terms";
import { schedule } from "./schedule";

describe("the plan a statement line's stated total describes", () => {
  it("what a line bills beyond its instalment is add-on interest, in whole basis points", () => {
    expect(termsFromTotal(1_200_000n, 6, 2, 209_600n)).toEqual({
      principalCentavos: 1_200_000n,
      addOnRateBps: 80,
      interestCentavos: 9_600n,
    });
    // ₱35,988 over 12 at 0.79%: ₱2,999 + ₱284.31; the first instalment also bills no remainder here
    const t = termsFromTotal(3_598_800n, 12, 1, 299_900n + 28_431n)!;
    expect(t.addOnRateBps).toBe(79);
    const plan = { ...t, months: 12, firstStatementDate: "2026-01-20" };
    expect(schedule(plan, 20).map((i) => i.amountCentavos + i.interestCentavos)).toEqual(
      Array.from({ length: 12 }, () => 328_331n),
    );
  });

  it("the first instalment's remainder is principal, not interest", () => {
    // ₱1,000 over 3: ₱333.34, then ₱333.33
    expect(termsFromTotal(100_000n, 3, 1, 33_334n)?.addOnRateBps).toBe(0);
    expect(termsFromTotal(100_000n, 3, 2, 33_333n)?.addOnRateBps).toBe(0);
  });

  it("within ₱1 of the instalment is the issuer's rounding: 0%", () => {
    expect(termsFromTotal(1_200_000n, 6, 2, 200_100n)).toEqual({
      principalCentavos: 1_200_000n,
      addOnRateBps: 0,
      interestCentavos: 0n,
    });
    expect(termsFromTotal(1_200_000n, 6, 2, 199_900n)?.addOnRateBps).toBe(0);
  });

  it("a total the line contradicts describes no plan", () => {
    // larger than six of its instalments
    expect(totalExceedsLine(1_500_000n, 6, 2, 200_000n)).toBe(true);
    expect(termsFromTotal(1_500_000n, 6, 2, 200_000n)).toBeNull();
    // below the line itself
    expect(termsFromTotal(150_000n, 6, 2, 200_000n)).toBeNull();
    // interest of more than 10% a month
    expect(termsFromTotal(1_200_000n, 6, 2, 200_000n + 130_000n)).toBeNull();
    // ₱100,000 at ₱795 a month is 0.795%: no whole basis point bills it within ₱1
    expect(termsFromTotal(10_000_000n, 10, 2, 1_000_000n + 79_500n)).toBeNull();
  });
});
