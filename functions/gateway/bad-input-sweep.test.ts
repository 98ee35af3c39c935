import { sql } from "drizzle-orm";
import { decodeJwt, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCESS_COOKIE } from "../lib/tokens";
import { householdOfTwo, ORIGIN, OWNER, PARTNER, type TestClient, useTestApp } from "../testing";
import { addAccount, categoryId, record } from "../transactions/testing";
import { type BadRequest, badRequests, type SweepIds } from "./sweep/bad-inputs";
import { type Operation, operationsOf } from "./sweep/operations";

/**
 * The standing bad-input sweep: every operation in /api/openapi.json gets malformed and
 * hostile input from both members and from strangers. It fails on any 5xx, any error body
 * that is not problem+json, and any answer that shows the other member's private data.
 * Reading the document is what makes it cover routes added later without edits.
 */

const app = useTestApp("per file", { rateLimitPerMinute: 1_000_000 });

// Markers in each member's private data: the other member must never see them.
const OWNER_SECRET = "zq81";
const PARTNER_SECRET = "yx42";

interface Member {
  name: "owner" | "partner";
  client: TestClient;
  email: string;
  password: string;
  ownIds: Record<string, string>;
  foreignIds: string[];
  otherSecret: string;
}

let owner: Member;
let partner: Member;
let revokedToken: string;

async function plantPrivateData(c: TestClient, marker: string) {
  const privateAccount = await addAccount(c, {
    name: `${marker} private savings`,
    kind: "bank",
    visibility: "private",
    openingBalance: "12345",
  });
  const tx = await record(c, {
    type: "expense",
    date: "2026-11-02",
    amount: "777",
    accountId: privateAccount,
    categoryId: await categoryId(c, "Gifts"),
    merchant: `${marker} secret shop`,
    notes: `${marker} note`,
    tags: [`${marker}tag`],
  });
  return { privateAccount, privateTransaction: tx.id as string };
}

beforeAll(async () => {
  const h = await householdOfTwo(app);
  const shared = await addAccount(h.owner, { name: "Joint wallet", kind: "ewallet", openingBalance: "500" });
  const sharedTx = await record(h.owner, {
    type: "expense",
    date: "2026-11-03",
    amount: "50",
    accountId: shared,
    merchant: "Jollibee",
  });
  const ownerPrivate = await plantPrivateData(h.owner, OWNER_SECRET);
  const partnerPrivate = await plantPrivateData(h.partner, PARTNER_SECRET);
  const categories = await h.owner.get("/api/transactions/categories");
  const notifications = await h.owner.get("/api/notifications");
  const common = {
    account: shared,
    transaction: sharedTx.id as string,
    category: categories.data.items[0].id as string,
    notification: (notifications.data.items?.[0]?.id as string | undefined) ?? shared,
  };
  owner = {
    name: "owner",
    client: h.owner,
    email: OWNER.email,
    password: OWNER.password,
    ownIds: common,
    foreignIds: [partnerPrivate.privateAccount, partnerPrivate.privateTransaction, h.partnerUser.id],
    otherSecret: PARTNER_SECRET,
  };
  partner = {
    name: "partner",
    client: h.partner,
    email: PARTNER.email,
    password: PARTNER.password,
    ownIds: common,
    foreignIds: [ownerPrivate.privateAccount, ownerPrivate.privateTransaction, h.ownerUser.id],
    otherSecret: OWNER_SECRET,
  };

  // a session that signed out: its still-unexpired access token must be refused everywhere
  const gone = app.client();
  await gone.post("/api/auth/login", { email: OWNER.email, password: OWNER.password });
  revokedToken = gone.cookies.get(ACCESS_COOKIE)!;
  await gone.post("/api/auth/logout");
});

/** A real cursor for every list operation that pages, read as the member. */
async function realCursors(m: Member, ops: Operation[]) {
  const cursors = new Map<string, string>();
  for (const op of ops) {
    if (op.method !== "GET" || !op.parameters.some((p) => p.in === "query" && p.name === "cursor")) continue;
    if (op.path.includes("{")) continue;
    const res = await m.client.get(`${op.path}?limit=1`);
    if (res.data?.nextCursor) cursors.set(op.id, res.data.nextCursor);
  }
  return cursors;
}

