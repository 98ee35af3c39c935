import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, startFinTrack, takeCspViolations } from "./browser";

const fintrack = startFinTrack();

describe("Content-Security-Policy in the browser", () => {
  it(
    "reports what the policy blocks (so every browser test fails on a violation)",
    async () => {
      const page = await (await fintrack.newContext(DESKTOP)).newPage();
      await page.goto("/register");
      await page.getByRole("heading").first().waitFor();
      expect(takeCspViolations()).toEqual([]);
      // an injected inline script is refused, and the refusal is seen
      await page.evaluate(() => {
        const s = document.createElement("script");
        s.textContent = "window.__ran = true";
        document.head.append(s);
      });
      const seen: string[] = [];
      await expect.poll(() => seen.push(...takeCspViolations())).toBeGreaterThanOrEqual(2);
      // reported both ways: the securitypolicyviolation event and the console
      expect(seen.some((v) => v.includes("script-src"))).toBe(true);
      expect(seen.some((v) => v.startsWith("console:"))).toBe(true);
      expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "renders the API docs (Swagger UI) under their own policy without a violation",
    async () => {
      const page = await (await fintrack.newContext(DESKTOP)).newPage();
      const response = await page.goto("/api/docs");
      expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
      await page.getByText("FinTrack API").first().waitFor();
      await page.locator(".opblock").first().waitFor();
      // afterEach fails the test on any violation seen here
    },
    BROWSER_TIMEOUT,
  );
});
