import { type Database, type Queryable, schema, type Tx } from "@fintrack/db";
import { enqueue, sourceOf } from "@fintrack/events";
import { and, asc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { HttpProblem } from "../lib/problem";
import { REFRESH_TTL_DAYS, randomToken, sha256 } from "../lib/tokens";
import { knownDevice, newDeviceId } from "./device";
import { dummyHash, hashPassword, verifyPassword } from "./passwords";
import { startLoginAttempt } from "./rate-limit";

type UserRow = typeof schema.users.$inferSelect;
export interface ClientMeta {
  ip: string;
  /** What login limits count by (functions/lib/client-address.ts). */
  limitKey: string;
  userAgent: string | null;
  /** The device cookie the browser sent, if any. */
  deviceToken?: string;
}
export interface IssuedSession {
  user: UserRow;
  sessionId: string;
  refreshToken: string;
}

const INVITE_TTL_DAYS = 7;
const REFRESH_RACE_GRACE_MS = 10_000;
// serialises registrations: "first registration creates the household" must hold under races
const REGISTRATION_LOCK = 0x66696e75;

export const publicUser = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  householdId: u.householdId,
});

export async function needsSetup(db: Queryable): Promise<boolean> {
  const [h] = await db.select({ id: schema.households.id }).from(schema.households).limit(1);
  return !h;
}

async function createSession(tx: Queryable, user: UserRow, meta: ClientMeta): Promise<IssuedSession> {
  const refreshToken = randomToken();
  const [s] = await tx
    .insert(schema.sessions)
    .values({
      userId: user.id,
      householdId: user.householdId,
      refreshHash: sha256(refreshToken),
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip,
      expiresAt: sql`now() + make_interval(days => ${REFRESH_TTL_DAYS})`,
    })
    .returning({ id: schema.sessions.id });
  if (!s) throw new Error("session insert returned nothing");
  return { user, sessionId: s.id, refreshToken };
}

export interface RegisterInput {
  email: string;
  password: string;
  name: string;
  inviteCode?: string;
}

/**
 * The first registration creates the household and its owner; the only other way in is the
 * owner's invite, which makes the partner. Everything happens in one transaction, so a refused
 * registration leaves nothing behind.
 */
export async function register(db: Database, input: RegisterInput, meta: ClientMeta): Promise<IssuedSession> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${REGISTRATION_LOCK})`);
    // Whether an email is registered is said only to the holder of a valid invite to a household
    // with room: everyone else gets the same answer for any email (no account enumeration).
    let user: UserRow;
    if (!input.inviteCode) {
      if (!(await needsSetup(tx))) {
        throw new HttpProblem(
          403,
          "Registration closed",
          "This FinTrack already has an owner. Ask them for an invite link.",
        );
      }
      const [household] = await tx
        .insert(schema.households)
        .values({ name: `${input.name}'s household` })
        .returning();
      if (!household) throw new Error("household insert returned nothing");
      user = await insertUser(tx, { ...input, passwordHash, householdId: household.id, role: "owner" });
    } else {
      const invite = await takeInvite(tx, input.inviteCode);
      const [count] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(schema.users)
        .where(eq(schema.users.householdId, invite.householdId));
      if ((count?.n ?? 0) >= 2) {
        throw new HttpProblem(409, "Household is full", "A FinTrack household has an owner and one partner.");
      }
      const [taken] = await tx
        .select({ id: schema.users.id })
        .from(schema.users)
        .where(eq(schema.users.email, input.email));
      if (taken) {
        throw new HttpProblem(
          409,
          "Email already registered",
          "An account with this email exists; sign in instead.",
          { errors: [{ path: "email", message: "Already registered" }] },
        );
      }
      user = await insertUser(tx, {
        ...input,
        passwordHash,
        householdId: invite.householdId,
        role: "partner",
      });
      await tx
        .update(schema.invites)
        .set({ usedAt: sql`now()`, usedBy: user.id })
        .where(eq(schema.invites.id, invite.id));
    }
    await enqueue(tx, {
      type: "ph.fintrack.household.member_joined.v1",
      source: sourceOf("auth"),
      subject: user.id,
      data: { householdId: user.householdId, userId: user.id, name: user.name, role: user.role },
    });
    return createSession(tx, user, meta);
  });
}

async function insertUser(
  tx: Tx,
  v: { email: string; name: string; passwordHash: string; householdId: string; role: "owner" | "partner" },
) {
  const [user] = await tx
    .insert(schema.users)
    .values({
      email: v.email,
      name: v.name,
      passwordHash: v.passwordHash,
      householdId: v.householdId,
      role: v.role,
    })
    .returning();
  if (!user) throw new Error("user insert returned nothing");
  return user;
}

