import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack } from "./browser";
import {
  createAccount,
  createTransaction,
  expectText,
  plain,
  signInOwner,
  signUpOwner,
  text,
} from "./household-fixtures";

const fintrack = startFinTrack(async (suite) => {
  const context = await suite.newContext();
  await signUpOwner(context);
  const bank = await createAccount(context, { name: "BPI Savings", kind: "bank", openingBalance: "1000" });
  const card = await createAccount(context, {
    name: "BDO Credit Card",
    kind: "credit_card",
    openingBalance: "90000",
    card: { creditLimit: "100000", statementDay: 10, dueDay: 30, last4: "4321" },
  });
  await createTransaction(context, {
    type: "income",
    date: "2025-01-15",
    amount: "50000",
    accountId: bank.id,
  });
  await createTransaction(context, {
    type: "expense",
    date: "2025-03-02",
    amount: "1200.50",
    accountId: bank.id,
    merchant: "Puregold",
  });
  await createTransaction(context, {
    type: "expense",
    date: "2025-03-20",
    amount: "99.50",
    accountId: card.id,
  });
  await context.close();
});

const url = (page: { url(): string }) => new URL(page.url());

describe("dashboard over time", () => {
  it(
    "steps back through the months and into a year on a phone, and the URL remembers where",
    async () => {
      const context = await fintrack.newContext(PHONE);
      await signInOwner(context);
      const page = await context.newPage();
      await page.goto("/?month=2025-03");
      await expectText(page, "period-label", "March 2025");
      await expectText(page, "month-expense", "₱1,300.00");
      await page.getByTestId("recent-transactions").getByText("Puregold").waitFor();
      await screenshot(page, "home-past-month-phone");

      await page.getByTestId("period-previous").click();
      await expectText(page, "period-label", "February 2025");
      expect(url(page).searchParams.get("month")).toBe("2025-02");
      await expectText(page, "month-expense", "₱0.00");
      await page.reload();
      await expectText(page, "period-label", "February 2025");

      await page.getByTestId("period-year").click();
      await expectText(page, "period-label", "2025");
      expect(url(page).searchParams.get("year")).toBe("2025");
      const months = page.getByTestId("year-month");
      expect(await months.count()).toBe(12);
      expect(plain(await months.nth(0).getByTestId("year-month-net").textContent())).toBe("₱50,000.00");
      expect(plain(await months.nth(2).getByTestId("year-month-net").textContent())).toBe("−₱1,300.00");
      await screenshot(page, "home-year-phone");

      await months.nth(2).click();
      await expectText(page, "period-label", "March 2025");
      expect(url(page).searchParams.get("month")).toBe("2025-03");

      await page.getByTestId("period-today").click();
      await page.waitForURL((u) => u.search === "");
      expect(await page.getByTestId("period-today").count()).toBe(0);
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "keeps a negative net worth's minus with its amount, on one line, on a desktop",
    async () => {
      const context = await fintrack.newContext(DESKTOP);
      await signInOwner(context);
      const page = await context.newPage();
      await page.goto("/");
      const netWorth = page.getByTestId("net-worth");
      await netWorth.waitFor();
      expect(plain(await netWorth.textContent())).toMatch(/^−₱/);
      expect(await netWorth.evaluate((el) => el.getClientRects().length)).toBe(1);
      expect(await text(page, "period-label")).toMatch(/^[A-Z][a-z]+ \d{4}$/);
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
