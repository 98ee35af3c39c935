import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { requireUser } from "../lib/auth";
import { resolveClient } from "../lib/client-address";
import { type AppEnv, createFunctionApp, type FunctionDeps } from "../lib/function-app";
import { json, jsonBody, problems } from "../lib/openapi";
import { HttpProblem } from "../lib/problem";
import { REFRESH_COOKIE, signAccessToken } from "../lib/tokens";
import { clearSessionCookies, setSessionCookies } from "./cookies";
import { DEVICE_COOKIE, newDeviceId, setDeviceCookie } from "./device";
import {
  ChangePasswordBody,
  CodeParam,
  IdParam,
  Invite,
  InvitePreview,
  LoginBody,
  Me,
  RegisterBody,
  Session,
  Status,
  UserResponse,
} from "./schemas";
import type { ClientMeta } from "./service";
import * as auth from "./service";

const security = [{ cookieAuth: [] }];

export function authRoutes(deps: FunctionDeps) {
  const app = createFunctionApp("auth", deps);
  const signedIn = requireUser(deps.config.jwtSecret, deps.sessions);

  function clientMeta(c: Context): ClientMeta {
    const client = resolveClient(c, deps.config);
    return {
      ip: client.ip,
      limitKey: client.limitKey,
      userAgent: c.req.header("user-agent") ?? null,
      deviceToken: getCookie(c, DEVICE_COOKIE),
    };
  }

  async function issue(
    c: Context<AppEnv>,
    s: { user: Parameters<typeof auth.publicUser>[0]; sessionId: string; refreshToken?: string },
  ) {
    const access = await signAccessToken(
      { userId: s.user.id, householdId: s.user.householdId, role: s.user.role, sessionId: s.sessionId },
      deps.config.jwtSecret,
    );
    setSessionCookies(c, deps.config, access, s.refreshToken);
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/auth/status",
      operationId: "getSetupStatus",
      summary: "Whether FinTrack still needs its owner",
      responses: { 200: json(Status, "Setup status") },
    }),
    async (c) => c.json({ needsSetup: await auth.needsSetup(deps.db) }, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/auth/register",
      operationId: "register",
      summary: "Create the owner (first visit) or the partner (with an invite code)",
      request: { body: jsonBody(RegisterBody) },
      responses: {
        201: json(UserResponse, "Registered and signed in"),
        ...problems(400, 403, 404, 409, 410),
      },
    }),
    async (c) => {
      const session = await auth.register(deps.db, c.req.valid("json"), clientMeta(c));
      deps.publish();
      await issue(c, session);
      await setDeviceCookie(c, deps.config, session.user.id, newDeviceId());
      return c.json({ user: auth.publicUser(session.user) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/auth/login",
      operationId: "signIn",
      summary: "Sign in",
      request: { body: jsonBody(LoginBody) },
      responses: { 200: json(UserResponse, "Signed in"), ...problems(400, 401, 429) },
    }),
    async (c) => {
      const session = await auth.login(deps.db, c.req.valid("json"), clientMeta(c), deps.config.jwtSecret);
      await issue(c, session);
      await setDeviceCookie(c, deps.config, session.user.id, session.deviceId);
      return c.json({ user: auth.publicUser(session.user) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/auth/refresh",
      operationId: "refreshSession",
      summary: "Rotate the refresh token and issue a new access token",
      responses: { 200: json(UserResponse, "Refreshed"), ...problems(401) },
    }),
    async (c) => {
      const token = getCookie(c, REFRESH_COOKIE);
      if (!token) throw new HttpProblem(401, "Session ended", "Sign in again.");
      try {
        const session = await auth.refresh(deps.db, token);
        await issue(c, session);
        return c.json({ user: auth.publicUser(session.user) }, 200);
      } catch (err) {
        clearSessionCookies(c);
        throw err;
      }
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/auth/logout",
      operationId: "signOut",
      summary: "Sign out this session",
      responses: { 204: { description: "Signed out" } },
    }),
    async (c) => {
      const token = getCookie(c, REFRESH_COOKIE);
      if (token) await auth.revokeSessionByRefresh(deps.db, token);
      clearSessionCookies(c);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/auth/invites/{code}",
      operationId: "previewInvite",
      summary: "Look up an invite before accepting it",
      request: { params: CodeParam },
      responses: { 200: json(InvitePreview, "Invite"), ...problems(404, 410) },
    }),
    async (c) => c.json(await auth.previewInvite(deps.db, c.req.valid("param").code), 200),
  );

  // Everything below needs a signed-in member whose session is still active.
  const active = async (c: Context<AppEnv>) => {
    const u = c.get("user");
    return auth.activeUser(deps.db, u.userId, u.sessionId);
  };

  app.use("/api/auth/me", signedIn);
  app.use("/api/auth/invites", signedIn);
  app.use("/api/auth/password", signedIn);
  app.use("/api/auth/sessions", signedIn);
  app.use("/api/auth/sessions/*", signedIn);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/auth/me",
      operationId: "getMe",
      summary: "The signed-in member and their household",
      security,
      responses: { 200: json(Me, "Me"), ...problems(401) },
    }),
    async (c) => c.json(await auth.me(deps.db, await active(c)), 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/auth/invites",
      operationId: "createInvite",
      summary: "Invite the partner (owner only; single use, expires in 7 days)",
      security,
      responses: { 201: json(Invite, "Invite created"), ...problems(401, 403, 409) },
    }),
    async (c) => c.json(await auth.createInvite(deps.db, await active(c)), 201),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/auth/password",
      operationId: "changePassword",
      summary: "Change password (signs out other sessions)",
      security,
      request: { body: jsonBody(ChangePasswordBody) },
      responses: { 204: { description: "Changed" }, ...problems(400, 401) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      await auth.changePassword(
        deps.db,
        await active(c),
        c.get("user").sessionId,
        body.currentPassword,
        body.newPassword,
      );
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/auth/sessions",
      operationId: "listSessions",
      summary: "Active sessions of the signed-in member",
      security,
      responses: { 200: json(z.object({ sessions: z.array(Session) }), "Sessions"), ...problems(401) },
    }),
    async (c) => {
      const u = await active(c);
      return c.json({ sessions: await auth.listSessions(deps.db, u.id, c.get("user").sessionId) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/auth/sessions/revoke-others",
      operationId: "signOutOtherSessions",
      summary: "Sign out every other session",
      security,
      responses: { 204: { description: "Done" }, ...problems(401) },
    }),
    async (c) => {
      const u = await active(c);
      await auth.revokeOtherSessions(deps.db, u.id, c.get("user").sessionId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/auth/sessions/{id}",
      operationId: "signOutSession",
      summary: "Sign out one session",
      security,
      request: { params: IdParam },
      responses: { 204: { description: "Revoked" }, ...problems(401, 404) },
    }),
    async (c) => {
      const u = await active(c);
      await auth.revokeSession(deps.db, u.id, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  return app;
}
