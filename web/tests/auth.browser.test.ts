import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack, waitForPath } from "./browser";

const owner = { name: "Maria Santos", email: "maria@example.ph", password: "sampaguita-2026" };

// arrange through the public API: the household already has its owner
const fintrack = startFinTrack(async ({ url }) => {
  const response = await fetch(`${url}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(owner),
  });
  if (response.status !== 201)
    throw new Error(`owner registration failed: ${response.status} ${await response.text()}`);
});

/** A new desktop browser where the owner has signed in on the sign-in page. */
async function deviceSignedInThroughTheForm(): Promise<Page> {
  const page = await (await fintrack.newContext(DESKTOP)).newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await waitForPath(page, "/");
  return page;
}

describe("signing in and out", () => {
  it(
    "signs in, signs out, and returns to the page asked for after signing in again",
    async () => {
      const page = await (await fintrack.newContext(PHONE)).newPage();

      await page.goto("/");
      await waitForPath(page, "/login");
      await screenshot(page, "login-phone");
      // once the owner exists, setup is closed
      await page.goto("/register");
      await page.getByRole("heading", { name: "FinTrack is already set up" }).waitFor();

      await page.goto("/login");
      await page.getByLabel("Email").fill(owner.email);
      await page.getByLabel("Password").fill("not-the-password");
      await page.getByRole("button", { name: "Sign in" }).click();
      const alert = page.getByRole("alert");
      await alert.waitFor();
      expect((await alert.textContent())?.length).toBeGreaterThan(0);

      await page.getByLabel("Password").fill(owner.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await waitForPath(page, "/");
      await page.getByRole("heading", { level: 1, name: /Maria/ }).waitFor();

      await page.getByRole("button", { name: "Sign out" }).click();
      await waitForPath(page, "/login");

      // a signed-out visit to a page goes to sign-in and comes back afterwards
      await page.goto("/settings");
      await page.waitForURL(
        (url) => url.pathname === "/login" && url.searchParams.get("next") === "/settings",
      );
      await page.getByLabel("Email").fill(owner.email);
      await page.getByLabel("Password").fill(owner.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await waitForPath(page, "/settings");
      await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "lists this device among the sessions and can sign the others out",
    async () => {
      // a second device signs in first
      const other = await deviceSignedInThroughTheForm();
      const page = await deviceSignedInThroughTheForm();
      await page.goto("/settings");
      const sessions = page.getByTestId("session-list");
      await sessions.getByText("This device").waitFor();
      await page.getByRole("button", { name: "Sign out all other devices" }).click();
      await page.getByRole("button", { name: "Sign out all other devices" }).waitFor({ state: "detached" });
      expect(await sessions.locator("li").count()).toBe(1);

      // the other device is sent to sign in on its next request
      await other.goto("/settings");
      await other.waitForURL((url) => url.pathname === "/login");
    },
    BROWSER_TIMEOUT,
  );

  it(
    "answers an unknown page with a 404 status and a Not Found page",
    async () => {
      const page = await (await fintrack.newContext(DESKTOP)).newPage();
      const response = await page.goto("/no-such-page");
      expect(response?.status()).toBe(404);
      await page.getByRole("heading", { name: "Page not found" }).waitFor();
      await screenshot(page, "not-found-desktop");
      expect((await page.goto("/login"))?.status()).toBe(200);
    },
    BROWSER_TIMEOUT,
  );
});
