import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack } from "./browser";
import { nav, signUpOwner } from "./household-fixtures";

const fintrack = startFinTrack();
const KEY = "AIza-browser-test-key-7xyz";

describe("settings: AI extraction", () => {
  it(
    "the owner orders the chain, saves a key shown only by its last 4, sets a cap; the partner on a phone reads it but cannot change it",
    async () => {
      const owner = await fintrack.newContext(DESKTOP);
      await signUpOwner(owner);
      const page = await owner.newPage();
      await page.goto("/settings");
      await page.getByTestId("ai-settings-link").click();
      await page.getByTestId("ai-settings").waitFor();
      const chain = page.getByTestId("ai-chain");
      // nothing configured: offline only
      expect(await chain.locator("li").allTextContents()).toEqual([expect.stringContaining("Offline")]);

      await page.getByRole("button", { name: "Add Gemini" }).click();
      await page.getByRole("button", { name: "Add Claude" }).click();
      expect((await chain.locator("li").allTextContents()).map((t) => t.replace(/[↑↓✕]/g, ""))).toEqual([
        expect.stringContaining("Gemini"),
        expect.stringContaining("Claude"),
        expect.stringContaining("Offline"),
      ]);
      await page.getByRole("button", { name: "Move Claude up" }).click();
      expect(await chain.locator("li").first().textContent()).toContain("Claude");

      // a bad key is refused by the server, and not echoed
      const gemini = page.getByTestId("ai-provider-gemini");
      await gemini.getByLabel("API key").fill("short");
      await page.getByTestId("ai-save").click();
      await page.getByRole("alert").first().waitFor();
      expect(await page.content()).not.toContain('value="short"');

      await gemini.getByLabel("API key").fill(KEY);
      await gemini.getByLabel("Monthly cap (₱)").fill("250");
      await page.getByTestId("ai-save").click();
      await page.getByText("AI settings saved.").waitFor();
      await page.getByText("Key set, ends …7xyz").waitFor();
      expect(await gemini.getByLabel("Replace API key").inputValue()).toBe("");
      expect(await page.getByTestId("ai-usage-gemini").textContent()).toMatch(
        /This month: ₱0\.00 of ₱250\.00/,
      );
      const privacy = page.getByTestId("ai-privacy");
      expect(await privacy.textContent()).toContain("generativelanguage.googleapis.com");
      expect(await privacy.textContent()).toContain("card numbers masked to the last 4 digits");
      await screenshot(page, "settings-ai-desktop");

      await page.reload();
      await page.getByTestId("ai-settings").waitFor();
      expect((await chain.locator("li").allTextContents()).map((t) => t.replace(/[↑↓✕]/g, ""))).toEqual([
        expect.stringContaining("Claude"),
        expect.stringContaining("Gemini"),
        expect.stringContaining("Offline"),
      ]);
      expect(await page.content()).not.toContain(KEY);

      // local only: the cloud providers are shown as off
      await page.getByLabel("Local only").check();
      await page.getByRole("button", { name: "Add Ollama (homelab)" }).click();
      await page
        .getByTestId("ai-provider-ollama")
        .getByLabel("Ollama address")
        .fill("http://ollama.homelab:11434");
      await page.getByTestId("ai-save").click();
      await page.getByText("AI settings saved.").waitFor();
      await page.getByText("ollama.homelab:11434").first().waitFor();
      expect(await privacy.textContent()).toContain("off (local only)");

      const invite = await owner.request.post("/api/auth/invites");
      const { code } = (await invite.json()) as { code: string };
      const partner = await fintrack.newContext(PHONE);
      const joined = await partner.request.post("/api/auth/register", {
        data: {
          email: "juan@example.ph",
          password: "kalamansi-juice-7",
          name: "Juan dela Cruz",
          inviteCode: code,
        },
      });
      expect(joined.status()).toBe(201);
      const phone = await partner.newPage();
      await phone.goto("/");
      await nav(phone, "Settings").click();
      await phone.getByTestId("ai-settings-link").click();
      await phone.getByTestId("ai-read-only").waitFor();
      expect(await phone.getByTestId("ai-save").count()).toBe(0);
      expect(await phone.getByRole("button", { name: /Move .* up/ }).count()).toBe(0);
      expect(await phone.getByText("Key set, ends …7xyz").count()).toBe(1);
      expect(await phone.content()).not.toContain(KEY);
      // nothing overflows the phone's width
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
      await screenshot(phone, "settings-ai-partner-phone");
      await owner.close();
      await partner.close();
    },
    BROWSER_TIMEOUT,
  );
});
