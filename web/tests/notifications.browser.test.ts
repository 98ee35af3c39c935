import { randomUUID } from "node:crypto";
import { signEvent } from "@fintrack/events";
import { CloudEvent } from "cloudevents";
import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack } from "./browser";
import { plain, signInOwner, signUpOwner } from "./household-fixtures";

// one FinTrack has one household: its owner signs up once, each test signs in afresh
const fintrack = startFinTrack(async (f) => {
  const context = await f.newContext();
  await signUpOwner(context);
  await context.close();
});

async function signedIn(viewport: { width: number; height: number }) {
  const context = await fintrack.newContext(viewport);
  await signInOwner(context);
  // start from an empty bell
  await context.request.post("/api/notifications/read-all", { headers: { origin: fintrack.url } });
  await context.request.delete("/api/notifications/read", { headers: { origin: fintrack.url } });
  // and the default preferences (another test changes them)
  await context.request.put("/api/notifications/preferences", {
    headers: { origin: fintrack.url },
    data: { kinds: [{ kind: "bill.due", inApp: true, discord: true }], quietHours: null },
  });
  return context;
}

async function billDue(householdId: string, name: string) {
  const runtime = await fintrack.runtime();
  const { loadConfig } = await import("../../functions/lib/config");
  await runtime.broker!.send(
    signEvent(
      new CloudEvent({
        type: "ph.fintrack.bill.due_soon.v1",
        source: "/fintrack/reminders",
        data: {
          householdId,
          billId: randomUUID(),
          name,
          dueDate: "2026-12-05",
          daysBefore: 3,
          expectedAmountCentavos: "345000",
        },
      }),
      loadConfig(process.env).eventKey,
    ),
  );
  await runtime.broker!.idle();
}

describe.each([
  ["phone", PHONE],
  ["desktop", DESKTOP],
] as const)("notifications on a %s", (label, viewport) => {
  it(
    "updates the bell's badge live, without a reload, and deletes from the list",
    async () => {
      const context = await signedIn(viewport);
      const me = await (await context.request.get("/api/auth/me")).json();
      const page = await context.newPage();
      const streaming = page.waitForResponse((r) => r.url().endsWith("/api/notifications/stream"));
      await page.goto("/");
      await streaming;
      const bell = page.getByTestId("notification-bell");
      await bell.waitFor();
      await expect.poll(() => bell.getByTestId("unread-badge").count()).toBe(0);
      let navigations = 0;
      page.on("framenavigated", () => navigations++);

      await billDue(me.household.id, "Meralco");
      await expect.poll(() => bell.getByTestId("unread-badge").textContent(), { timeout: 5000 }).toBe("1");
      await expect.poll(() => bell.getAttribute("aria-label")).toBe("Notifications, 1 unread");
      await billDue(me.household.id, "Maynilad");
      await expect.poll(() => bell.getByTestId("unread-badge").textContent(), { timeout: 5000 }).toBe("2");
      expect(navigations).toBe(0);
      await screenshot(page, `notifications-badge-${label}`);

      await bell.click();
      const list = page.getByTestId("notification-list");
      await list.waitFor();
      await expect
        .poll(async () => plain(await list.textContent()))
        .toContain("Maynilad (₱3,450.00) due in 3 days");
      await page.getByRole("button", { name: 'Delete "Maynilad (₱3,450.00) due in 3 days"' }).click();
      await expect.poll(() => list.locator("li").count()).toBe(1);
      await expect.poll(() => bell.getByTestId("unread-badge").textContent(), { timeout: 5000 }).toBe("1");
      await context.close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "saves kinds, quiet hours and a Discord webhook that is shown masked",
    async () => {
      const context = await signedIn(viewport);
      const page = await context.newPage();
      await page.goto("/settings/notifications");
      const billsInApp = page.getByRole("checkbox", { name: "Bills due in the app" });
      await billsInApp.waitFor();
      expect(await billsInApp.isChecked()).toBe(true);
      await billsInApp.uncheck();
      await expect
        .poll(async () => {
          const prefs = await (await context.request.get("/api/notifications/preferences")).json();
          return prefs.kinds.find((k: { kind: string }) => k.kind === "bill.due").inApp;
        })
        .toBe(false);

      await page.getByTestId("quiet-hours-on").check();
      await page.getByLabel("From").fill("22:30");
      await page.getByLabel("Until").fill("06:45");
      await page.getByRole("button", { name: "Save quiet hours" }).click();
      await expect
        .poll(
          async () => (await (await context.request.get("/api/notifications/preferences")).json()).quietHours,
        )
        .toEqual({ start: "22:30", end: "06:45" });

      const token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789wxyz";
      await page.getByLabel("Webhook URL").fill(`https://discord.com/api/webhooks/123456789012/${token}`);
      await page.getByRole("button", { name: "Save webhook" }).click();
      const masked = page.getByTestId("discord-masked");
      await expect.poll(() => masked.textContent()).toBe("https://discord.com/api/webhooks/…/••••wxyz");
      expect(await page.content()).not.toContain(token);
      await page.getByTestId("discord-test").waitFor();

      // when the household is reminded of due dates
      const before = page.getByLabel("Days before the due date");
      // the household's days as saved (7, 3, 1, 0 until someone changes them)
      await expect.poll(() => before.inputValue()).toMatch(/^\d+(, \d+)*$/);
      await before.fill("5, two");
      await page.getByRole("button", { name: "Save reminder days" }).click();
      await page.getByText("Whole numbers of days (0–60), separated by commas").waitFor();
      await before.fill("5, 2, 0");
      await page.getByLabel("Days after, while unpaid").fill("");
      await page.getByRole("button", { name: "Save reminder days" }).click();
      await expect
        .poll(async () => (await context.request.get("/api/reminders/settings")).json())
        .toEqual({ beforeDays: [5, 2, 0], overdueDays: [] });
      await screenshot(page, `notification-settings-${label}`);
      await context.close();
    },
    BROWSER_TIMEOUT,
  );
});