async function takeInvite(tx: Tx, code: string) {
  const [invite] = await tx
    .select()
    .from(schema.invites)
    .where(eq(schema.invites.codeHash, sha256(code)))
    .for("update");
  checkInvite(invite);
  return invite as NonNullable<typeof invite>;
}

function checkInvite(invite: typeof schema.invites.$inferSelect | undefined) {
  const field = { errors: [{ path: "inviteCode", message: "Invalid invite" }] };
  if (!invite) throw new HttpProblem(404, "Invite not found", "This invite link is not valid.", field);
  if (invite.usedAt)
    throw new HttpProblem(410, "Invite already used", "This invite link was already used.", field);
  if (invite.expiresAt.getTime() <= Date.now()) {
    throw new HttpProblem(410, "Invite expired", "This invite link has expired; ask for a new one.", field);
  }
}

export async function previewInvite(db: Queryable, code: string) {
  const [row] = await db
    .select({ invite: schema.invites, householdName: schema.households.name, invitedBy: schema.users.name })
    .from(schema.invites)
    .innerJoin(schema.households, eq(schema.households.id, schema.invites.householdId))
    .innerJoin(schema.users, eq(schema.users.id, schema.invites.createdBy))
    .where(eq(schema.invites.codeHash, sha256(code)));
  checkInvite(row?.invite);
  return {
    householdName: row!.householdName,
    invitedBy: row!.invitedBy,
    expiresAt: row!.invite.expiresAt.toISOString(),
  };
}

/**
 * Signs in, within the login limits (functions/auth/rate-limit.ts). Returns the device id to
 * keep in the device cookie: the known device's own, or a new one.
 */
export async function login(
  db: Database,
  input: { email: string; password: string },
  meta: ClientMeta,
  jwtSecret: Uint8Array,
): Promise<IssuedSession & { deviceId: string }> {
  const [user] = await db.select().from(schema.users).where(eq(schema.users.email, input.email));
  const deviceId = await knownDevice(jwtSecret, meta.deviceToken, user?.id);
  const attempt = await startLoginAttempt(db, { email: input.email, client: meta.limitKey, deviceId });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), input.password);
  if (!user || !ok) {
    await attempt.failed();
    throw new HttpProblem(401, "Wrong email or password", "Check your email and password and try again.");
  }
  await attempt.succeeded();
  return { ...(await createSession(db, user, meta)), deviceId: deviceId ?? newDeviceId() };
}

export type RefreshResult = { user: UserRow; sessionId: string; refreshToken?: string };

/**
 * Rotates the refresh token. Presenting a token that was already rotated means it leaked and
 * was replayed: the whole session is revoked — unless it is two tabs refreshing at once,
 * which the short grace period lets through without issuing another refresh token.
 */
export async function refresh(db: Database, token: string): Promise<RefreshResult> {
  const hash = sha256(token);
  const result = await db.transaction(async (tx): Promise<RefreshResult | "ended"> => {
    const [current] = await tx
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.refreshHash, hash))
      .for("update");
    const usable = (s: typeof current) => s && !s.revokedAt && s.expiresAt.getTime() > Date.now();
    if (current && usable(current)) {
      const next = randomToken();
      await tx
        .update(schema.sessions)
        .set({ refreshHash: sha256(next), previousHash: hash, lastUsedAt: sql`now()` })
        .where(eq(schema.sessions.id, current.id));
      return { user: await userOf(tx, current.userId), sessionId: current.id, refreshToken: next };
    }
    const [rotated] = await tx
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.previousHash, hash))
      .for("update");
    if (rotated && usable(rotated)) {
      if (Date.now() - rotated.lastUsedAt.getTime() < REFRESH_RACE_GRACE_MS) {
        return { user: await userOf(tx, rotated.userId), sessionId: rotated.id };
      }
      // committed, not rolled back with the refusal: the replay ends the session for good
      await tx
        .update(schema.sessions)
        .set({ revokedAt: sql`now()` })
        .where(eq(schema.sessions.id, rotated.id));
    }
    return "ended";
  });
  if (result === "ended") throw new HttpProblem(401, "Session ended", "Sign in again.");
  return result;
}

async function userOf(db: Queryable, userId: string): Promise<UserRow> {
  const [user] = await db.select().from(schema.users).where(eq(schema.users.id, userId));
  if (!user) throw new HttpProblem(401, "Session ended", "Sign in again.");
  return user;
}

