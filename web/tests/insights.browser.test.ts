import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack, waitForPath } from "./browser";
import {
  createAccount,
  createTransaction,
  expectText,
  plain,
  signInOwner,
  signUpOwner,
} from "./household-fixtures";

const fintrack = startFinTrack(async (suite) => {
  const context = await suite.newContext();
  await signUpOwner(context);
  const categories = (await (await context.request.get("/api/transactions/categories")).json()) as {
    items: { id: string; name: string; kind: string }[];
  };
  const cat = (name: string, kind = "expense") =>
    categories.items.find((c) => c.name === name && c.kind === kind)!.id;
  const bank = await createAccount(context, {
    name: "BPI Savings",
    kind: "bank",
    openingBalance: "20000",
    openingDate: "2025-01-01",
  });
  const card = await createAccount(context, {
    name: "BDO Credit Card",
    kind: "credit_card",
    openingBalance: "0",
    openingDate: "2025-01-01",
    card: { creditLimit: "100000", statementDay: 10, dueDay: 30, last4: "4321" },
  });
  const tx = (body: Record<string, unknown>) => createTransaction(context, body);
  await tx({
    type: "income",
    date: "2025-01-15",
    amount: "50000",
    accountId: bank.id,
    categoryId: cat("Salary", "income"),
  });
  await tx({
    type: "expense",
    date: "2025-02-10",
    amount: "800",
    accountId: bank.id,
    categoryId: cat("Groceries"),
    merchant: "Puregold",
  });
  await tx({
    type: "expense",
    date: "2025-03-02",
    amount: "1200.50",
    accountId: bank.id,
    categoryId: cat("Groceries"),
    merchant: "Puregold",
  });
  await tx({
    type: "expense",
    date: "2025-03-20",
    amount: "2000",
    accountId: card.id,
    categoryId: cat("Shopping"),
    merchant: "Uniqlo",
  });
  await tx({
    type: "income",
    date: "2025-03-25",
    amount: "500",
    accountId: card.id,
    categoryId: cat("Refunds", "income"),
    merchant: "Uniqlo",
  });
  // a card payment is a transfer: never spending
  await tx({
    type: "transfer",
    date: "2025-03-28",
    amount: "1500",
    accountId: bank.id,
    toAccountId: card.id,
  });
  await context.close();
});

const url = (page: Page) => new URL(page.url());

describe("insights", () => {
  it(
    "shows a month's spending by category on a phone, drills down, taps a chart for values, and keeps the period in the URL",
    async () => {
      const context = await fintrack.newContext(PHONE);
      await signInOwner(context);
      const page = await context.newPage();
      await page.goto("/insights?period=2025-03");
      await expectText(page, "period-label", "March 2025");
      // ₱1,200.50 + ₱2,000 − ₱500 refunded; the card payment is not spending
      await expectText(page, "period-spending", "₱2,700.50");
      const rows = page.getByTestId("category-row");
      await expect.poll(() => rows.count()).toBe(3);
      expect(plain(await rows.nth(0).textContent())).toContain("Shopping");
      expect(plain(await rows.nth(2).textContent())).toContain("−₱500.00");

      // income vs spending: the latest month's figures are written out, a tap picks another month
      const chart = page.getByTestId("cashflow-chart");
      await chart.locator("canvas").waitFor();
      await expectText(page, "cashflow-chart-month", "March 2025");
      expect(plain(await page.getByTestId("cashflow-chart-readout").textContent())).toContain("₱2,700.50");
      await page
        .getByTestId("cashflow-chart-readout")
        .getByRole("button", { name: "Previous month" })
        .click();
      await expectText(page, "cashflow-chart-month", "February 2025");
      const over = chart.locator(".u-over");
      const box = (await over.boundingBox())!;
      // a finger's tap near the right edge: the last month (no hover involved)
      await over.dispatchEvent("pointerdown", {
        pointerType: "touch",
        isPrimary: true,
        bubbles: true,
        clientX: box.x + box.width - 4,
        clientY: box.y + box.height / 2,
      });
      await expectText(page, "cashflow-chart-month", "March 2025");
      await page.getByTestId("net-worth-chart").locator("canvas").waitFor();
      await screenshot(page, "insights-month-phone");

      // each chart's data downloads as CSV
      const csvHref = await page
        .getByRole("link", { name: "Download spending by category as CSV" })
        .getAttribute("href");
      expect(csvHref).toBe("/api/analytics/categories?period=2025-03&format=csv");
      const csv = await context.request.get(csvHref!);
      expect(csv.headers()["content-type"]).toContain("text/csv");
      expect(await csv.text()).toContain("Shopping,expense,2000.00,1");

      // drill-down: the transactions behind a category
      await rows.nth(0).getByRole("link").click();
      await waitForPath(page, "/transactions");
      expect(url(page).searchParams.get("from")).toBe("2025-03-01");
      expect(url(page).searchParams.get("to")).toBe("2025-03-31");
      await page.getByText("Uniqlo").first().waitFor();
      await page.goBack();
      await expectText(page, "period-label", "March 2025");

      // a quarter, shareable: the URL holds it and a reload shows the same
      await page.getByTestId("period-kinds").getByRole("link", { name: "Quarter" }).click();
      await expectText(page, "period-label", "Q1 2025");
      expect(url(page).searchParams.get("period")).toBe("2025-Q1");
      await expectText(page, "period-spending", "₱3,500.50");
      await page.reload();
      await expectText(page, "period-label", "Q1 2025");
      await page.getByTestId("period-previous").click();
      await expectText(page, "period-label", "Q4 2024");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "draws net worth in dark mode on a desktop, and the dashboard shows a spending trend without the chart library",
    async () => {
      const context = await fintrack.newContext(DESKTOP, "dark");
      await signInOwner(context);
      const page = await context.newPage();
      const scripts: string[] = [];
      page.on("request", (r) => scripts.push(r.url()));
      await page.goto("/");
      await page.getByTestId("spending-trend").waitFor();
      expect(scripts.some((u) => u.includes("uplot"))).toBe(false);

      await page
        .getByRole("navigation", { name: "Main" })
        .getByRole("link", { name: "Insights", exact: true })
        .click();
      await waitForPath(page, "/insights");
      await page.getByTestId("net-worth-chart").locator("canvas").waitFor();
      expect(scripts.some((u) => u.includes("uplot"))).toBe(true);
      // Jan: 20,000 + 50,000; Feb: − 800; Mar: − 1,200.50 − 2,000 + 500 (the payment moves money between them)
      await page.getByTestId("net-worth-chart").getByText("Show as a table").click();
      const table = plain(await page.getByTestId("net-worth-chart").locator("table").textContent());
      expect(table).toContain("January 2025₱70,000.00");
      expect(table).toContain("February 2025₱69,200.00");
      expect(table).toContain("March 2025₱66,499.50");
      await screenshot(page, "insights-dark-desktop");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
