import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Provider API keys saved in settings are encrypted at rest with AES-256-GCM under a key
 * derived (HKDF-SHA256) from the app's secret (JWT_SECRET_KEY), so a database dump alone does
 * not reveal them. Rotating the secret makes saved keys unreadable: they must be entered again.
 */
function keyFrom(secret: Uint8Array): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "fintrack", "ai-provider-keys v1", 32));
}

export function encryptApiKey(secret: Uint8Array, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(secret), iv);
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), ct].map((b) => b.toString("base64url")).join(".");
}

/** Null when it cannot be decrypted (the secret changed, or the value was tampered with). */
export function decryptApiKey(secret: Uint8Array, stored: string): string | null {
  const [iv, tag, ct] = stored.split(".").map((p) => Buffer.from(p, "base64url"));
  if (!iv || !tag || !ct) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFrom(secret), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** "…abcd": enough to recognise a key, never enough to use it. */
export const keyHint = (key: string) => key.slice(-4);