/** The id a path or body field most plausibly wants, from the member's own things. */
function idsFor(m: Member, cursors = new Map<string, string>()): SweepIds {
  return {
    cursors,
    own: (op: Operation, name: string) => {
      if (/categor/.test(op.path) || /categor/i.test(name)) return m.ownIds.category!;
      if (/notifications/.test(op.path)) return m.ownIds.notification!;
      if (/account/i.test(name) || op.path.startsWith("/api/accounts")) return m.ownIds.account!;
      return m.ownIds.transaction!;
    },
    foreign: m.foreignIds,
  };
}

/** Each member still sees their own private account, and never the other's. */
async function privacyBroken(): Promise<string | undefined> {
  for (const m of [owner, partner]) {
    await stillSignedIn(m);
    const names: string[] = (await m.client.get("/api/accounts")).data.items.map(
      (a: { name: string }) => a.name,
    );
    const mine = `${m.otherSecret === OWNER_SECRET ? PARTNER_SECRET : OWNER_SECRET} private savings`;
    if (!names.includes(mine)) return `${m.name} lost ${mine}`;
    if (names.some((n) => n.includes(m.otherSecret))) return `${m.name} sees the other's private account`;
  }
  return undefined;
}

interface Failure {
  who: string;
  op: string;
  label: string;
  status: number;
  why: string;
}

const isProblem = (res: Response) =>
  (res.headers.get("content-type") ?? "").includes("application/problem+json");

/** Sends one request through the gateway and judges its answer; event streams are not read to the end. */
async function send(req: BadRequest, cookies: string | undefined, extraHeaders: Record<string, string> = {}) {
  const headers = new Headers(req.init.headers);
  if (cookies) headers.set("cookie", cookies);
  if (req.init.method !== "GET" && !extraHeaders.origin) headers.set("origin", ORIGIN);
  for (const [k, v] of Object.entries(extraHeaders)) headers.set(k, v);
  const res = await app.fetch(new Request(`${ORIGIN}${req.path}`, { ...req.init, headers }));
  const type = res.headers.get("content-type") ?? "";
  let text = "";
  if (type.includes("text/event-stream")) await res.body?.cancel();
  else text = await res.text();
  return { res, text };
}

