import type { BrowserContext } from "playwright-core";
import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack, waitForPath } from "./browser";
import {
  createAccount,
  createTransaction,
  expectText,
  nav,
  plain,
  signInOwner,
  signUpOwner,
} from "./household-fixtures";

let desktop: BrowserContext;

const fintrack = startFinTrack(async ({ newContext }) => {
  desktop = await newContext(DESKTOP);
  await signUpOwner(desktop);
  await createAccount(desktop, {
    name: "BPI Savings",
    kind: "bank",
    institution: "BPI",
    openingBalance: "10,000",
  });
  await createAccount(desktop, {
    name: "BPI Gold",
    kind: "credit_card",
    institution: "BPI",
    openingBalance: "5000",
    card: { last4: "4321", creditLimit: "50000", statementDay: 5, dueDay: 25 },
  });
});

describe("recording money", () => {
  it(
    "adds expenses from the keyboard, pays a card with a transfer, and deletes with undo (desktop)",
    async () => {
      const page = await desktop.newPage();
      await page.goto("/transactions");
      await page.getByTestId("transactions-empty").waitFor();

      // "n" opens quick-add with the amount focused; the first expense picks its category
      await page.keyboard.press("n");
      const sheet = page.getByRole("dialog", { name: "Add transaction" });
      await sheet.waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("quick-amount");
      await page.keyboard.type("250.75");
      await sheet.getByText("Food & Dining", { exact: true }).click();
      await sheet.getByLabel("Merchant").fill("Jollibee");
      await screenshot(page, "quick-add-desktop");
      await sheet.getByLabel("Merchant").press("Enter");
      await sheet.waitFor({ state: "hidden" });
      await page.getByTestId("transaction-row").filter({ hasText: "Jollibee" }).waitFor();

      // closed and reopened in one go (the close button, then "n" in the same task): the
      // queued close event of the first close must not shut the sheet that is open again
      await page.keyboard.press("n");
      await sheet.waitFor();
      await page.evaluate(() => {
        document.querySelector<HTMLButtonElement>('dialog[open] button[aria-label="Close"]')?.click();
        document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "n", bubbles: true }));
      });
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
      expect(await sheet.isVisible()).toBe(true);

      // the next one is just amount + Enter: account and category are remembered
      await page.keyboard.type("99");
      await page.keyboard.press("Enter");
      await sheet.waitFor({ state: "hidden" });
      await expect.poll(() => page.getByTestId("transaction-row").count()).toBe(2);
      const second = page.getByTestId("transaction-row").filter({ hasText: "−₱99.00" });
      expect(plain(await second.textContent())).toContain("Food & Dining");
      // grouped under Today with the day's total
      const today = page.getByTestId("day-group").first();
      expect(plain(await today.locator("h2").textContent())).toMatch(/today/i);
      await expectText(page, "day-total", "−₱349.75");

      await nav(page, "Home").click();
      await expectText(page, "month-expense", "₱349.75");
      await page.getByTestId("recent-transactions").getByText("Jollibee").waitFor();

      // a card payment is a transfer: the card owes less, spending stays the same
      await nav(page, "Cards").click();
      await waitForPath(page, "/cards");
      await expectText(page, "card-outstanding", "₱5,000.00");
      await page.getByRole("button", { name: "Pay card" }).click();
      await sheet.waitFor();
      expect(await sheet.getByRole("radio", { name: "Transfer" }).isChecked()).toBe(true);
      expect(await sheet.getByLabel("Amount", { exact: true }).inputValue()).toBe("5000.00");
      expect(await sheet.getByLabel("From", { exact: true }).locator("option:checked").textContent()).toBe(
        "BPI Savings",
      );
      await sheet
        .getByTestId("transfer-hint")
        .getByText(/Paying a credit card is a transfer/)
        .waitFor();
      await sheet.getByLabel("Amount", { exact: true }).fill("1,000");
      await sheet.getByRole("button", { name: "Save transfer" }).click();
      await sheet.waitFor({ state: "hidden" });
      await expectText(page, "card-outstanding", "₱4,000.00");
      await expectText(page, "card-available", "₱46,000.00");
      await screenshot(page, "cards-desktop");

      await nav(page, "Home").click();
      await expectText(page, "month-expense", "₱349.75");
      await screenshot(page, "home-desktop");

      // delete from the edit sheet, then undo from the toast
      await nav(page, "Transactions").click();
      await page.getByTestId("transaction-row").filter({ hasText: "Jollibee" }).click();
      const edit = page.getByRole("dialog", { name: "Edit expense" });
      await edit.getByRole("button", { name: "Delete" }).click();
      await edit.waitFor({ state: "hidden" });
      await expect
        .poll(() => page.getByTestId("transaction-row").filter({ hasText: "Jollibee" }).count())
        .toBe(0);
      await page.getByTestId("toast").getByRole("button", { name: "Undo" }).click();
      await page.getByTestId("transaction-row").filter({ hasText: "Jollibee" }).waitFor();

      // edit: tap the row, fix the amount, the list and the day total follow
      await page.getByTestId("transaction-row").filter({ hasText: "Jollibee" }).click();
      await edit.waitFor();
      expect(await edit.getByLabel("Amount", { exact: true }).inputValue()).toBe("250.75");
      await edit.getByLabel("Amount", { exact: true }).fill("260.75");
      await edit.getByLabel("Amount", { exact: true }).press("Enter");
      await edit.waitFor({ state: "hidden" });
      await page.getByTestId("transaction-row").filter({ hasText: "−₱260.75" }).waitFor();
      await expectText(page, "day-total", "−₱359.75");
      await page.getByTestId("transaction-row").filter({ hasText: "Payment to BPI Gold" }).waitFor();
      await screenshot(page, "transactions-desktop");
      await page.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "records income from the bottom sheet on a phone and filters the list through the URL",
    async () => {
      const context = await fintrack.newContext(PHONE, "dark");
      await signInOwner(context);
      const page = await context.newPage();
      await page.goto("/transactions");
      await page.getByTestId("transaction-list").waitFor();

      await page.getByRole("button", { name: "Add transaction" }).click();
      const sheet = page.getByRole("dialog", { name: "Add transaction" });
      await sheet.waitFor();
      expect(await sheet.getByLabel("Amount", { exact: true }).getAttribute("inputmode")).toBe("decimal");
      await sheet.getByText("Income", { exact: true }).click();
      await sheet.getByLabel("Amount", { exact: true }).fill("45,000");
      await sheet.getByText("Salary", { exact: true }).click();
      await sheet.getByLabel("From (payer)").fill("Acme Corp");
      await screenshot(page, "quick-add-phone");
      // thumb-sized save button
      const save = sheet.getByRole("button", { name: "Save income" });
      expect((await save.boundingBox())?.height).toBeGreaterThanOrEqual(44);
      await save.click();
      await sheet.waitFor({ state: "hidden" });
      await page.getByTestId("transaction-row").filter({ hasText: "Acme Corp" }).waitFor();
      await screenshot(page, "transactions-phone");

      // one receipt across two categories, under "More options"
      await page.getByRole("button", { name: "Add transaction" }).click();
      await sheet.waitFor();
      await sheet.getByLabel("Amount", { exact: true }).fill("1,000");
      await sheet.getByLabel("Merchant").fill("Puregold");
      await sheet.getByRole("button", { name: /More options/ }).click();
      await sheet.getByRole("button", { name: "Add split" }).click();
      await sheet.getByLabel("Split 1 amount").fill("600");
      await sheet.getByRole("button", { name: "Add split" }).click();
      await sheet.getByLabel("Split 2 category").selectOption({ label: "Groceries" });
      await sheet.getByLabel("Split 2 amount").fill("400");
      await sheet.getByText("Splits match").waitFor();
      await sheet.getByRole("button", { name: "Save expense" }).click();
      await sheet.waitFor({ state: "hidden" });
      const split = page.getByTestId("transaction-row").filter({ hasText: "Puregold" });
      await split.waitFor();
      expect(plain(await split.textContent())).toContain("Food & Dining, Groceries");

      // filter to expenses: the URL says so, and the income is gone
      await page.getByRole("button", { name: "Filters" }).click();
      const filters = page.getByRole("dialog", { name: "Filter transactions" });
      await filters.getByLabel("Type").selectOption("expense");
      await screenshot(page, "filters-phone");
      await filters.getByRole("button", { name: "Show transactions" }).click();
      await page.waitForURL(/type=expense/);
      await expect
        .poll(() => page.getByTestId("transaction-row").filter({ hasText: "Acme Corp" }).count())
        .toBe(0);
      await page.getByRole("button", { name: "Remove filter: Expense" }).waitFor();
      // a shared link keeps the filter
      await page.reload();
      await page.getByRole("button", { name: "Remove filter: Expense" }).waitFor();
      await page.getByRole("button", { name: "Remove filter: Expense" }).click();
      await page.getByTestId("transaction-row").filter({ hasText: "Acme Corp" }).waitFor();

      // a transfer's fee opens as the fee: its amount can change, its account and date follow the transfer
      const gcash = await createAccount(context, {
        name: "GCash",
        kind: "ewallet",
        openingDate: "2024-01-01",
      });
      const accounts = (await (await context.request.get("/api/accounts")).json()) as {
        items: { id: string; name: string }[];
      };
      const bpi = accounts.items.find((a) => a.name === "BPI Savings")!;
      await createTransaction(context, {
        type: "transfer",
        date: new Date().toISOString().slice(0, 10),
        amount: "500",
        accountId: bpi.id,
        toAccountId: gcash.id,
        fee: "15",
      });
      await page.reload();
      await page.getByTestId("transaction-row").filter({ hasText: "Fees" }).click();
      const fee = page.getByRole("dialog", { name: "Edit expense" });
      await fee.getByText("This is the fee of a transfer").waitFor();
      expect(await fee.getByLabel("Account", { exact: true }).isDisabled()).toBe(true);
      expect(await fee.getByLabel("Date", { exact: true }).isDisabled()).toBe(true);
      await fee.getByLabel("Amount", { exact: true }).fill("10");
      await fee.getByRole("button", { name: "Save changes" }).click();
      await fee.waitFor({ state: "hidden" });
      await page.getByTestId("transaction-row").filter({ hasText: "−₱10.00" }).waitFor();

      await nav(page, "Home").click();
      await expectText(page, "month-income", "₱45,000.00");
      await screenshot(page, "home-phone");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
