import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack, waitForPath } from "./browser";
import { expectText, nav, plain, signInOwner, signUpOwner, text } from "./household-fixtures";

const fintrack = startFinTrack();

describe("accounts and cards", () => {
  it(
    "a new household adds a bank account, a credit card and a private e-wallet from a phone",
    async () => {
      const context = await fintrack.newContext(PHONE);
      await signUpOwner(context);
      const page = await context.newPage();
      await page.goto("/");
      const gettingStarted = page.getByTestId("getting-started");
      await gettingStarted.waitFor();
      await screenshot(page, "home-empty-phone");
      await gettingStarted.getByRole("link", { name: "Add an account" }).click();
      await waitForPath(page, "/accounts");

      // the sheet opens straight away; a preset fills the institution and a name
      const sheet = page.getByRole("dialog", { name: "Add account" });
      await sheet.waitFor();
      // a real modal: the page behind is inert
      expect(await sheet.evaluate((dialog) => dialog.matches(":modal"))).toBe(true);
      await sheet.getByRole("button", { name: "BPI", exact: true }).click();
      expect(await sheet.getByLabel("Name").inputValue()).toBe("BPI Savings");
      await sheet.getByLabel("Balance (₱)").fill("25,000");
      await screenshot(page, "account-add-phone");
      await sheet.getByRole("button", { name: "Add account" }).click();
      await sheet.waitFor({ state: "hidden" });
      await expectText(page, "accounts-net-worth", "₱25,000.00");

      await page.getByRole("button", { name: "Add account" }).click();
      await sheet.waitFor();
      await sheet.getByText("Credit card", { exact: true }).click();
      await sheet.getByRole("button", { name: "BDO", exact: true }).click();
      expect(await sheet.getByLabel("Name").inputValue()).toBe("BDO Credit Card");
      await sheet.getByLabel("Last 4 digits").fill("1234");
      await sheet.getByLabel("Credit limit (₱)").fill("60,000");
      await sheet.getByLabel("Statement day").fill("10");
      await sheet.getByLabel("Due day").fill("30");
      await sheet.getByLabel("Amount owed (₱)").fill("12,000.50");
      await screenshot(page, "card-add-phone");
      await sheet.getByRole("button", { name: "Add account" }).click();
      await sheet.waitFor({ state: "hidden" });
      await expectText(page, "accounts-net-worth", "₱12,999.50");

      await page.getByRole("button", { name: "Add account" }).click();
      await sheet.waitFor();
      await sheet.getByText("E-wallet", { exact: true }).click();
      await sheet.getByRole("button", { name: "GCash", exact: true }).click();
      await sheet.getByLabel("Balance (₱)").fill("1500");
      await sheet.getByText("Private", { exact: true }).click();
      await sheet.getByText(/For your partner it doesn't exist/).waitFor();
      await sheet.getByRole("button", { name: "Add account" }).click();
      await sheet.waitFor({ state: "hidden" });
      await expectText(page, "accounts-net-worth", "₱14,499.50");
      await page
        .getByTestId("account-group-ewallet")
        .getByText(/Private to Maria Santos/)
        .waitFor();
      expect(
        plain(
          await page.getByTestId("account-group-credit_card").getByTestId("account-balance").textContent(),
        ),
      ).toBe("−₱12,000.50");
      await screenshot(page, "accounts-phone");

      // the card's numbers on the cards page
      await nav(page, "Cards").click();
      await waitForPath(page, "/cards");
      await expectText(page, "card-outstanding", "₱12,000.50");
      await expectText(page, "card-available", "₱47,999.50");
      await page.getByText("20% used").waitFor();
      expect(await text(page, "card-next-statement")).toMatch(/^[A-Z][a-z]{2} 10, \d{4}$/);
      expect(await text(page, "card-due-date")).toMatch(/^[A-Z][a-z]{2} 30, \d{4}/);
      await screenshot(page, "cards-phone");

      // home now lists the balances and asks for a first transaction
      await nav(page, "Home").click();
      await page.getByTestId("getting-started").getByRole("button", { name: "Add a transaction" }).waitFor();
      await expectText(page, "net-worth", "₱14,499.50");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "reorders, renames, archives and unarchives accounts on a desktop",
    async () => {
      const context = await fintrack.newContext(DESKTOP, "dark");
      await signInOwner(context);
      const page = await context.newPage();
      await page.goto("/accounts");
      const banks = page.getByTestId("account-group-bank");
      await banks.waitFor();

      await page.getByRole("button", { name: "Add account" }).click();
      const sheet = page.getByRole("dialog", { name: "Add account" });
      await sheet.getByRole("button", { name: "Metrobank", exact: true }).click();
      await sheet.getByLabel("Balance (₱)").fill("3,000");
      await sheet.getByRole("button", { name: "Add account" }).click();
      await sheet.waitFor({ state: "hidden" });
      await banks.getByText("Metrobank Savings").waitFor();

      const bankNames = () =>
        banks
          .getByTestId("account-row")
          .evaluateAll((rows) => rows.map((row) => row.querySelector("span span")?.textContent));
      expect(await bankNames()).toEqual(["BPI Savings", "Metrobank Savings"]);
      await page.getByRole("button", { name: "Move Metrobank Savings up" }).click();
      await expect.poll(bankNames).toEqual(["Metrobank Savings", "BPI Savings"]);

      await page.getByRole("button", { name: "Edit BPI Savings" }).click();
      const edit = page.getByRole("dialog", { name: "Edit BPI Savings" });
      await edit.getByLabel("Name").fill("BPI Payroll");
      await edit.getByRole("button", { name: "Save changes" }).click();
      await edit.waitFor({ state: "hidden" });
      await banks.getByText("BPI Payroll").waitFor();

      const metrobank = banks.getByTestId("account-row").filter({ hasText: "Metrobank Savings" });
      await metrobank.getByRole("button", { name: "Archive" }).click();
      await expect.poll(bankNames).toEqual(["BPI Payroll"]);
      await expectText(page, "accounts-net-worth", "₱14,499.50");
      await page.getByRole("button", { name: "Show archived accounts" }).click();
      const archived = page.getByRole("list", { name: "Archived accounts" });
      await archived.getByText("Metrobank Savings").waitFor();
      await screenshot(page, "accounts-desktop");
      await archived.getByRole("button", { name: "Unarchive" }).click();
      await expect.poll(bankNames).toContain("Metrobank Savings");
      await expectText(page, "accounts-net-worth", "₱17,499.50");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
