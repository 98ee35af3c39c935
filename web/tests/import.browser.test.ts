import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack, waitForPath } from "./browser";
import { createAccount, nav, plain, signInOwner, signUpOwner } from "./household-fixtures";

// a Notion database export: peso signs, quoted long dates, one bad amount, one unknown category
const notionCsv = [
  "\uFEFFName,Amount,Category,Date,Account,Type,Notes,Tags",
  'Jollibee lunch,₱245.00,Food & Dining,"November 3, 2026",GCash,Expense,,',
  'SM Supermarket,"₱3,456.75",Groceries,"November 5, 2026",BPI Savings,Expense,"Rice, eggs",groceries',
  'Payroll,"₱45,000.00",Salary,"November 15, 2026",BPI Savings,Income,,',
  'Mystery,abc,Food & Dining,"November 16, 2026",BPI Savings,Expense,,',
  'Milk tea,₱150.00,Boba,"November 18, 2026",GCash,Expense,,',
].join("\n");

const file = { name: "Expenses 2026.csv", mimeType: "text/csv", buffer: Buffer.from(notionCsv) };

const fintrack = startFinTrack(async ({ newContext }) => {
  const context = await newContext(DESKTOP);
  await signUpOwner(context);
  await createAccount(context, {
    name: "BPI Savings",
    kind: "bank",
    institution: "BPI",
    openingBalance: "20000",
  });
  await createAccount(context, {
    name: "GCash",
    kind: "ewallet",
    institution: "GCash",
    openingBalance: "2000",
  });
  await context.close();
});

