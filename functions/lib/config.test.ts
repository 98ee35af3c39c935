import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

const secret = "s".repeat(40);

describe("configuration", () => {
  it("logs only warnings locally and every request in production, unless LOG_LEVEL says otherwise", () => {
    expect(loadConfig({ JWT_SECRET_KEY: secret }).LOG_LEVEL).toBe("warn");
    expect(loadConfig({ JWT_SECRET_KEY: secret, NODE_ENV: "production" }).LOG_LEVEL).toBe("info");
    expect(loadConfig({ JWT_SECRET_KEY: secret, LOG_LEVEL: "debug" }).LOG_LEVEL).toBe("debug");
  });

  it("stops on a bad value with a message that names it", () => {
    expect(() => loadConfig({ JWT_SECRET_KEY: secret, LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ JWT_SECRET_KEY: "short" })).toThrow(/JWT_SECRET_KEY/);
  });
});
