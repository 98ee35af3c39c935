import { describe, expect, it } from "vitest";
import { statementFixtures } from "../../functions/extraction/fixtures/statements/index";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack, waitForPath } from "./browser";
import { createAccount, nav, plain, signInOwner, signUpOwner } from "./household-fixtures";

const fintrack = startFinTrack(async ({ newContext }) => {
  const context = await newContext(DESKTOP);
  await signUpOwner(context);
  await createAccount(context, { name: "Metrobank Savings", kind: "bank", openingBalance: "50000" });
  await createAccount(context, {
    name: "Metrobank Titanium",
    kind: "credit_card",
    card: { last4: "5678", creditLimit: "200000", statementDay: 7, dueDay: 27 },
  });
  await context.close();
});

describe("scan → review → confirm", () => {
  it(
    "a phone uploads a protected statement, extraction reads it, the member reviews and confirms every line",
    async () => {
      const fixture = (await statementFixtures()).find((f) => f.name === "metrobank-nov-dec-encrypted")!;
      const lines = fixture.spec.lines.length;
      const context = await fintrack.newContext(PHONE);
      const page = await context.newPage();
      await signInOwner(page);
      await page.goto("/");
      await nav(page, "Scan").click();
      await waitForPath(page, "/scan");
      await page.getByTestId("upload-files").setInputFiles({
        name: "metrobank-dec.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from(fixture.pdf),
      });
      const entry = page.getByTestId("scan-entry").filter({ hasText: "metrobank-dec.pdf" });
      await entry.getByLabel("Password for metrobank-dec.pdf").fill(fixture.password!);
      await entry.getByRole("button", { name: "Unlock" }).click();
      // the extraction function reads it (through the broker) and the status turns live
      await entry.getByText("Ready to review").waitFor({ timeout: 60_000 });
      await entry.getByRole("link", { name: "Review" }).click();

      const review = page.getByTestId("document-drafts");
      await review.waitFor();
      await expect.poll(() => review.getByTestId("draft").count()).toBe(lines);
      expect(plain(await review.getByTestId("statement-summary").textContent())).toContain("•••• 5678");
      expect(
        await page
          .getByLabel("Card for every line")
          .evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text),
      ).toBe("Metrobank Titanium");
      // the card payment: where the money came from
      const payment = review.getByTestId("draft").filter({ has: page.getByLabel(/^Paid from, line/) });
      await payment.getByLabel(/^Paid from, line/).selectOption({ label: "Metrobank Savings" });
      await payment.getByLabel(/^Include, line/).check();
      await expect.poll(() => payment.getAttribute("data-include")).toBe("true");
      await screenshot(page, "review-statement-phone");
      await page.getByRole("button", { name: `Confirm ${lines} transactions` }).click();
      await review.getByTestId("confirm-result").waitFor();
      expect(plain(await review.getByTestId("confirm-result").textContent())).toContain(
        `Recorded ${lines} transactions and the statement cycle`,
      );
      // the document links to what was recorded
      await expect.poll(() => page.getByTestId("document-transactions").locator("li").count()).toBe(lines);
      await screenshot(page, "review-confirmed-phone");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
