import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, startFinTrack } from "./browser";
import { createAccount, createTransaction, plain, signUpOwner } from "./household-fixtures";

const fintrack = startFinTrack();

describe("a long history", () => {
  it(
    "loads older transactions as the list scrolls, a day at a time with daily totals",
    async () => {
      const context = await fintrack.newContext(DESKTOP);
      await signUpOwner(context);
      const bank = await createAccount(context, {
        name: "BPI Savings",
        kind: "bank",
        openingBalance: "10000",
      });
      const page = await context.newPage();
      // 60 older coffees, two a day in October
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          createTransaction(context, {
            type: "expense",
            date: `2026-10-${String(30 - Math.floor(i / 2)).padStart(2, "0")}`,
            amount: "120",
            accountId: bank?.id,
            merchant: `Coffee ${i + 1}`,
          }),
        ),
      );
      await page.goto("/transactions?q=Coffee");
      await page.getByTestId("transaction-list").waitFor();
      const rows = page.getByTestId("transaction-row");
      await expect.poll(() => rows.count()).toBe(50);
      await rows.last().scrollIntoViewIfNeeded();
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(60);
      const octoberThirty = page.getByTestId("day-group").first();
      expect(plain(await octoberThirty.getByTestId("day-total").textContent())).toBe("−₱240.00");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
