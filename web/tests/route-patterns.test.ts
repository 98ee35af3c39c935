import { describe, expect, it } from "vitest";
import { matchesPage, pagePatterns } from "../route-patterns";

describe("page route patterns", () => {
  it("drops route groups and the catch-all not-found page", () => {
    expect(pagePatterns(["/(auth)/login", "/(dashboard)", "/(auth)/invite/:code", "/*404"])).toEqual([
      "/",
      "/invite/:code",
      "/login",
    ]);
  });

  it("matches app pages and rejects everything else", () => {
    const patterns = ["/", "/invite/:code", "/settings", "/docs/*rest", "/cards/:id?"];
    expect(matchesPage(patterns, "/")).toBe(true);
    expect(matchesPage(patterns, "/settings")).toBe(true);
    expect(matchesPage(patterns, "/settings/")).toBe(true);
    expect(matchesPage(patterns, "/invite/abc123")).toBe(true);
    expect(matchesPage(patterns, "/docs/a/b")).toBe(true);
    expect(matchesPage(patterns, "/cards")).toBe(true);
    expect(matchesPage(patterns, "/cards/1")).toBe(true);
    expect(matchesPage(patterns, "/invite")).toBe(false);
    expect(matchesPage(patterns, "/invite/abc/extra")).toBe(false);
    expect(matchesPage(patterns, "/nope")).toBe(false);
  });
});
