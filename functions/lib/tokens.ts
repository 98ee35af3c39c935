import { createHash, randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

export interface AccessClaims {
  userId: string;
  householdId: string;
  role: "owner" | "partner";
  sessionId: string;
}

const ISSUER = "fintrack";
const AUDIENCE = "fintrack-api";
export const ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_DAYS = 30;
export const ACCESS_COOKIE = "ft_at";
export const REFRESH_COOKIE = "ft_rt";

export async function signAccessToken(
  claims: AccessClaims,
  secret: Uint8Array,
  ttlSeconds = ACCESS_TTL_SECONDS,
) {
  return new SignJWT({ hid: claims.householdId, role: claims.role, sid: claims.sessionId })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secret);
}

/** Verifies signature, issuer, audience and expiry; throws on any failure. */
export async function verifyAccessToken(token: string, secret: Uint8Array): Promise<AccessClaims> {
  const { payload } = await jwtVerify(token, secret, {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ["HS256"],
  });
  const { sub, hid, role, sid } = payload as Record<string, unknown>;
  if (typeof sub !== "string" || typeof hid !== "string" || typeof sid !== "string") {
    throw new Error("token is missing claims");
  }
  if (role !== "owner" && role !== "partner") throw new Error("token has an unknown role");
  return { userId: sub, householdId: hid, role, sessionId: sid };
}

/** An opaque random token (refresh tokens, invite codes). */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

/** Refresh tokens and invite codes are stored only as their sha256. */
export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
