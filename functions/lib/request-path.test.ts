import { describe, expect, it } from "vitest";
import { normalisePath } from "./request-path";

// The servers (Bun.serve, node-server) and new URL() already fold literal dot segments, so
// these spellings rarely reach the apps; the normaliser refuses them anyway.
describe("normalisePath", () => {
  it("decodes to one canonical spelling", () => {
    expect(normalisePath("/api/notifications/%65vents")).toEqual({ path: "/api/notifications/events" });
    expect(normalisePath("/api/deadletter%73")).toEqual({ path: "/api/deadletters" });
    expect(normalisePath("/")).toEqual({ path: "/" });
    expect(normalisePath("/settings/")).toEqual({ path: "/settings/" });
    expect(normalisePath("/caf%c3%a9/a%20b:c@d")).toEqual({ path: "/caf%C3%A9/a%20b:c@d" });
    // normalising twice changes nothing (gateway, then function)
    expect(normalisePath("/caf%C3%A9/a%20b:c@d")).toEqual({ path: "/caf%C3%A9/a%20b:c@d" });
    // a literal % stays one (decoded once, never twice)
    expect(normalisePath("/api/notifications/%2565vents")).toEqual({ path: "/api/notifications/%2565vents" });
  });

  it.each([
    "/api/a/../b",
    "/api/a/./b",
    "/api/a/%2e%2e/b",
    "/api/a/%2E/b",
    "/api/a/.%2e/b",
    "/api/a%2Fb",
    "/api/a%2fb",
    "/api/a%5Cb",
    "/api/a\\b",
    "/api//a",
    "//api/a",
    "/api/a//",
    "/api/a%00",
    "/api/a\u0000b",
    "/api/%zz",
    "/api/%E0%A4%A",
    "api/a",
  ])("refuses %j", (raw) => {
    expect(normalisePath(raw)).toHaveProperty("error");
  });
});
