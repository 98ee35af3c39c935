import { describe, expect, it } from "vitest";
import { BROWSER_TIMEOUT, DESKTOP, PHONE, screenshot, startFinTrack, waitForPath } from "./browser";

const fintrack = startFinTrack();

describe("a two-person household", () => {
  it(
    "the owner sets up FinTrack on first visit, invites the partner and is told when they join",
    async () => {
      const owner = await (await fintrack.newContext(DESKTOP)).newPage();

      // first visit: no owner yet, so FinTrack asks to be set up
      await owner.goto("/");
      await waitForPath(owner, "/register");
      await owner.getByLabel("Your name").fill("Maria Santos");
      await owner.getByLabel("Email").fill("maria@example.ph");
      await owner.getByLabel("Password", { exact: true }).fill("sampaguita-2026");
      await owner.getByLabel("Confirm password").fill("sampaguita-2062");
      await owner.getByRole("button", { name: "Create account" }).click();
      // a mistyped confirmation is caught before anything is sent, next to the field
      await owner.getByText("The passwords don't match.").waitFor();
      expect(await owner.getByLabel("Confirm password").getAttribute("aria-invalid")).toBe("true");
      await owner.getByLabel("Confirm password").fill("sampaguita-2026");
      await owner.getByRole("button", { name: "Create account" }).click();

      await waitForPath(owner, "/");
      await owner.getByRole("heading", { level: 1, name: /Maria/ }).waitFor();
      await screenshot(owner, "home-owner-desktop");

      // settings: create the invite link
      await owner.getByRole("link", { name: "Settings" }).click();
      await waitForPath(owner, "/settings");
      await owner.getByRole("button", { name: "Create invite link" }).click();
      const inviteLink = owner.getByTestId("invite-link");
      await inviteLink.waitFor();
      const link = await inviteLink.inputValue();
      expect(link).toMatch(new RegExp(`^${fintrack.url}/invite/\\S+$`));
      await screenshot(owner, "settings-owner-desktop");

      // the partner opens the link on their phone and joins
      // (in dark mode, which follows the phone's setting)
      const partnerContext = await fintrack.newContext(PHONE, "dark");
      const partner = await partnerContext.newPage();
      await partner.goto(link);
      await partner.getByRole("heading", { level: 1, name: /^Join / }).waitFor();
      expect(await partner.getByText(/Maria Santos invited you/).count()).toBe(1);
      await screenshot(partner, "invite-partner-phone");
      await partner.getByLabel("Your name").fill("Juan dela Cruz");
      await partner.getByLabel("Email").fill("juan@example.ph");
      await partner.getByLabel("Password", { exact: true }).fill("kalamansi-juice-7");
      await partner.getByLabel("Confirm password").fill("kalamansi-juice-7");
      await partner.getByRole("button", { name: "Join household" }).click();
      await waitForPath(partner, "/");
      await partner.getByRole("heading", { level: 1, name: /Juan/ }).waitFor();
      await partner.getByRole("list", { name: "Household members" }).getByText("Maria Santos").waitFor();
      await screenshot(partner, "home-partner-phone");

      // the owner's bell lights up without a reload (live unread count)
      const badge = owner.getByTestId("notification-bell").getByTestId("unread-badge");
      await badge.waitFor({ timeout: 30_000 });
      expect(await badge.textContent()).toBe("1");
      expect(await owner.getByTestId("notification-bell").getAttribute("aria-label")).toBe(
        "Notifications, 1 unread",
      );

      await owner.getByTestId("notification-bell").click();
      await waitForPath(owner, "/notifications");
      const list = owner.getByTestId("notification-list");
      await list
        .getByText(/Juan dela Cruz/)
        .first()
        .waitFor();
      await screenshot(owner, "notifications-owner-desktop");
      await owner.getByRole("button", { name: "Mark all as read" }).click();
      await badge.waitFor({ state: "detached" });
      await owner.getByText("No unread notifications").waitFor();

      // the household is complete: no more invites, both members listed
      await owner.getByRole("link", { name: "Settings" }).click();
      await owner.getByText(/You share this household with/).waitFor();
      expect(await owner.getByRole("button", { name: "Create invite link" }).count()).toBe(0);
      await owner.getByRole("link", { name: "Home", exact: true }).click();
      await owner.getByRole("list", { name: "Household members" }).getByText("Juan dela Cruz").waitFor();

      // phone-sized views of the owner's pages for a design check
      await owner.setViewportSize(PHONE);
      await screenshot(owner, "home-owner-phone");
      await owner.goto("/settings");
      await owner.getByRole("heading", { name: "Signed-in devices" }).waitFor();
      await screenshot(owner, "settings-owner-phone");
      await partnerContext.close();
    },
    BROWSER_TIMEOUT,
  );
});
