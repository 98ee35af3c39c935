import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack, takeCspViolations } from "./browser";
import { createAccount, createTransaction, nav, plain, signInOwner, signUpOwner } from "./household-fixtures";

const fintrack = startFinTrack();

const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Manila" }).format(new Date());
const inDays = (n: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const dayOf = (date: string) => Number(date.slice(8, 10));

describe("bills page", () => {
  it(
    "on a phone: adds a bill, sees when it is due, marks it paid and the expense is recorded",
    async () => {
      const context = await fintrack.newContext(PHONE);
      await signUpOwner(context);
      await createAccount(context, {
        name: "BDO Savings",
        kind: "bank",
        openingBalance: "30000",
        openingDate: "2026-01-01",
      });
      const page = await context.newPage();
      await page.goto("/");
      await nav(page, "Bills").click();
      await page.getByRole("heading", { name: "No bills yet" }).waitFor();

      await page.getByRole("button", { name: "Add a bill" }).click();
      const sheet = page.getByRole("dialog", { name: "Add a bill" });
      await sheet.waitFor();
      await sheet.getByLabel("Name").fill("Meralco");
      await sheet.getByLabel("Kind").selectOption("electricity");
      await sheet.getByLabel("Due day").fill(String(dayOf(inDays(3))));
      await sheet.getByLabel("Expected amount (₱)").fill("2,450.75");
      await sheet.getByLabel("Pay from").selectOption({ label: "BDO Savings" });
      await sheet.getByLabel("Category").selectOption({ label: "Utilities" });
      await screenshot(page, "bills-add-phone");
      await sheet.getByRole("button", { name: "Add bill" }).click();
      await sheet.waitFor({ state: "hidden" });

      const row = page.getByTestId("bill-row").filter({ hasText: "Meralco" });
      await expect
        .poll(async () => plain(await row.getByTestId("bill-amount").textContent()))
        .toBe("₱2,450.75");
      // a bill added today has its first due date from today on
      await expect
        .poll(async () => plain(await row.getByTestId("bill-due").textContent()))
        .toContain("in 3 days");
      await screenshot(page, "bills-phone");

      await page.getByRole("button", { name: "Mark Meralco paid" }).click();
      const pay = page.getByRole("dialog", { name: "Mark Meralco paid" });
      await pay.waitFor();
      expect(await pay.getByLabel("Amount (₱)").inputValue()).toBe("2450.75");
      await pay.getByRole("button", { name: "Mark paid" }).click();
      await pay.waitFor({ state: "hidden" });
      expect(plain(await page.getByTestId("toast").textContent())).toContain("Meralco marked paid");
      // the next occurrence is the one to act on now
      await expect
        .poll(async () => plain(await row.getByTestId("bill-due").textContent()))
        .not.toContain("in 3 days");

      const listed = await context.request.get("/api/transactions?limit=5");
      const items = (await listed.json()).items as Array<{
        merchant: string;
        type: string;
        amountCentavos: string;
      }>;
      expect(items.find((t) => t.merchant === "Meralco")).toMatchObject({
        type: "expense",
        amountCentavos: "245075",
      });
      expect(takeCspViolations()).toEqual([]);
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "on a desktop: the dashboard lists next dues, and a reminder's link opens the card payment",
    async () => {
      const context = await fintrack.newContext(DESKTOP);
      await signInOwner(context);
      await createAccount(context, {
        name: "BPI Savings",
        kind: "bank",
        openingBalance: "50000",
        openingDate: "2026-01-01",
      });
      // statement cut 10 days ago, due in 3 days, ₱3,000 spent before the statement
      const card = await createAccount(context, {
        name: "BPI Gold",
        kind: "credit_card",
        openingDate: "2026-01-01",
        card: {
          last4: "1234",
          creditLimit: "100000",
          statementDay: dayOf(inDays(-10)),
          dueDay: dayOf(inDays(3)),
        },
      });
      await createTransaction(context, {
        type: "expense",
        date: inDays(-20),
        amount: "3000",
        accountId: card.id,
      });

      const page = await context.newPage();
      await page.goto("/");
      const dues = page.getByTestId("next-dues");
      await dues.getByText("BPI Gold").waitFor();
      await dues
        .getByText("Meralco")
        .waitFor({ state: "detached" })
        .catch(() => {});
      await screenshot(page, "next-dues-desktop");
      const link = dues.getByRole("link", { name: "Pay BPI Gold" });
      expect(await link.getAttribute("href")).toBe(`/bills?card=${card.id}&due=${inDays(3)}`);
      await link.click();

      const pay = page.getByRole("dialog", { name: "Pay BPI Gold" });
      await pay.waitFor();
      expect(plain(await pay.getByTestId("pay-due").textContent())).toContain("transfer into the card");
      expect(await pay.getByLabel("Amount (₱)").inputValue()).toBe("3000.00");
      await pay.getByLabel("Paid from").selectOption({ label: "BPI Savings" });
      await screenshot(page, "pay-card-desktop");
      await pay.getByRole("button", { name: "Record payment" }).click();
      await pay.waitFor({ state: "hidden" });
      expect(plain(await page.getByTestId("toast").textContent())).toContain("BPI Gold payment recorded");
      // paid in full: no longer among the card payments due
      await page.getByRole("list", { name: "Card payments" }).waitFor({ state: "detached" });

      const listed = await context.request.get("/api/transactions?limit=5");
      const items = (await listed.json()).items as Array<{
        type: string;
        amountCentavos: string;
        account: { id: string };
      }>;
      expect(items.find((t) => t.type === "transfer")).toMatchObject({ amountCentavos: "300000" });
      expect(takeCspViolations()).toEqual([]);
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
