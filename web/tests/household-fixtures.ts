/** Arranges a household through the public API, so browser tests spend their time on the page under test. */

import type { APIRequestContext, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";

export async function signUpOwner(context: BrowserContext, name = "Maria Santos"): Promise<void> {
  const response = await context.request.post("/api/auth/register", {
    data: { email: `${name.split(" ")[0]?.toLowerCase()}@example.ph`, password: "sampaguita-2026", name },
  });
  expect(response.status(), await response.text()).toBeLessThan(300);
}

/** Signs the owner in (the one `signUpOwner` registered) on a context or page that has no session yet. */
export async function signInOwner(visitor: { request: APIRequestContext }): Promise<void> {
  const login = await visitor.request.post("/api/auth/login", {
    data: { email: "maria@example.ph", password: "sampaguita-2026" },
  });
  expect(login.status()).toBe(200);
}

export async function createAccount(
  context: BrowserContext,
  body: Record<string, unknown>,
): Promise<{ id: string; name: string }> {
  const response = await context.request.post("/api/accounts", { data: body });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string; name: string };
}

export async function createTransaction(
  context: BrowserContext,
  body: Record<string, unknown>,
): Promise<void> {
  const response = await context.request.post("/api/transactions", { data: body });
  expect(response.status(), await response.text()).toBe(201);
}

/** Normalises Intl's spacing so "₱1,234.56" compares as typed. */
export const plain = (text: string | null) => (text ?? "").replace(/\s/g, " ").trim();

/**
 * A page in the main nav: the side bar on desktop; on a phone the tab bar, or behind its "More"
 * button for the pages that are not tabs. Only the visible nav matches.
 */
export const nav = (page: Page, name: string) => ({
  async click() {
    const main = page.locator("nav[aria-label='Main']:visible");
    await main.waitFor();
    const link = main.getByRole("link", { name, exact: true });
    if (!(await link.isVisible())) await main.getByRole("button", { name: "More", exact: true }).click();
    await link.click();
  },
});

/** The text of the first element with `testId`, spacing normalised. */
export const text = async (page: Page, testId: string) =>
  plain(await page.getByTestId(testId).first().textContent());

/** Waits up to 10 s until the first element with `testId` shows `expected`. */
export const expectText = (page: Page, testId: string, expected: string) =>
  expect.poll(() => text(page, testId), { timeout: 10_000 }).toBe(expected);
