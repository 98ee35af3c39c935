import { afterAll, describe, expect, it } from "vitest";
import type { AiAnswer, AiProvider } from "../../functions/extraction/ai/provider";
import { setProviderFactory } from "../../functions/extraction/ai/registry";
import { RECEIPT_SPECS, renderReceipt } from "../../functions/extraction/fixtures/receipts/index";
import { statementSpecs } from "../../functions/extraction/fixtures/statements/index";
import { renderStatement } from "../../functions/extraction/fixtures/statements/render";
import type { DraftLine } from "../../functions/extraction/result";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack, waitForPath } from "./browser";
import { nav, plain, signInOwner, signUpOwner } from "./household-fixtures";

// the server runs in this process: a scriptable Gemini stands in for the real one
const undo = setProviderFactory((name) => {
  if (name !== "gemini") throw new Error("provider not built");
  const gemini: AiProvider = {
    name: "gemini",
    local: false,
    async extract(req) {
      if (req.kind === "statement") return { ...statementAnswer(), model: "gemini-2.5-flash" };
      const line = {
        date: "2026-01-02",
        postingDate: null,
        description: "Mercury Drug",
        merchant: "Mercury Drug",
        amountCentavos: "99900",
        direction: "debit" as const,
        kind: "purchase" as const,
        foreignCurrency: null,
        foreignAmount: null,
        installment: null,
        categoryHint: "Health",
        confidence: 0.95,
      };
      return {
        result: {
          kind: "receipt",
          receipt: {
            merchant: "Mercury Drug",
            merchantConfidence: 0.95,
            date: "2026-01-02",
            dateConfidence: 0.95,
            totalCentavos: "99900",
            totalConfidence: 0.95,
            tin: null,
          },
          lines: [line],
          warnings: [],
        },
        usage: { inputTokens: 1800, outputTokens: 240 },
        model: "gemini-2.5-flash",
      };
    },
  };
  return gemini;
});
afterAll(() => undo());

// the RCBC fixture as Gemini might read it: one line more (third) and one fewer (the fifth),
// the installment line with its plan total
const rcbc = statementSpecs().find((x) => x.name === "rcbc-period")!;
const missed = rcbc.lines[4]!;
function statementAnswer(): Omit<AiAnswer, "model"> {
  const lines: DraftLine[] = rcbc.lines
    .filter((l) => l !== missed)
    .map((l) => ({ ...l, merchant: null, categoryHint: null, confidence: 0.95 }));
  lines.splice(2, 0, {
    date: "2026-01-05",
    postingDate: null,
    description: "ANGKAS MOTO TAXI",
    merchant: null,
    amountCentavos: "32100",
    direction: "debit",
    kind: "purchase",
    foreignCurrency: null,
    foreignAmount: null,
    installment: null,
    categoryHint: null,
    confidence: 0.95,
  });
  return {
    result: { kind: "statement", statement: rcbc.summary, lines, warnings: [] },
    usage: { inputTokens: 4000, outputTokens: 900 },
  };
}

const fintrack = startFinTrack(async ({ newContext }) => {
  const context = await newContext(DESKTOP);
  await signUpOwner(context);
  const card = await context.request.post("/api/accounts", {
    data: {
      name: "RCBC Flex",
      kind: "credit_card",
      openingDate: "2025-01-01",
      card: { last4: "9942", creditLimit: "180000", statementDay: 20, dueDay: 9 },
    },
  });
  expect(card.status()).toBe(201);
  const saved = await context.request.put("/api/extraction/ai/settings", {
    data: {
      chain: ["gemini", "offline"],
      localOnly: false,
      providers: { gemini: { apiKey: "AIza-review-key-0042" } },
    },
  });
  expect(saved.status()).toBe(200);
  await context.close();
});

