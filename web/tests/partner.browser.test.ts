import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, PHONE, screenshot, startFinTrack } from "./browser";
import { createAccount, createTransaction, nav, plain, signUpOwner } from "./household-fixtures";

const fintrack = startFinTrack();

describe("sharing with a partner", () => {
  it(
    "shows the partner shared money and who recorded it, never the owner's private account",
    async () => {
      const owner = await fintrack.newContext(PHONE);
      await signUpOwner(owner);
      const bank = await createAccount(owner, { name: "BPI Joint", kind: "bank", openingBalance: "30000" });
      const gcash = await createAccount(owner, {
        name: "Maria GCash",
        kind: "ewallet",
        openingBalance: "5000",
        visibility: "private",
      });
      const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Manila" }).format(new Date());
      await createTransaction(owner, {
        type: "expense",
        date: today,
        amount: "450",
        accountId: bank.id,
        merchant: "Mang Inasal",
      });
      await createTransaction(owner, {
        type: "transfer",
        date: today,
        amount: "1000",
        accountId: gcash.id,
        toAccountId: bank.id,
      });
      const invite = await owner.request.post("/api/auth/invites");
      const { code } = (await invite.json()) as { code: string };

      const partner = await fintrack.newContext(PHONE, "dark");
      const joined = await partner.request.post("/api/auth/register", {
        data: {
          email: "juan@example.ph",
          password: "kalamansi-juice-7",
          name: "Juan dela Cruz",
          inviteCode: code,
        },
      });
      expect(joined.status()).toBe(201);
      const page = await partner.newPage();
      await page.goto("/accounts");
      await page.getByText("BPI Joint").waitFor();
      expect(await page.getByText("Maria GCash").count()).toBe(0);
      expect(plain(await page.getByTestId("accounts-net-worth").textContent())).toBe("₱30,550.00");

      await nav(page, "Transactions").click();
      const meal = page.getByTestId("transaction-row").filter({ hasText: "Mang Inasal" });
      await meal.waitFor();
      expect(plain(await meal.textContent())).toContain("Maria · Uncategorised");
      const transfer = page.getByTestId("transaction-row").filter({ hasText: "Private account" });
      await transfer.waitFor();
      await transfer.click();
      await page
        .getByTestId("toast")
        .getByText(/only its owner can change it/)
        .waitFor();
      expect(await page.getByRole("dialog").count()).toBe(0);
      await screenshot(page, "transactions-partner-phone");

      // quick-add offers only what the partner can see
      await page.getByRole("button", { name: "Add transaction" }).click();
      const sheet = page.getByRole("dialog", { name: "Add transaction" });
      // the sheet loads accounts after it opens: wait for them before reading the list
      await sheet.getByLabel("Account").locator("option").first().waitFor({ state: "attached" });
      const options = await sheet.getByLabel("Account").locator("option").allTextContents();
      expect(options).toEqual(["BPI Joint"]);
      await owner.close();
      await partner.close();
    },
    BROWSER_TIMEOUT,
  );
});
