import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack, waitForPath } from "./browser";
import { createAccount, createTransaction, nav, plain, signUpOwner, text } from "./household-fixtures";

const fintrack = startFinTrack();

describe("reconcile", () => {
  it(
    "reconciles an e-wallet from a phone: a pending entry unticked leaves the cleared balance, the adjustment is recorded, the ticked rows are cleared and the pending one is not",
    async () => {
      const context = await fintrack.newContext(PHONE);
      await signUpOwner(context);
      const wallet = await createAccount(context, {
        name: "GCash",
        kind: "ewallet",
        openingBalance: "1000",
        openingDate: "2026-01-01",
      });
      await createTransaction(context, {
        type: "expense",
        date: "2026-01-05",
        amount: "120.50",
        accountId: wallet.id,
        merchant: "Jollibee",
      });
      // still pending in the app: not in the balance it shows
      await createTransaction(context, {
        type: "expense",
        date: "2026-01-06",
        amount: "200",
        accountId: wallet.id,
        merchant: "Grab",
      });
      const page = await context.newPage();
      await page.goto("/accounts");
      await page.getByRole("button", { name: "Reconcile GCash" }).click();
      const sheet = page.getByRole("dialog", { name: "Reconcile GCash" });
      await sheet.waitFor();
      await expect.poll(() => text(page, "reconcile-balance")).toBe("₱679.50");
      await sheet.getByTestId("reconcile-uncleared").getByText("Jollibee").waitFor();
      await sheet.getByLabel("Balance shown").fill("870");
      // every entry starts ticked: the cleared balance is FinTrack's
      await expect.poll(() => text(page, "reconcile-cleared-balance")).toBe("₱679.50");
      await expect.poll(() => text(page, "reconcile-difference")).toBe("+₱190.50");

      // the pending ride is unticked from the keyboard; its row is a thumb-sized target
      const grab = sheet.getByRole("checkbox", { name: /Grab/ });
      expect(await grab.isChecked()).toBe(true);
      const grabRow = sheet.getByTestId("reconcile-uncleared").locator("label").filter({ hasText: "Grab" });
      // boundingBox does not wait for the row to be visible: poll it
      await expect.poll(async () => (await grabRow.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
      await grab.focus();
      await page.keyboard.press("Space");
      expect(await grab.isChecked()).toBe(false);
      await expect.poll(() => text(page, "reconcile-cleared-balance")).toBe("₱879.50");
      await expect.poll(() => text(page, "reconcile-difference")).toBe("−₱9.50");
      // none ticked: the opening balance; all ticked again, then the ride unticked by a tap on its row
      await sheet.getByRole("button", { name: "Tick none" }).click();
      await expect.poll(() => text(page, "reconcile-cleared-balance")).toBe("₱1,000.00");
      await sheet.getByRole("button", { name: "Tick all" }).click();
      await expect.poll(() => text(page, "reconcile-cleared-balance")).toBe("₱679.50");
      await grabRow.click();
      await expect.poll(() => text(page, "reconcile-difference")).toBe("−₱9.50");
      await screenshot(page, "reconcile-phone");
      await sheet.getByRole("button", { name: "Confirm reconciliation" }).click();
      await sheet.waitFor({ state: "hidden" });
      expect(plain(await page.getByTestId("toast").textContent())).toContain(
        "GCash reconciled: adjustment −₱9.50, 1 entry cleared, 1 left uncleared",
      );
      // the ride stays in the balance: 679.50 − 9.50
      await expect
        .poll(async () => plain(await page.getByTestId("account-balance").first().textContent()))
        .toBe("₱670.00");

      await nav(page, "Transactions").click();
      await waitForPath(page, "/transactions");
      const row = page.getByTestId("transaction-row").filter({ hasText: "Jollibee" });
      await row.getByRole("img", { name: "Cleared" }).waitFor();
      expect(await row.getAttribute("aria-label")).toContain("cleared");
      const pending = page.getByTestId("transaction-row").filter({ hasText: "Grab" });
      await pending.waitFor();
      expect(await pending.getByRole("img", { name: "Cleared" }).count()).toBe(0);
      expect(await pending.getAttribute("aria-label")).not.toContain("cleared");

      // and it is listed at the next reconciliation
      await page.goto("/accounts");
      await page.getByRole("button", { name: "Reconcile GCash" }).click();
      await sheet.waitFor();
      await sheet.getByTestId("reconcile-uncleared").getByText("Grab").waitFor();
      expect(await sheet.getByTestId("reconcile-uncleared").getByText("Jollibee").count()).toBe(0);
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "reconciles a card against its statement on a desktop: the amount owed, as of the last statement",
    async () => {
      const context = await fintrack.newContext(DESKTOP);
      // the same household: the first test registered it
      const login = await context.request.post("/api/auth/login", {
        data: { email: "maria@example.ph", password: "sampaguita-2026" },
      });
      expect(login.status()).toBe(200);
      const card = await createAccount(context, {
        name: "BDO Visa",
        kind: "credit_card",
        openingBalance: "0",
        openingDate: "2026-01-01",
        card: { last4: "4242", creditLimit: "50000", statementDay: 20, dueDay: 10 },
      });
      await createTransaction(context, {
        type: "expense",
        date: "2026-01-05",
        amount: "3000",
        accountId: card.id,
        merchant: "Lazada",
      });
      const page = await context.newPage();
      await page.goto("/cards");
      await page.getByRole("button", { name: "Reconcile BDO Visa" }).click();
      const sheet = page.getByRole("dialog", { name: "Reconcile BDO Visa" });
      await sheet.waitFor();
      const lastStatement = (await (await context.request.get(`/api/accounts/${card.id}`)).json()).card
        .lastStatementDate;
      await expect.poll(() => sheet.getByLabel("Statement date").inputValue()).toBe(lastStatement);
      await expect.poll(() => text(page, "reconcile-balance")).toBe("₱3,000.00");
      await sheet.getByLabel("Statement balance (owed)").fill("3,015");
      await expect.poll(() => text(page, "reconcile-difference")).toBe("+₱15.00");
      await screenshot(page, "reconcile-card-desktop");
      await sheet.getByRole("button", { name: "Confirm reconciliation" }).click();
      await sheet.waitFor({ state: "hidden" });
      expect(plain(await page.getByTestId("toast").textContent())).toContain(
        "BDO Visa reconciled: adjustment +₱15.00 owed, 1 entry cleared",
      );
      await expect
        .poll(async () => plain(await page.getByTestId("card-outstanding").textContent()))
        .toBe("₱3,015.00");

      // the latest reconciliation is undone from the sheet's history, after a confirm
      await page.getByRole("button", { name: "Reconcile BDO Visa" }).click();
      await sheet.waitFor();
      const history = sheet.getByTestId("reconcile-history");
      await history.getByText(/adjustment \+₱15\.00 owed · 1 entry cleared/).waitFor();
      await screenshot(page, "reconcile-history-desktop");
      let asked = "";
      page.once("dialog", (dialog) => {
        asked = dialog.message();
        void dialog.accept();
      });
      await history.getByRole("button", { name: /^Undo reconciliation of / }).click();
      await page.getByTestId("toast").filter({ hasText: "undone: 1 entry uncleared" }).waitFor();
      expect(asked).toContain("Its adjustment +₱15.00 owed is removed");
      // nothing left to undo; the purchase is open again
      await history.waitFor({ state: "detached" });
      await sheet.getByTestId("reconcile-uncleared").getByText("Lazada").waitFor();
      await sheet.getByRole("button", { name: "Cancel" }).click();
      await sheet.waitFor({ state: "hidden" });
      await expect
        .poll(async () => plain(await page.getByTestId("card-outstanding").textContent()))
        .toBe("₱3,000.00");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
