import PDFDocument from "pdfkit";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { RECEIPT_SPECS, renderReceipt } from "../../functions/extraction/fixtures/receipts/index";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack, waitForPath } from "./browser";
import { createAccount, nav, signInOwner, signUpOwner } from "./household-fixtures";

const PASSWORD = "5521-19910704";

function statementPdf(userPassword?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A4",
      userPassword,
      ownerPassword: userPassword ? "owner-secret" : undefined,
      pdfVersion: userPassword ? "1.7ext3" : "1.7",
    });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.text("SECURITY BANK STATEMENT OF ACCOUNT", 50, 60);
    doc.text("Total Amount Due 4,321.00", 50, 90);
    doc.end();
  });
}

const receiptJpeg = (shade: number) =>
  sharp({ create: { width: 300, height: 400, channels: 3, background: { r: 250, g: 250, b: shade } } })
    .jpeg()
    .toBuffer();

const fintrack = startFinTrack(async ({ newContext }) => {
  const context = await newContext(DESKTOP);
  await signUpOwner(context);
  await createAccount(context, {
    name: "GCash",
    kind: "ewallet",
    institution: "GCash",
    openingBalance: "2000",
  });
  await context.close();
});

describe("scan and documents", () => {
  it(
    "a phone photographs a receipt and uploads a protected statement: progress, password retry, live status, review link",
    async () => {
      const context = await fintrack.newContext(PHONE);
      const page = await context.newPage();
      await signInOwner(page);
      await page.goto("/");
      await nav(page, "Scan").click();
      await waitForPath(page, "/scan");
      const take = page.getByTestId("take-photo");
      expect(await take.getAttribute("capture")).toBe("environment");
      expect(await take.getAttribute("accept")).toBe("image/*");

      // a real receipt photo: the extraction function reads it (OCR) through the broker
      const receipt = await renderReceipt(RECEIPT_SPECS[0]!, "clean");
      await take.setInputFiles({
        name: "IMG_0101.jpg",
        mimeType: receipt.mediaType,
        buffer: Buffer.from(receipt.image),
      });
      await page.getByTestId("upload-files").setInputFiles({
        name: "secbank-nov.pdf",
        mimeType: "application/pdf",
        buffer: await statementPdf(PASSWORD),
      });

      const photo = page.getByTestId("scan-entry").filter({ hasText: "IMG_0101.jpg" });
      const statement = page.getByTestId("scan-entry").filter({ hasText: "secbank-nov.pdf" });
      await statement.getByText("Needs password").waitFor();
      await screenshot(page, "scan-password-phone");

      const field = statement.getByLabel("Password for secbank-nov.pdf");
      await field.fill("1234");
      await statement.getByRole("button", { name: "Unlock" }).click();
      await statement
        .getByText("That password does not open “secbank-nov.pdf”. Check it and try again.")
        .waitFor();
      expect(await field.inputValue()).toBe("");
      await field.fill(PASSWORD);
      await statement.getByRole("button", { name: "Unlock" }).click();
      await statement.getByText("Waiting to be read").waitFor();
      // nothing of the password stays in the browser
      const kept = await page.evaluate(
        () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
      );
      expect(kept).not.toContain(PASSWORD);

      // live status: the photo's badge turns into "Ready to review" with a Review link
      await photo.getByText("Ready to review").waitFor({ timeout: 60_000 });
      await screenshot(page, "scan-status-phone");
      await photo.getByRole("link", { name: "Review" }).click();
      await page.getByTestId("document-status").getByText("Ready to review").waitFor();
      // the review screen shows the total OCR read
      await page.getByTestId("draft").waitFor();
      expect(await page.getByTestId("draft").getByLabel("Amount, line 1").inputValue()).toBe(
        `${BigInt(receipt.truth.totalCentavos) / 100n}.${receipt.truth.totalCentavos.slice(-2)}`,
      );
      await screenshot(page, "document-phone");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "the history lists the household's documents with thumbnails and filters; a document can be deleted (desktop)",
    async () => {
      const context = await fintrack.newContext(DESKTOP);
      const page = await context.newPage();
      await signInOwner(page);
      const form = {
        multipart: {
          files: { name: "sm-receipt.jpg", mimeType: "image/jpeg", buffer: await receiptJpeg(120) },
        },
      };
      expect((await context.request.post("/api/documents", form)).status()).toBe(201);
      const pdf = {
        multipart: {
          files: { name: "bdo-oct.pdf", mimeType: "application/pdf", buffer: await statementPdf() },
        },
      };
      expect((await context.request.post("/api/documents", pdf)).status()).toBe(201);

      await page.goto("/");
      await nav(page, "Documents").click();
      await waitForPath(page, "/documents");
      const list = page.getByTestId("document-list");
      await list.getByText("bdo-oct.pdf").waitFor();
      await list.getByText("sm-receipt.jpg").waitFor();
      const thumb = list.locator("li").filter({ hasText: "sm-receipt.jpg" }).locator("img");
      await expect
        .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);
      await screenshot(page, "documents-desktop");

      await page.getByLabel("Kind").selectOption("statement");
      // the statements only (the phone test's statement is one of them)
      await expect.poll(() => list.getByText("sm-receipt.jpg").count()).toBe(0);
      expect(await list.getByText(".jpg").count()).toBe(0);
      await list.getByText("bdo-oct.pdf").click();
      await page.getByRole("link", { name: "Download PDF" }).waitFor();
      await page.getByRole("button", { name: "Delete" }).click();
      await page.getByRole("button", { name: "Tap again to delete" }).click();
      await waitForPath(page, "/documents");
      await list.getByText("sm-receipt.jpg").waitFor();
      expect(await list.getByText("bdo-oct.pdf").count()).toBe(0);
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "quick-add attaches a receipt photo; the transaction shows a receipt icon that opens it (phone)",
    async () => {
      const context = await fintrack.newContext(PHONE);
      const page = await context.newPage();
      await signInOwner(page);
      await page.goto("/transactions");
      await page.getByRole("heading", { name: "Transactions", exact: true }).waitFor();
      await page.getByRole("button", { name: "Add transaction" }).click();
      const sheet = page.getByRole("dialog", { name: "Add transaction" });
      await sheet.getByLabel("Amount", { exact: true }).fill("389.50");
      await sheet.getByLabel("Merchant").fill("Mercury Drug");
      expect(await sheet.getByTestId("attach-receipt").getAttribute("capture")).toBe("environment");
      await sheet
        .getByTestId("attach-receipt")
        .setInputFiles({ name: "mercury.jpg", mimeType: "image/jpeg", buffer: await receiptJpeg(60) });
      await sheet.getByTestId("receipt-attached").getByText("Receipt attached: mercury.jpg.").waitFor();
      await screenshot(page, "quick-add-receipt-phone");
      await sheet.getByRole("button", { name: "Save expense" }).click();
      await sheet.waitFor({ state: "hidden" });
      const row = page
        .locator("li")
        .filter({ has: page.getByTestId("transaction-row").filter({ hasText: "Mercury Drug" }) });
      await row.getByRole("link", { name: "Receipt of Mercury Drug" }).click();
      await page.getByTestId("document-transactions").getByText("Mercury Drug").waitFor();
      // extraction runs beside this page: the plain test photo is waiting, being read, or (nothing on it) not readable
      await page
        .getByTestId("document-status")
        .getByText(/^(Waiting to be read|Reading…?|Could not read)$/)
        .waitFor();
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
