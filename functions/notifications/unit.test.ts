import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { quietEnd } from "./service";
import { DiscordWebhookUrl, deriveWebhookKey, maskWebhook, seal, unseal } from "./webhook-secret";

// 2025-03-03 in Manila (UTC+8, no DST)
const manila = (hhmm: string, day = 3) => new Date(`2025-03-0${day}T${hhmm}:00+08:00`);

describe("quiet hours (Asia/Manila)", () => {
  it("ends a window that spans midnight the next morning", () => {
    expect(quietEnd(manila("23:15"), "22:00", "07:00")).toEqual(manila("07:00", 4));
    expect(quietEnd(manila("02:00"), "22:00", "07:00")).toEqual(manila("07:00"));
  });

  it("is outside the window at its end and before its start", () => {
    expect(quietEnd(manila("07:00"), "22:00", "07:00")).toBeNull();
    expect(quietEnd(manila("21:59"), "22:00", "07:00")).toBeNull();
  });

  it("handles a daytime window, and none when unset", () => {
    expect(quietEnd(manila("13:30"), "13:00", "14:00")).toEqual(manila("14:00"));
    expect(quietEnd(manila("14:30"), "13:00", "14:00")).toBeNull();
    expect(quietEnd(manila("13:30"), null, null)).toBeNull();
  });
});

describe("Discord webhook secret", () => {
  const url = "https://discord.com/api/webhooks/123456789012345678/AbCdEf_ghIJ-klmnopqrstuvwxyz0123";
  const key = deriveWebhookKey(randomBytes(32));

  it("seals with a fresh IV each time and opens only under the same key", () => {
    const a = seal(key, url);
    const b = seal(key, url);
    expect(a).not.toBe(b);
    expect(a).not.toContain("AbCdEf");
    expect(unseal(key, a)).toBe(url);
    expect(unseal(deriveWebhookKey(randomBytes(32)), a)).toBeUndefined();
    expect(unseal(key, `${a.slice(0, -2)}AA`)).toBeUndefined();
  });

  it("masks all but the last four characters of the token", () => {
    expect(maskWebhook(url)).toBe("https://discord.com/api/webhooks/…/••••0123");
  });

  it("accepts only Discord's own webhook URLs", () => {
    expect(DiscordWebhookUrl.safeParse(url).success).toBe(true);
    expect(DiscordWebhookUrl.safeParse(url.replace("discord.com", "discordapp.com")).success).toBe(true);
    for (const bad of [
      url.replace("https", "http"),
      url.replace("discord.com", "discord.com:8443"),
      url.replace("discord.com", "user:pw@discord.com"),
      url.replace("discord.com", "127.0.0.1"),
      `${url}/slack`,
      `${url}#x`,
      "https://discord.com/api/webhooks/../../users/@me",
    ]) {
      expect(DiscordWebhookUrl.safeParse(bad).success, bad).toBe(false);
    }
  });
});