const cookieHeader = (c: TestClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

/** A request that signs the member out (or revokes their sessions) must not end the sweep. */
async function stillSignedIn(m: Member) {
  if ((await m.client.get("/api/auth/me")).status === 200) return;
  m.client.cookies.clear();
  await app.db.execute(sqlDeleteLoginAttempts);
  const res = await m.client.post("/api/auth/login", { email: m.email, password: m.password });
  if (res.status !== 200) throw new Error(`${m.name} could not sign in again: ${JSON.stringify(res.data)}`);
}

// arrange-only: the sweep's own failed logins must not lock the sweep out of signing in again
const sqlDeleteLoginAttempts = sql`DELETE FROM login_attempts`;

async function forgedTokens(m: Member) {
  const real = m.client.cookies.get(ACCESS_COOKIE)!;
  const claims = decodeJwt(real);
  const now = Math.floor(Date.now() / 1000);
  const sign = (payload: Record<string, unknown>, secret = app.config.jwtSecret) =>
    new SignJWT(payload).setProtectedHeader({ alg: "HS256" }).sign(secret);
  const [header, payload] = real.split(".");
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return {
    "no token": undefined,
    expired: await sign({ ...claims, iat: now - 3600, exp: now - 60 }),
    tampered: `${header}.${b64({ ...claims, role: "owner", hid: "0190f4c2-7b3a-7cde-8f00-000000000000" })}.${real.split(".")[2]}`,
    "alg none": `${b64({ alg: "none", typ: "JWT" })}.${payload}.`,
    "wrong secret": await sign(claims, new TextEncoder().encode("x".repeat(48))),
    "session that does not exist": await sign({ ...claims, sid: "0190f4c2-7b3a-7cde-8f00-00000000dead" }),
    "revoked session": revokedToken,
  } as Record<string, string | undefined>;
}

describe("bad-input sweep over every OpenAPI operation", () => {
  it("never answers 5xx, always answers errors as problem+json, never leaks the other member's private data", async () => {
    const doc = await (await app.fetch(new Request(`${ORIGIN}/api/openapi.json`))).json();
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(40);
    const failures: Failure[] = [];
    let sent = 0;

    const judge = (
      who: string,
      op: Operation,
      label: string,
      res: Response,
      text: string,
      secret?: string,
    ) => {
      const fail = (why: string) => failures.push({ who, op: op.id, label, status: res.status, why });
      if (res.status >= 500) fail(`server error: ${text.slice(0, 200)}`);
      else if (res.status >= 400 && !isProblem(res))
        fail(`not problem+json (${res.headers.get("content-type")})`);
      if (secret && text.includes(secret)) fail("shows the other member's private data");
      if (/\bat [\w.<>]+ \(|node_modules|SELECT |INSERT INTO/.test(text)) fail("leaks a stack trace or SQL");
    };

    const endsSessions = (op: Operation) => op.path === "/api/auth/logout" || op.path.includes("/sessions");
    /** Every bad request of `op` as member `m`, then a check that privacy still holds. */
    const sweepAs = async (m: Member, op: Operation, ids: SweepIds) => {
      for (const req of badRequests(op, ids, 10 * 1024 * 1024)) {
        // a request that signs the member out must not end the sweep
        if (endsSessions(op)) await stillSignedIn(m);
        const { res, text } = await send(req, cookieHeader(m.client));
        sent++;
        judge(m.name, op, req.label, res, text, m.otherSecret);
      }
      const broken = await privacyBroken();
      if (broken)
        failures.push({ who: m.name, op: op.id, label: "after its bad input", status: 0, why: broken });
    };

    for (const m of [owner, partner]) {
      const ids = idsFor(m, await realCursors(m, ops));
      for (const op of ops.filter((o) => !endsSessions(o))) await sweepAs(m, op, ids);
    }

    // strangers and broken sessions: every secured operation answers 401 (or 403 for a foreign origin)
    const tokens = await forgedTokens(owner);
    for (const op of ops) {
      const base = badRequests(op, idsFor(owner), 0).next().value as BadRequest | undefined;
      const req: BadRequest = base ?? {
        label: "plain",
        path: op.path,
        init: { method: op.method, headers: {} },
      };
      for (const [label, token] of Object.entries(tokens)) {
        const { res, text } = await send(req, token ? `${ACCESS_COOKIE}=${token}` : undefined);
        sent++;
        judge("stranger", op, label, res, text, OWNER_SECRET);
        judge("stranger", op, label, res, text, PARTNER_SECRET);
        if (op.secured && res.status !== 401) {
          failures.push({
            who: "stranger",
            op: op.id,
            label,
            status: res.status,
            why: "a secured route let it through",
          });
        }
      }
      if (op.method !== "GET") {
        await stillSignedIn(owner);
        const { res, text } = await send(req, cookieHeader(owner.client), { origin: "https://evil.example" });
        sent++;
        judge("foreign origin", op, "foreign Origin", res, text);
        if (res.status !== 403) {
          failures.push({
            who: "foreign origin",
            op: op.id,
            label: "Origin",
            status: res.status,
            why: "not refused",
          });
        }
      }
    }

    // the operations that end sessions, last: bad input there must not sign anyone else out
    for (const m of [owner, partner]) {
      for (const op of ops.filter(endsSessions)) await sweepAs(m, op, idsFor(m));
    }

    // nothing the sweep sent took a member's private things away or showed them to the other
    expect(await privacyBroken()).toBeUndefined();

    console.log(`bad-input sweep: ${ops.length} operations, ${sent} requests, ${failures.length} failures`);
    const report = failures.slice(0, 60).map((f) => `${f.who} ${f.op} [${f.label}] → ${f.status}: ${f.why}`);
    expect(report, `${failures.length} failures`).toEqual([]);
  }, 300_000);
});