export async function revokeSessionByRefresh(db: Queryable, token: string) {
  await db
    .update(schema.sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(schema.sessions.refreshHash, sha256(token)), isNull(schema.sessions.revokedAt)));
}

export async function revokeSession(db: Queryable, userId: string, sessionId: string) {
  const res = await db
    .update(schema.sessions)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(schema.sessions.id, sessionId),
        eq(schema.sessions.userId, userId),
        isNull(schema.sessions.revokedAt),
      ),
    )
    .returning({ id: schema.sessions.id });
  if (res.length === 0) throw new HttpProblem(404, "Session not found");
}

export async function revokeOtherSessions(db: Queryable, userId: string, keepSessionId: string) {
  await db
    .update(schema.sessions)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(schema.sessions.userId, userId),
        ne(schema.sessions.id, keepSessionId),
        isNull(schema.sessions.revokedAt),
      ),
    );
}

/** The signed-in user, refusing a token whose session was revoked or whose user is gone. */
export async function activeUser(db: Queryable, userId: string, sessionId: string): Promise<UserRow> {
  const [row] = await db
    .select({ user: schema.users })
    .from(schema.sessions)
    .innerJoin(schema.users, eq(schema.users.id, schema.sessions.userId))
    .where(
      and(
        eq(schema.sessions.id, sessionId),
        eq(schema.sessions.userId, userId),
        isNull(schema.sessions.revokedAt),
        gt(schema.sessions.expiresAt, sql`now()`),
      ),
    );
  if (!row) throw new HttpProblem(401, "Session ended", "Sign in again.");
  return row.user;
}

export async function me(db: Queryable, user: UserRow) {
  const [household] = await db
    .select()
    .from(schema.households)
    .where(eq(schema.households.id, user.householdId));
  const members = await db
    .select({
      id: schema.users.id,
      name: schema.users.name,
      email: schema.users.email,
      role: schema.users.role,
    })
    .from(schema.users)
    .where(eq(schema.users.householdId, user.householdId))
    .orderBy(asc(schema.users.createdAt));
  return { user: publicUser(user), household: { id: household!.id, name: household!.name, members } };
}

export async function listSessions(db: Queryable, userId: string, currentSessionId: string) {
  const list = await db
    .select()
    .from(schema.sessions)
    .where(
      and(
        eq(schema.sessions.userId, userId),
        isNull(schema.sessions.revokedAt),
        gt(schema.sessions.expiresAt, sql`now()`),
      ),
    )
    .orderBy(asc(schema.sessions.createdAt));
  return list.map((s) => ({
    id: s.id,
    userAgent: s.userAgent,
    createdAt: s.createdAt.toISOString(),
    lastUsedAt: s.lastUsedAt.toISOString(),
    current: s.id === currentSessionId,
  }));
}

/** Changing the password signs out every other session: the likely reason is a leak. */
export async function changePassword(
  db: Database,
  user: UserRow,
  sessionId: string,
  current: string,
  next: string,
) {
  if (!(await verifyPassword(user.passwordHash, current))) {
    throw new HttpProblem(400, "Wrong current password", "The current password is not correct.", {
      errors: [{ path: "currentPassword", message: "Not correct" }],
    });
  }
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx
      .update(schema.users)
      .set({ passwordHash, passwordChangedAt: sql`now()` })
      .where(eq(schema.users.id, user.id));
    await revokeOtherSessions(tx, user.id, sessionId);
  });
}

/** A new invite replaces any pending one: only the latest link works. */
export async function createInvite(db: Database, user: UserRow) {
  if (user.role !== "owner")
    throw new HttpProblem(403, "Only the owner can invite", "Ask the household owner.");
  const code = randomToken(18);
  return db.transaction(async (tx) => {
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.users)
      .where(eq(schema.users.householdId, user.householdId));
    if ((count?.n ?? 0) >= 2) {
      throw new HttpProblem(409, "Household is full", "Your partner has already joined.");
    }
    await tx
      .update(schema.invites)
      .set({ expiresAt: sql`now()` })
      .where(
        and(
          eq(schema.invites.householdId, user.householdId),
          isNull(schema.invites.usedAt),
          gt(schema.invites.expiresAt, sql`now()`),
        ),
      );
    const [invite] = await tx
      .insert(schema.invites)
      .values({
        householdId: user.householdId,
        codeHash: sha256(code),
        createdBy: user.id,
        expiresAt: sql`now() + make_interval(days => ${INVITE_TTL_DAYS})`,
      })
      .returning();
    return { code, expiresAt: invite!.expiresAt.toISOString(), url: `/invite/${code}` };
  });
}
