import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack, waitForPath } from "./browser";
import { createAccount, nav, plain, signInOwner, signUpOwner } from "./household-fixtures";

const fintrack = startFinTrack(async ({ newContext }) => {
  const context = await newContext(DESKTOP);
  await signUpOwner(context);
  await createAccount(context, { name: "BPI Savings", kind: "bank", openingBalance: "20000" });
  await createAccount(context, {
    name: "BPI Gold",
    kind: "credit_card",
    card: { last4: "4321", creditLimit: "50000", statementDay: 20, dueDay: 9 },
  });
  await context.close();
});

// what an AI chat answers: prose, a code fence, peso strings, a trailing comma
const statementAnswer = `Here you go:
\`\`\`json
{"kind": "statement",
 "statement": {"cardLast4": "4321", "statementDate": "Jan 20, 2026", "dueDate": "02/09/2026", "totalDue": "₱1,069.50", "minimumDue": "₱850.00"},
 "lines": [
  {"date": "2026-01-03", "description": "JOLLIBEE #123 MAKATI", "merchant": "Jollibee", "amount": "₱520.50", "direction": "debit"},
  {"date": "2026-01-05", "description": "NETFLIX.COM", "amount": "549.00", "direction": "debit", "category": "Subscriptions"},
  {"date": "2026-01-08", "description": "PAYMENT - THANK YOU", "amount": "3,000.00", "direction": "credit", "kind": "payment"},
 ]}
\`\`\``;

describe("manual paste", () => {
  it(
    "pastes a statement answer on a phone, chooses where the payment came from, and confirms",
    async () => {
      const context = await fintrack.newContext(PHONE);
      const page = await context.newPage();
      await signInOwner(page);
      await page.goto("/paste");
      await page.getByRole("heading", { name: "Paste an AI answer" }).waitFor();
      await page.getByText("Card statement").click();
      await page.getByRole("button", { name: "Copy prompt" }).waitFor();
      await page.getByText("Show the prompt").click();
      expect(await page.getByTestId("paste-prompt").textContent()).toContain("card ending 4321");

      // a malformed answer: errors per field
      await page
        .getByTestId("paste-text")
        .fill('{"kind": "receipt", "lines": [{"date": "soon", "amount": "x"}]}');
      await page.getByRole("button", { name: "Read the answer" }).click();
      await page.getByTestId("paste-errors").waitFor();
      expect(plain(await page.getByTestId("paste-errors").textContent())).toContain("lines.0.date");
      await screenshot(page, "paste-errors-phone");

      await page.getByTestId("paste-text").fill(statementAnswer);
      await page.getByRole("button", { name: "Read the answer" }).click();
      await page.getByTestId("document-drafts").waitFor();
      await expect.poll(() => page.getByTestId("draft").count()).toBe(3);
      expect(plain(await page.getByTestId("statement-summary").textContent())).toContain("•••• 4321");
      // the payment starts excluded until its source account is chosen
      const payment = page.getByTestId("draft").filter({ hasText: "PAYMENT - THANK YOU" });
      expect(await payment.getAttribute("data-include")).toBe("false");
      await payment.getByLabel("Paid from, line 3").selectOption({ label: "BPI Savings" });
      await payment.getByLabel("Include, line 3").check();
      await expect.poll(() => payment.getAttribute("data-include")).toBe("true");
      await screenshot(page, "paste-review-phone");
      await page.getByRole("button", { name: "Confirm 3 transactions" }).click();
      await page.getByTestId("confirm-result").waitFor();
      expect(plain(await page.getByTestId("confirm-result").textContent())).toContain(
        "Recorded 3 transactions and the statement cycle",
      );
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "pastes a receipt answer on a desktop, picks the account, and sees a duplicate badge the second time",
    async () => {
      const context = await fintrack.newContext(DESKTOP);
      const page = await context.newPage();
      await signInOwner(page);
      await page.goto("/");
      await nav(page, "Paste AI answer").click();
      await waitForPath(page, "/paste");
      const receipt =
        "{'kind': 'receipt', 'receipt': {'merchant': 'Mercury Drug', 'date': '5 Jan 2026', 'total': 'PHP 1,234.50'}, 'lines': [],}";
      await page.getByTestId("paste-text").fill(receipt);
      await page.getByRole("button", { name: "Read the answer" }).click();
      const draft = page.getByTestId("draft");
      await draft.waitFor();
      await page.getByLabel("Account for every line").selectOption({ label: "BPI Savings" });
      await expect
        .poll(() =>
          draft
            .getByLabel("Account, line 1")
            .evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text),
        )
        .toBe("BPI Savings");
      await draft.getByLabel("Amount, line 1").fill("1,200.00");
      // no blur and no wait: the click itself ends the edit, and Confirm waits for its save
      await page.getByRole("button", { name: "Confirm 1 transaction" }).click();
      await page.getByTestId("confirm-result").waitFor();
      await screenshot(page, "paste-confirmed-desktop");

      await page.getByRole("button", { name: "Paste another" }).click();
      await page.getByTestId("paste-text").fill(receipt.replace("1,234.50", "1,200.00"));
      await page.getByRole("button", { name: "Read the answer" }).click();
      await page.getByTestId("duplicate-badge").waitFor();
      expect(await page.getByTestId("draft").getAttribute("data-include")).toBe("false");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
