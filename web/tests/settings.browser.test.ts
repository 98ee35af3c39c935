import { signEvent } from "@fintrack/events";
import { CloudEvent } from "cloudevents";
import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, screenshot, startFinTrack } from "./browser";
import { signUpOwner } from "./household-fixtures";

const fintrack = startFinTrack();

describe("settings: event delivery", () => {
  it(
    "shows an event that every subscriber refused, after the broker dead-lettered it",
    async () => {
      const context = await fintrack.newContext(DESKTOP);
      await signUpOwner(context);
      const page = await context.newPage();
      await page.goto("/settings");
      await page.getByTestId("dead-letters-empty").waitFor();

      // an event no consumer can accept travels the real path: broker → 400 → dead-letter sink
      const me = await (await context.request.get("/api/auth/me")).json();
      const runtime = await fintrack.runtime();
      // signed as the outbox would: receivers refuse anything else
      const { loadConfig } = await import("../../functions/lib/config");
      await runtime.broker!.send(
        signEvent(
          new CloudEvent({
            type: "ph.fintrack.household.member_joined.v1",
            source: "/fintrack/auth",
            data: { householdId: me.household.id, name: "" },
          }),
          loadConfig(process.env).eventKey,
        ),
      );
      await runtime.broker!.idle();

      await page.reload();
      const list = page.getByTestId("dead-letters");
      await list.waitFor();
      await expect.poll(() => list.locator("li").count()).toBeGreaterThanOrEqual(2);
      const text = (await list.textContent()) ?? "";
      expect(text).toContain("household.member_joined");
      expect(text).toContain("notifications/api/notifications/events");
      expect(text).toContain("HTTP 400");
      expect(text).toContain("Invalid event data:");
      await screenshot(page, "settings-dead-letters-desktop");
    },
    BROWSER_TIMEOUT,
  );
});
