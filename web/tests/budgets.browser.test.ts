import type { BrowserContext } from "playwright-core";
import { describe, expect, it } from "vitest";
import { currentMonth, todayInManila } from "../src/lib/dates";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack } from "./browser";
import {
  createAccount,
  createTransaction,
  expectText,
  nav,
  plain,
  signInOwner,
  signUpOwner,
} from "./household-fixtures";

async function categoryIdOf(context: BrowserContext, name: string): Promise<string> {
  const response = await context.request.get("/api/transactions/categories");
  const { items } = (await response.json()) as { items: { id: string; name: string; kind: string }[] };
  const found = items.find((c) => c.name === name && c.kind === "expense");
  if (!found) throw new Error(`no category ${name}`);
  return found.id;
}

const fintrack = startFinTrack(async (suite) => {
  const context = await suite.newContext();
  await signUpOwner(context);
  const bank = await createAccount(context, { name: "BPI Savings", kind: "bank", openingBalance: "50000" });
  const groceries = await categoryIdOf(context, "Groceries");
  await createTransaction(context, {
    type: "expense",
    date: todayInManila(),
    amount: "850",
    accountId: bank.id,
    categoryId: groceries,
    merchant: "Puregold",
  });
  for (const data of [{ limit: "500" }, { categoryId: groceries, limit: "1000" }]) {
    const response = await context.request.post("/api/budgets", { data });
    expect(response.status(), await response.text()).toBe(201);
  }
  await context.close();
});

describe("budgets page", () => {
  it(
    "shows the overall budget over and a category within, edits a limit inline, steps through months on a phone",
    async () => {
      const context = await fintrack.newContext(PHONE);
      await signInOwner(context);
      const page = await context.newPage();
      await page.goto("/");
      await nav(page, "Budgets").click();
      await page.waitForURL((url) => url.pathname === "/budgets");
      const budgets = page.getByTestId("budget");
      await expect.poll(() => budgets.count(), { timeout: 10_000 }).toBe(2);
      const overall = page.getByRole("listitem", { name: "Overall" });
      const groceries = page.getByRole("listitem", { name: "Groceries" });
      expect(plain(await overall.getByTestId("budget-left").textContent())).toBe("Over by ₱350.00");
      expect(await overall.getByTestId("budget-bar").getAttribute("data-over")).toBe("true");
      expect(plain(await groceries.getByTestId("budget-left").textContent())).toBe("₱150.00 left");
      expect(plain(await groceries.getByTestId("budget-spent").textContent())).toBe("₱850.00 of ₱1,000.00");
      await screenshot(page, "budgets-phone");

      await groceries.getByRole("button", { name: "Edit Groceries" }).click();
      const limit = groceries.getByLabel("Monthly limit (₱)");
      await limit.fill("2,000");
      await groceries.getByRole("button", { name: "Save" }).click();
      await expect
        .poll(async () => plain(await groceries.getByTestId("budget-left").textContent()), {
          timeout: 10_000,
        })
        .toBe("₱1,150.00 left");

      await page.getByTestId("budget-month-previous").click();
      await page.waitForURL((url) => url.searchParams.has("month"));
      await expect.poll(() => budgets.count(), { timeout: 10_000 }).toBe(0);
      await page.getByText("This month").click();
      await expectText(
        page,
        "budget-month",
        new Intl.DateTimeFormat("en-PH", { timeZone: "UTC", month: "long", year: "numeric" }).format(
          new Date(`${currentMonth()}-01T00:00:00Z`),
        ),
      );
      await expect.poll(() => budgets.count(), { timeout: 10_000 }).toBe(2);
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "adds a category budget from the page and the dashboard shows budget status, on a desktop in dark mode",
    async () => {
      const context = await fintrack.newContext(DESKTOP, "dark");
      await signInOwner(context);
      const page = await context.newPage();
      await page.goto("/budgets");
      await page.getByTestId("budget").first().waitFor();
      await page.getByRole("button", { name: "Add budget" }).first().click();
      const form = page.getByRole("form", { name: "New budget" });
      await form.getByLabel("For").selectOption({ label: "Food & Dining" });
      await form.getByLabel("Monthly limit (₱)").fill("3000");
      await form.getByRole("button", { name: "Add budget" }).click();
      const food = page.getByRole("listitem", { name: "Food & Dining" });
      await expect
        .poll(async () => plain(await food.getByTestId("budget-left").textContent()), { timeout: 10_000 })
        .toBe("₱3,000.00 left");
      await screenshot(page, "budgets-desktop-dark");

      await nav(page, "Home").click();
      const status = page.getByTestId("budget-status");
      await status.waitFor();
      const items = status.getByTestId("budget-status-item");
      expect(plain(await items.first().textContent())).toContain("Over by ₱350.00");
      expect(await items.count()).toBeGreaterThanOrEqual(2);
      await page.getByText("1 over budget").waitFor();
      await screenshot(page, "home-budgets-desktop-dark");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
