import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack } from "./browser";
import { createAccount, createTransaction, signInOwner, signUpOwner } from "./household-fixtures";

/** What a first week on a phone and a desktop found: nothing cut off, covered or ending early. */
const fintrack = startFinTrack(async (suite) => {
  const context = await suite.newContext();
  await signUpOwner(context);
  const bank = await createAccount(context, { name: "BPI Savings", kind: "bank", openingBalance: "250000" });
  await createAccount(context, {
    name: "BDO Credit Card",
    kind: "credit_card",
    openingBalance: "0",
    card: { creditLimit: "100000", statementDay: 10, dueDay: 30, last4: "4321" },
  });
  for (let day = 1; day <= 28; day++) {
    await createTransaction(context, {
      type: "expense",
      date: `2026-10-${String(day).padStart(2, "0")}`,
      amount: String(100 + day),
      accountId: bank.id,
      merchant: `Sari-sari store ${day}`,
    });
  }
  await context.close();
});

async function signedIn(viewport: typeof PHONE) {
  const context = await fintrack.newContext(viewport);
  await signInOwner(context);
  return { context, page: await context.newPage() };
}

const box = async (locator: Locator) => {
  const b = await locator.boundingBox();
  if (!b) throw new Error("not visible");
  return b;
};

/** The text's own width fits inside the element (nothing clipped or spilling out). */
const fitsInside = (page: Page, locator: Locator) =>
  locator.evaluate(
    (el) => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().right <= innerWidth,
  );

describe("layout on a phone and a desktop", () => {
  it(
    "keeps a card's ₱100,000.00 inside the card and the + button off the last transaction, on a phone",
    async () => {
      const { context, page } = await signedIn(PHONE);
      await page.goto("/cards");
      const available = page.getByTestId("card-available");
      await available.waitFor();
      const card = page.getByRole("listitem").filter({ has: available });
      const [amount, frame] = [await box(available), await box(card)];
      expect(amount.x + amount.width).toBeLessThanOrEqual(frame.x + frame.width - 16);
      expect(await fitsInside(page, available)).toBe(true);
      await screenshot(page, "cards-phone");

      await page.goto("/transactions");
      const rows = page.getByTestId("transaction-row");
      await rows.first().waitFor();
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForTimeout(200);
      const last = await box(rows.last());
      const fab = await box(page.getByRole("button", { name: /add transaction/i }).last());
      const overlaps = last.y < fab.y + fab.height && last.y + last.height > fab.y;
      expect(overlaps, `last row ${JSON.stringify(last)} vs + ${JSON.stringify(fab)}`).toBe(false);
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "shows a card's whole name in the transfer's To field and a sidebar as long as the page, on a desktop",
    async () => {
      const { context, page } = await signedIn(DESKTOP);
      await page.goto("/transactions");
      await page.getByTestId("transaction-row").first().waitFor();
      const sidebar = await box(page.getByTestId("sidebar"));
      const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(sidebar.height).toBeGreaterThanOrEqual(pageHeight - 1);

      await page.keyboard.press("n");
      const sheet = page.getByRole("dialog");
      await sheet.waitFor();
      await sheet.getByText("Transfer", { exact: true }).click();
      const to = sheet.getByLabel("To");
      await to.selectOption({ label: "BDO Credit Card ·· 4321" });
      // the select is wide enough for its chosen label (measured in the select's own font)
      const [needed, has] = await to.evaluate((select: HTMLSelectElement) => {
        const canvas = document.createElement("canvas").getContext("2d")!;
        const style = getComputedStyle(select);
        canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const label = select.selectedOptions[0]?.textContent ?? "";
        const padding = Number.parseFloat(style.paddingLeft) + Number.parseFloat(style.paddingRight);
        return [canvas.measureText(label).width, select.clientWidth - padding];
      });
      expect(needed).toBeLessThanOrEqual(has);
      await screenshot(page, "quick-add-transfer-desktop");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
