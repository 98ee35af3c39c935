import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";

/**
 * A Discord webhook URL is a bearer secret: whoever has it posts to the channel. Saved URLs are
 * sealed with AES-256-GCM under a key derived from JWT_SECRET_KEY by HKDF (its own `info`, so the
 * key is independent of token signing and event signing), and only a hint ever leaves the server.
 */
export function deriveWebhookKey(secret: Uint8Array): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "fintrack", "discord-webhook-aes-256-gcm-v1", 32));
}

export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** The URL, or undefined when the value was sealed under another key (JWT_SECRET_KEY rotated). */
export function unseal(key: Buffer, sealed: string): string | undefined {
  if (!sealed.startsWith("v1.")) return undefined;
  const raw = Buffer.from(sealed.slice(3), "base64url");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}

/** `https://discord.com/api/webhooks/…/••••abcd`: enough to recognise it, useless to post with. */
export function maskWebhook(url: string): string {
  const u = new URL(url);
  return `${u.origin}/api/webhooks/…/••••${url.slice(-4)}`;
}

const DISCORD_HOSTS = new Set(["discord.com", "discordapp.com", "canary.discord.com", "ptb.discord.com"]);

/** Only Discord's own webhook URLs may be saved: the server never posts anywhere a member types. */
export const DiscordWebhookUrl = z
  .string()
  .max(300)
  .refine((value) => {
    try {
      const u = new URL(value);
      return (
        u.protocol === "https:" &&
        DISCORD_HOSTS.has(u.hostname) &&
        u.port === "" &&
        u.username === "" &&
        u.password === "" &&
        /^\/api\/webhooks\/\d{5,25}\/[A-Za-z0-9_-]{20,100}$/.test(u.pathname) &&
        u.search === "" &&
        u.hash === ""
      );
    } catch {
      return false;
    }
  }, "a Discord webhook URL: https://discord.com/api/webhooks/<id>/<token>");
