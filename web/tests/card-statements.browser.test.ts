import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack } from "./browser";
import { createAccount, createTransaction, nav, plain, signInOwner, signUpOwner } from "./household-fixtures";

const fintrack = startFinTrack();

// Dates relative to today (Manila): the card closes on the 1st and is due on the 20th.
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Manila" }).format(new Date());
const monthsAgo = (n: number, day: number) => {
  const d = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1 - n, day));
  return d.toISOString().slice(0, 10);
};
const shortDate = (date: string) =>
  new Intl.DateTimeFormat("en-PH", {
    timeZone: "UTC",
    month: "short",
    day: "numeric",
    year: "numeric",
  }).format(new Date(`${date}T00:00:00Z`));

let cardId = "";
/** A cold server's first answers can take a few seconds. */
const POLL = { timeout: 10_000 };

async function arrange() {
  const context = await fintrack.newContext(DESKTOP);
  await signUpOwner(context);
  const bank = await createAccount(context, {
    name: "BDO Savings",
    kind: "bank",
    openingBalance: "50000",
    openingDate: monthsAgo(4, 1),
  });
  const card = await createAccount(context, {
    name: "Metrobank Titanium",
    kind: "credit_card",
    openingDate: monthsAgo(3, 1),
    card: { last4: "4321", creditLimit: "80000", statementDay: 1, dueDay: 20 },
  });
  cardId = card.id;
  const spend = (date: string, amount: string) =>
    createTransaction(context, {
      type: "expense",
      date,
      amount,
      accountId: card.id,
      merchant: "SM Supermarket",
    });
  const pay = (date: string, amount: string) =>
    createTransaction(context, { type: "transfer", date, amount, accountId: bank.id, toAccountId: card.id });
  // statement 2 months ago: ₱1,500, paid before its due date
  await spend(monthsAgo(3, 15), "1500");
  await pay(monthsAgo(2, 10), "1500");
  // last month's statement: ₱2,000, paid five days after its due date
  await spend(monthsAgo(2, 15), "2000");
  await pay(monthsAgo(1, 25), "2000");
  // this month's statement: ₱800
  await spend(monthsAgo(1, 10), "800");
  // the cycle building up (from the 2nd: on the 1st it is still the statement's day)
  if (today.slice(8) !== "01") await spend(today, "300");
  await context.close();
}

describe("card page", () => {
  it(
    "on a phone: from the cards page to the card's cycle, last statement and history as cards",
    async () => {
      if (!cardId) await arrange();
      const context = await fintrack.newContext(PHONE);
      await signInOwner(context);
      const page = await context.newPage();
      await page.goto("/");
      await nav(page, "Cards").click();
      await page.getByRole("link", { name: "Statements of Metrobank Titanium" }).click();
      await page.waitForURL(`**/cards/${cardId}`);
      await page.getByRole("heading", { name: "Metrobank Titanium" }).waitFor();

      await expect
        .poll(async () => plain(await page.getByTestId("cycle-statement-date").textContent()), POLL)
        .toContain(shortDate(monthsAgo(-1, 1)));
      if (today.slice(8) !== "01") {
        expect(plain(await page.getByTestId("cycle-charges").textContent())).toBe("₱300.00");
      }
      const last = page.getByTestId("last-statement");
      expect(plain(await last.textContent())).toContain(shortDate(monthsAgo(0, 1)));
      expect(plain(await last.getByTestId("last-total-due").textContent())).toBe("₱800.00");
      expect(plain(await last.textContent())).toContain("Computed");

      const cards = page.getByTestId("history-card");
      await expect.poll(() => cards.count(), POLL).toBe(4);
      expect(await page.getByTestId("history-row").first().isVisible()).toBe(false);
      const late = cards.filter({ hasText: shortDate(monthsAgo(1, 1)) });
      expect(plain(await late.textContent())).toContain("₱2,000.00");
      const lateBadge = late.locator("[data-status='paid_late']");
      expect(plain(await lateBadge.textContent())).toBe("Paid late");
      // paid late shows in red
      expect(await lateBadge.getAttribute("class")).toContain("text-red-800");
      const onTime = cards.filter({ hasText: shortDate(monthsAgo(2, 1)) });
      expect(plain(await onTime.locator("[data-status]").textContent())).toBe("Paid on time");
      await screenshot(page, "card-statements-phone");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "on a desktop in dark mode: the history is a table, newest first, a plan is added, and a card that is not there says so",
    async () => {
      if (!cardId) await arrange();
      const context = await fintrack.newContext(DESKTOP, "dark");
      await signInOwner(context);
      const page = await context.newPage();
      await page.goto(`/cards/${cardId}`);
      const rows = page.getByTestId("history-row");
      await expect.poll(() => rows.count(), POLL).toBe(4);
      expect(await page.getByTestId("history-card").first().isVisible()).toBe(false);
      const dates = await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-statement-date")));
      expect(dates).toEqual([monthsAgo(0, 1), monthsAgo(1, 1), monthsAgo(2, 1), monthsAgo(3, 1)]);
      const statuses = await rows.evaluateAll((els) =>
        els.map((el) => el.querySelector("[data-status]")?.getAttribute("data-status")),
      );
      expect(statuses.slice(1)).toEqual(["paid_late", "paid_on_time", "paid_on_time"]);
      // the newest is due on the 20th: unpaid after it, not due yet until then
      expect(statuses[0]).toBe(today.slice(8) > "20" ? "unpaid" : "not_due_yet");
      expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
      await screenshot(page, "card-statements-desktop-dark");

      // the card's installment plans, added from the card page: the whole price is outstanding, unbilled
      await page.getByText("No installment plans on this card.").waitFor();
      await page.getByRole("button", { name: "Add plan" }).click();
      const sheet = page.getByRole("dialog", { name: "Add an installment plan" });
      await sheet.waitFor();
      await sheet.getByLabel("What was bought").fill("Laptop");
      await sheet.getByLabel("Amount (₱)").fill("24,000");
      await sheet.getByLabel("Months").fill("12");
      await sheet.getByRole("button", { name: "Add plan" }).click();
      await sheet.waitFor({ state: "hidden" });
      const plan = page.getByRole("listitem", { name: "Laptop" });
      await expect.poll(async () => plain(await plan.textContent()), POLL).toContain("₱2,000.00 × 12");
      expect(plain(await page.getByTestId("unbilled-principal").textContent())).toContain("₱24,000.00");
      await screenshot(page, "card-installments-desktop-dark");

      await page.goto("/cards/0190f3a2-0000-7000-8000-000000000000");
      await page.getByText("There is no such credit card.").waitFor();
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