describe("AI extraction on the document page", () => {
  it(
    "with a key configured, a receipt photographed on a phone becomes a draft with no paste step; the page names the provider and highlights where the OCR disagrees",
    async () => {
      const fixture = await renderReceipt(RECEIPT_SPECS[0]!, "clean");
      const phone = await fintrack.newContext(PHONE);
      const page = await phone.newPage();
      await signInOwner(page);
      await page.goto("/");
      await nav(page, "Scan").click();
      await waitForPath(page, "/scan");
      await page.getByTestId("upload-files").setInputFiles({
        name: "receipt.png",
        mimeType: fixture.mediaType,
        buffer: Buffer.from(fixture.image),
      });
      const entry = page.getByTestId("scan-entry").filter({ hasText: "receipt.png" });
      await entry.getByText("Ready to review").waitFor({ timeout: 90_000 });
      await entry.getByRole("link", { name: "Review" }).click();

      const runs = page.getByTestId("extraction-runs");
      await runs.waitFor();
      const runsText = plain(await runs.textContent());
      expect(runsText).toContain("Gemini: read it · gemini-2.5-flash");
      expect(runsText).toContain("1,800 in / 240 out tokens");
      expect(runsText).toContain("(to compare)");
      const review = page.getByTestId("document-drafts");
      await expect.poll(() => review.getByTestId("draft").count()).toBe(1);
      const notes = review.getByTestId("compare-notes");
      await notes.waitFor();
      const total = plain(await notes.locator("[data-field='totalCentavos']").textContent());
      expect(total).toContain("AI read ₱999.00");
      expect(total).toContain("offline read ₱");
      const lineDiffs = review.getByTestId("draft").getByTestId("draft-diffs");
      expect(plain(await lineDiffs.textContent())).toContain("amount: AI read ₱999.00");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
      await screenshot(page, "review-ai-compare-phone");
      const url = page.url();
      await phone.close();

      const desktop = await fintrack.newContext(DESKTOP);
      const wide = await desktop.newPage();
      await signInOwner(wide);
      await wide.goto(url);
      await wide.getByTestId("extraction-runs").waitFor();
      await wide.getByTestId("draft-diffs").first().waitFor();
      await screenshot(wide, "review-ai-compare-desktop");
      await desktop.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "a statement the AI read with one line more and one fewer: the extra draft is badged, the missed line listed, no line set against the wrong one",
    async () => {
      const phone = await fintrack.newContext(PHONE);
      const page = await phone.newPage();
      await signInOwner(page);
      await page.goto("/");
      await nav(page, "Scan").click();
      await waitForPath(page, "/scan");
      await page.getByTestId("upload-files").setInputFiles({
        name: "rcbc-jan.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from(await renderStatement(rcbc)),
      });
      const entry = page.getByTestId("scan-entry").filter({ hasText: "rcbc-jan.pdf" });
      await entry.getByText("Ready to review").waitFor({ timeout: 90_000 });
      await entry.getByRole("link", { name: "Review" }).click();

      const review = page.getByTestId("document-drafts");
      await expect.poll(() => review.getByTestId("draft").count()).toBe(rcbc.lines.length);
      const notes = review.getByTestId("compare-notes");
      await notes.waitFor();
      expect(plain(await notes.getByTestId("compare-ai-only").textContent())).toContain(
        "Only the AI found 1 line",
      );
      const offlineOnly = plain(await notes.getByTestId("compare-offline-only").textContent());
      expect(offlineOnly).toContain(missed.description);
      // every other line pairs with its own: no field disagreements at all
      expect(await review.getByTestId("draft-diffs").count()).toBe(0);
      const badged = review.getByTestId("draft").filter({ has: page.getByTestId("ai-only-badge") });
      expect(await badged.count()).toBe(1);
      expect(plain(await badged.textContent())).toContain("ANGKAS MOTO TAXI");
      expect(plain(await review.getByTestId("plan-note").textContent())).toBe(
        "Starts a new installment plan from this statement (₱15,000.00 over 6 months)",
      );
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
      await notes.scrollIntoViewIfNeeded();
      await screenshot(page, "review-ai-compare-statement-phone");
      await phone.close();
    },
    BROWSER_TIMEOUT,
  );
});