describe("importing a CSV", () => {
  it(
    "previews a Notion export, maps its columns, imports it with progress and undoes it (desktop)",
    async () => {
      const page = await (await fintrack.newContext(DESKTOP)).newPage();
      await signInOwner(page);
      await page.goto("/settings");
      await page.getByTestId("import-export-link").click();
      await waitForPath(page, "/settings/import");

      await page.getByTestId("import-file").setInputFiles(file);
      const preview = page.getByTestId("import-preview");
      await preview.getByText("Jollibee lunch").waitFor();
      expect(await preview.locator("tbody tr").count()).toBe(5);
      await page.getByText("5 rows found.", { exact: false }).waitFor();
      // suggested mapping from the column names
      expect(await page.getByTestId("map-date").inputValue()).toBe("Date");
      expect(await page.getByTestId("map-amount").inputValue()).toBe("Amount");
      expect(await page.getByTestId("map-category").inputValue()).toBe("Category");
      expect(await page.getByTestId("map-merchant").inputValue()).toBe("Name");
      expect(await page.getByLabel("Create missing categories").isChecked()).toBe(true);
      await screenshot(page, "import-preview-desktop");

      await page.getByRole("button", { name: "Continue with 5 rows" }).click();
      await page.getByTestId("import-account-names").waitFor();
      await page.getByRole("button", { name: "Import 4 rows" }).click();
      await page.getByRole("heading", { name: "Import finished" }).waitFor({ timeout: 20_000 });
      expect(await page.getByTestId("import-progress").getAttribute("aria-valuenow")).toBe("100");
      expect(plain(await page.getByTestId("import-imported").textContent())).toBe("4");
      expect(plain(await page.getByTestId("import-errors").textContent())).toBe("1");
      // the unreadable row is counted once, not again as skipped
      expect(plain(await page.getByTestId("import-skipped").textContent())).toBe("0");
      await page
        .getByText(/^Row \d+$/)
        .first()
        .waitFor();
      await page.getByTestId("past-imports").getByText("Expenses 2026.csv").waitFor();
      await screenshot(page, "import-done-desktop");

      await page.getByRole("link", { name: "View transactions" }).click();
      await waitForPath(page, "/transactions");
      for (const name of ["Jollibee lunch", "SM Supermarket", "Payroll", "Milk tea"]) {
        await page.getByTestId("transaction-row").filter({ hasText: name }).first().waitFor();
      }
      const milkTea = page.getByTestId("transaction-row").filter({ hasText: "Milk tea" });
      expect(plain(await milkTea.textContent())).toContain("Boba");

      // export: a CSV of everything, downloaded through the page (the session cookie rides along)
      await page.goto("/settings/import");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Export CSV" }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const { readFile } = await import("node:fs/promises");
      const exported = await readFile((await download.path()) ?? "", "utf8");
      expect(exported).toContain("Milk tea");

      // undo the whole import from the list of past imports
      const past = page.getByTestId("past-imports");
      // undo asks first, naming the count and the file
      let asked = "";
      page.once("dialog", (dialog) => {
        asked = dialog.message();
        void dialog.accept();
      });
      await past.getByRole("button", { name: "Undo" }).click();
      await past.getByText(/Undone/).waitFor();
      expect(asked).toBe("Remove 4 transactions imported from Expenses 2026.csv?");
      await nav(page, "Transactions").click();
      await page.getByTestId("transactions-empty").waitFor();
      await page.context().close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "imports the same kind of file from a phone with the remembered mapping",
    async () => {
      const context = await fintrack.newContext(PHONE, "dark");
      const page = await context.newPage();
      await signInOwner(page);
      await page.goto("/settings/import");
      await page.getByTestId("import-file").setInputFiles(file);
      await page.getByTestId("import-preview").getByText("SM Supermarket").waitFor();
      await page.getByTestId("remembered-mapping").waitFor();
      expect(await page.getByTestId("map-date").inputValue()).toBe("Date");
      await screenshot(page, "import-preview-phone");
      await page.getByRole("button", { name: "Continue with 5 rows" }).click();
      await page.getByTestId("import-account-names").waitFor();
      await page.getByRole("button", { name: "Import 4 rows" }).click();
      await page.getByRole("heading", { name: "Import finished" }).waitFor({ timeout: 20_000 });
      expect(plain(await page.getByTestId("import-imported").textContent())).toBe("4");
      await screenshot(page, "import-done-phone");
      await nav(page, "Home").click();
      await page.getByTestId("recent-transactions").getByText("Milk tea").waitFor();
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "imports the same file again, then undoes the earlier import: its rows stay with the new one",
    async () => {
      const page = await (await fintrack.newContext(DESKTOP)).newPage();
      await signInOwner(page);
      await page.goto("/settings/import");
      await page.getByTestId("import-file").setInputFiles(file);
      await page.getByTestId("remembered-mapping").waitFor();
      await page.getByRole("button", { name: "Continue with 5 rows" }).click();
      await page.getByRole("button", { name: "Import 4 rows" }).click();
      await page.getByRole("heading", { name: "Import finished" }).waitFor({ timeout: 20_000 });
      // every row is already there from the phone's import
      expect(plain(await page.getByTestId("import-imported").textContent())).toBe("0");

      // newest first: this import, the phone's, the undone desktop one
      const past = page.getByTestId("past-imports").locator("li");
      await past
        .nth(2)
        .getByText(/Undone/)
        .waitFor();
      page.once("dialog", (dialog) => void dialog.accept());
      await past.nth(1).getByRole("button", { name: "Undo" }).click();
      const toast = page.getByTestId("toast");
      await toast.getByText(/4 rows kept/).waitFor();
      expect(plain(await toast.textContent())).toContain("0 rows removed");
      await past
        .nth(1)
        .getByText(/Undone/)
        .waitFor();
      await nav(page, "Home").click();
      await page.getByTestId("recent-transactions").getByText("Milk tea").waitFor();
      await page.context().close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "maps an account FinTrack does not have to a new e-wallet from a phone and shows it on the result screen",
    async () => {
      const context = await fintrack.newContext(PHONE);
      const page = await context.newPage();
      await signInOwner(page);
      await page.goto("/settings/import");
      const csv = [
        "\uFEFFName,Amount,Category,Date,Account,Type,Notes",
        'Load,₱100.00,Food & Dining,"November 6, 2025",Maya,Expense,',
        'Top up,₱500.00,,"November 7, 2025",gcash → maya,Transfer,',
      ].join("\r\n");
      await page
        .getByTestId("import-file")
        .setInputFiles({ name: "Maya.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await page.getByTestId("import-preview").getByText("Top up").waitFor();
      await page.getByRole("button", { name: "Continue with 2 rows" }).click();
      const names = page.getByTestId("import-account-names");
      await names.waitFor();
      // "gcash" is GCash; "Maya" is unknown and defaults to a new e-wallet
      expect(await page.getByTestId("account-answer-gcash").locator("option:checked").textContent()).toBe(
        "GCash",
      );
      await page.getByTestId("account-answer-Maya").selectOption("new:ewallet");
      await page.getByTestId("account-balance-Maya").fill("1000");
      await page
        .getByTestId("import-opening-balances")
        .getByText(/Maya: 2 rows before its start date/)
        .waitFor();
      await screenshot(page, "import-names-phone");
      await page.getByRole("button", { name: "Import 2 rows" }).click();
      await page.getByRole("heading", { name: "Import finished" }).waitFor({ timeout: 20_000 });
      const result = page.getByTestId("import-names-result");
      await result.getByText("Created e-wallet “Maya”").waitFor();
      await result.getByText(/Maya: start date moved/).waitFor();
      expect(plain(await page.getByTestId("import-imported").textContent())).toBe("2");
      await screenshot(page, "import-names-done-phone");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "says on a phone why each row of an overlapping file was already there",
    async () => {
      const context = await fintrack.newContext(PHONE);
      const page = await context.newPage();
      await signInOwner(page);
      const header = "\uFEFFName,Amount,Category,Date,Account,Type,Notes,Tags";
      const kape = 'Kape,₱120.00,Food & Dining,"November 20, 2026",GCash,Expense,,';
      const pandesal = 'Pandesal,₱45.00,Food & Dining,"November 21, 2026",GCash,Expense,,';
      const taho = 'Taho,₱30.00,Food & Dining,"November 22, 2026",GCash,Expense,,';
      const importCsv = async (name: string, lines: string[]) => {
        await page.goto("/settings/import");
        await page
          .getByTestId("import-file")
          .setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from([header, ...lines].join("\n")) });
        await page.getByTestId("remembered-mapping").waitFor();
        await page.getByRole("button", { name: `Continue with ${lines.length} rows` }).click();
        await page.getByTestId("import-account-names").waitFor();
        await page.getByRole("button", { name: `Import ${lines.length} rows` }).click();
        await page.getByRole("heading", { name: "Import finished" }).waitFor({ timeout: 20_000 });
      };
      await importCsv("Coffee.csv", [kape, pandesal]);
      await importCsv("Coffee again.csv", [kape, pandesal, taho]);
      expect(plain(await page.getByTestId("import-imported").textContent())).toBe("1");
      expect(plain(await page.getByTestId("import-skipped").textContent())).toBe("2");

      // collapsed under the count until asked
      const rows = page.getByTestId("import-duplicate-row");
      expect(await rows.first().isVisible()).toBe(false);
      await page.getByTestId("import-duplicates-note").click();
      await rows.first().waitFor();
      expect(await rows.count()).toBe(2);
      const today = new Intl.DateTimeFormat("en-PH", {
        timeZone: "Asia/Manila",
        month: "short",
        day: "numeric",
        year: "numeric",
      }).format(new Date());
      const first = plain(await rows.first().textContent());
      for (const part of [
        "Row 2",
        "Nov 20, 2026",
        "₱120.00",
        "Kape",
        `Already imported on ${today} from Coffee.csv`,
      ]) {
        expect(first).toContain(part);
      }
      expect(plain(await rows.nth(1).textContent())).toContain("Pandesal");
      const box = await rows.first().boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, "import-duplicates-phone");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "keeps a long file name inside the drop zone on a phone",
    async () => {
      const context = await fintrack.newContext(PHONE);
      const page = await context.newPage();
      await signInOwner(page);
      await page.goto("/settings/import");
      const name = `${"HouseholdLedgerExport_".repeat(6)}2026.csv`;
      // a NUL byte makes the upload a 422, so the drop zone stays with the chosen name
      await page.getByTestId("import-file").setInputFiles({
        name,
        mimeType: "text/csv",
        buffer: Buffer.from("Date,Amount\n2026-01-09,1.00\u0000\n"),
      });
      await page.getByRole("alert").first().waitFor();
      const shown = page.getByTestId("import-file-name");
      expect(plain(await shown.textContent())).toBe(name);
      const box = await shown.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
