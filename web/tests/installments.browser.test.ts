import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack } from "./browser";
import { createAccount, createTransaction, nav, plain, signInOwner, signUpOwner } from "./household-fixtures";

const fintrack = startFinTrack();

const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Manila" }).format(new Date());

describe("installments page", () => {
  it(
    "on a phone: adds a 12-month 0% plan, sees it billed 0/12 and the next 12 months, then pre-terminates it",
    async () => {
      const context = await fintrack.newContext(PHONE);
      await signUpOwner(context);
      const card = await createAccount(context, {
        name: "BPI Gold",
        kind: "credit_card",
        openingDate: "2025-01-01",
        card: { last4: "4321", creditLimit: "100000", statementDay: 15, dueDay: 5 },
      });
      const bill = await context.request.post("/api/reminders/bills", {
        data: {
          name: "Meralco",
          kind: "electricity",
          dueDay: 28,
          expectedAmount: "2500",
          startDate: `${today.slice(0, 8)}01`,
        },
      });
      expect(bill.status()).toBe(201);
      const page = await context.newPage();
      await page.goto("/");
      await nav(page, "Installments").click();
      await page.getByRole("heading", { name: "No installment plans" }).waitFor();

      await page.getByRole("button", { name: "Add plan" }).click();
      const sheet = page.getByRole("dialog", { name: "Add an installment plan" });
      await sheet.waitFor();
      await sheet.getByLabel("What was bought").fill("Aircon");
      await sheet.getByLabel("Amount (₱)").fill("12,000");
      await sheet.getByLabel("Months").fill("12");
      await screenshot(page, "installments-add-phone");
      await sheet.getByRole("button", { name: "Add plan" }).click();
      await sheet.waitFor({ state: "hidden" });

      const row = page.getByRole("listitem", { name: "Aircon" });
      await expect.poll(async () => plain(await row.textContent())).toContain("0/12 billed");
      expect(plain(await row.textContent())).toContain("₱1,000.00 × 12 · 0%");
      expect(plain(await row.textContent())).toContain("BPI Gold");
      // the next 12 months: every month has Meralco; the instalments add ₱1,000 where billed
      const months = page.getByRole("list", { name: "Next 12 months" }).locator(":scope > li");
      await expect.poll(() => months.count()).toBe(12);
      const totals = (await months.allTextContents()).map(plain);
      expect(totals.filter((t) => t.includes("₱3,500.00")).length).toBeGreaterThanOrEqual(10);
      await screenshot(page, "installments-phone");

      // the purchase is one expense of the full amount on the card
      const listed = await context.request.get(`/api/transactions?accountId=${card.id}`);
      expect((await listed.json()).items).toEqual([
        expect.objectContaining({ merchant: "Aircon", amountCentavos: "1200000", type: "expense" }),
      ]);

      await row.getByRole("button", { name: "Pre-terminate" }).click();
      await row.getByRole("button", { name: "Bill the rest now" }).click();
      // the confirm step hides the button too: wait for the answer, then for the plan itself
      await page.getByText("Plan pre-terminated").waitFor();
      await expect
        .poll(async () => (await (await context.request.get("/api/installments")).json()).items[0].status)
        .toBe("cancelled");
      expect(await row.getByRole("button", { name: "Pre-terminate" }).count()).toBe(0);
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "on a desktop in dark mode: converts a card purchase into a plan with add-on interest",
    async () => {
      const context = await fintrack.newContext(DESKTOP, "dark");
      // the same household as the phone test: its owner signs in on a new device
      await signInOwner(context);
      const card = await createAccount(context, {
        name: "Metrobank Visa",
        kind: "credit_card",
        openingDate: "2025-01-01",
        card: { last4: "1111", creditLimit: "80000", statementDay: 31, dueDay: 20 },
      });
      await createTransaction(context, {
        type: "expense",
        date: today,
        amount: "24000",
        accountId: card.id,
        merchant: "Power Mac Center",
      });
      const page = await context.newPage();
      await page.goto("/");
      await nav(page, "Installments").click();
      await page.getByRole("button", { name: "Add plan" }).click();
      const sheet = page.getByRole("dialog", { name: "Add an installment plan" });
      await sheet.waitFor();
      await sheet.getByLabel("Card").selectOption({ label: "Metrobank Visa" });
      const purchase = sheet.getByLabel("Purchase", { exact: true });
      // the list follows the chosen card: wait for this card's purchase, not the first card's
      const bought = purchase.locator("option", { hasText: "Power Mac Center" });
      await bought.waitFor({ state: "attached" });
      await purchase.selectOption((await bought.getAttribute("value")) ?? "");
      await expect.poll(() => sheet.getByLabel("Amount (₱)").count()).toBe(0);
      await sheet.getByLabel("Months").fill("6");
      await sheet.getByLabel("Add-on rate (% a month)").fill("0.79");
      await sheet.getByRole("button", { name: "Add plan" }).click();
      await sheet.waitFor({ state: "hidden" });

      const row = page.getByRole("listitem", { name: "Power Mac Center" });
      await expect
        .poll(async () => plain(await row.textContent()))
        .toContain("₱4,000.00 × 6 · 0.79% a month");
      // each instalment bills ₱4,000 plus ₱189.60 interest
      expect(plain(await row.textContent())).toContain("₱4,189.60");
      await screenshot(page, "installments-desktop-dark");
      // converting recorded nothing new
      const listed = await context.request.get(`/api/transactions?accountId=${card.id}`);
      expect((await listed.json()).items).toHaveLength(1);

      // converted by mistake: removing the plan keeps the purchase as it was
      await row.getByRole("button", { name: "Remove", exact: true }).click();
      await row.getByText("The purchase stays one expense.").waitFor();
      await row.getByRole("button", { name: "Remove plan" }).click();
      await page.getByText("Plan removed; the purchase stays one expense").waitFor();
      await row.waitFor({ state: "detached" });
      const after = await context.request.get(`/api/transactions?accountId=${card.id}`);
      expect((await after.json()).items).toEqual([
        expect.objectContaining({ merchant: "Power Mac Center", amountCentavos: "2400000", type: "expense" }),
      ]);
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
  it(
    "on a phone: a pasted statement's INSTALLMENT 03/12 line says which plan it attaches to",
    async () => {
      const context = await fintrack.newContext(PHONE);
      await signInOwner(context);
      const cards = await (await context.request.get("/api/accounts")).json();
      const card = cards.items.find((a: { name: string }) => a.name === "BPI Gold");
      const plan = await context.request.post("/api/installments", {
        data: { cardAccountId: card.id, amount: "12012", date: "2025-10-10", label: "Phone", months: 12 },
      });
      expect(plan.status()).toBe(201);
      const page = await context.newPage();
      await page.goto("/");
      await nav(page, "Paste AI answer").click();
      const answer = JSON.stringify({
        kind: "statement",
        statement: { issuer: "BPI", cardLast4: "4321", statementDate: "2025-12-15", totalDue: "1,001.00" },
        lines: [
          {
            date: "2025-12-02",
            description: "LAZADA INSTALLMENT 03/12",
            amount: "1,001.00",
            direction: "debit",
            kind: "installment",
            installment: { number: 3, of: 12 },
          },
          {
            date: "2025-12-03",
            description: "ABENSON 2/6 TOTAL 12,000.00",
            amount: "2,096.00",
            direction: "debit",
            kind: "installment",
            installment: { number: 2, of: 6, planTotal: "12,000.00" },
          },
        ],
      });
      await page.getByTestId("paste-text").fill(answer);
      await page.getByRole("button", { name: "Read the answer" }).click();
      const note = page.getByTestId("plan-note").first();
      await note.waitFor();
      expect(plain(await note.textContent())).toBe("Attaches to plan “Phone”");
      // no plan bills ₱2,096: a new one, its ₱96 beyond ₱12,000 ÷ 6 being add-on interest
      expect(plain(await page.getByTestId("plan-note").nth(1).textContent())).toBe(
        "Starts a new installment plan from this statement (₱12,000.00 over 6 months, ₱96.00 interest a month)",
      );
      await screenshot(page, "installments-paste-phone");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
