import { hkdfSync, randomUUID } from "node:crypto";
import type { Context } from "hono";
import { setCookie } from "hono/cookie";
import { jwtVerify, SignJWT } from "jose";
import type { Config } from "../lib/config";
import { secureCookies } from "./cookies";

/**
 * Device cookies (OWASP's answer to lockout abuse): a browser where a member signed in keeps a
 * signed token naming that member and a device id. Sign-in from such a known device is limited
 * only by that device's own failures, so nobody elsewhere can lock the member out by failing
 * on purpose (functions/auth/rate-limit.ts). The cookie grants nothing else: it is no session.
 */
export const DEVICE_COOKIE = "ft_dev";
export const DEVICE_TTL_DAYS = 365;
// only sign-in reads it
const DEVICE_PATH = "/api/auth";
const AUDIENCE = "fintrack-device";

const keys = new WeakMap<Uint8Array, Uint8Array>();
/** Its own key, derived from JWT_SECRET_KEY: a device token can never pass as an access token. */
function deviceKey(secret: Uint8Array): Uint8Array {
  let key = keys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, new Uint8Array(0), "fintrack device cookie v1", 32));
    keys.set(secret, key);
  }
  return key;
}

/** The device id when `token` is a valid device cookie issued to `userId`, else null. */
export async function knownDevice(
  secret: Uint8Array,
  token: string | undefined,
  userId: string | undefined,
): Promise<string | null> {
  if (!token || !userId) return null;
  try {
    const { payload } = await jwtVerify(token, deviceKey(secret), {
      algorithms: ["HS256"],
      issuer: "fintrack",
      audience: AUDIENCE,
      subject: userId,
    });
    return typeof payload.jti === "string" ? payload.jti : null;
  } catch {
    return null;
  }
}

export const newDeviceId = () => randomUUID();

/** (Re)issues the device cookie for `userId`, keeping the id of a device already known. */
export async function setDeviceCookie(c: Context, config: Config, userId: string, deviceId: string) {
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("fintrack")
    .setAudience(AUDIENCE)
    .setSubject(userId)
    .setJti(deviceId)
    .setIssuedAt()
    .setExpirationTime(`${DEVICE_TTL_DAYS}d`)
    .sign(deviceKey(config.jwtSecret));
  setCookie(c, DEVICE_COOKIE, token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: secureCookies(c, config),
    path: DEVICE_PATH,
    maxAge: DEVICE_TTL_DAYS * 86400,
  });
}
