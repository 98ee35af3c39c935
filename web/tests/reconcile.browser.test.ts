import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack, waitForPath } from "./browser";
import { createAccount, createTransaction, nav, plain, signUpOwner, text } from "./household-fixtures";

const fintrack = startFinTrack();

describe("reconcile", () => {
  it(
    "reconciles an e-wallet from a phone: the difference shows as typed, the adjustment is recorded, the rows are cleared",
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
      const page = await context.newPage();
      await page.goto("/accounts");
      await page.getByRole("button", { name: "Reconcile GCash" }).click();
      const sheet = page.getByRole("dialog", { name: "Reconcile GCash" });
      await sheet.waitFor();
      await expect.poll(() => text(page, "reconcile-balance")).toBe("₱879.50");
      await sheet.getByTestId("reconcile-uncleared").getByText("Jollibee").waitFor();
      await sheet.getByLabel("Balance shown").fill("870");
      await expect.poll(() => text(page, "reconcile-difference")).toBe("−₱9.50");
      await screenshot(page, "reconcile-phone");
      await sheet.getByRole("button", { name: "Confirm reconciliation" }).click();
      await sheet.waitFor({ state: "hidden" });
      expect(plain(await page.getByTestId("toast").textContent())).toContain(
        "GCash reconciled: adjustment −₱9.50, 1 entry cleared",
      );
      await expect
        .poll(async () => plain(await page.getByTestId("account-balance").first().textContent()))
        .toBe("₱870.00");

      await nav(page, "Transactions").click();
      await waitForPath(page, "/transactions");
      const row = page.getByTestId("transaction-row").filter({ hasText: "Jollibee" });
      await row.getByRole("img", { name: "Cleared" }).waitFor();
      expect(await row.getAttribute("aria-label")).toContain("cleared");
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
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
