import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deriveEventKey } from "@fintrack/events/signature";
import proxyaddr from "proxy-addr";
import { z } from "zod";

/**
 * TRUSTED_PROXIES: comma-separated addresses, CIDR ranges, or proxy-addr's names (loopback,
 * linklocal, uniquelocal) of the reverse proxies whose X-Forwarded-* headers are believed.
 */
const trustedProxies = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const list = value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    for (const entry of list) {
      try {
        proxyaddr.compile(entry);
      } catch {
        ctx.addIssue({
          code: "custom",
          input: entry,
          message: `"${entry}" is not an IP address, a CIDR range, or one of loopback, linklocal, uniquelocal`,
        });
        return z.NEVER;
      }
    }
    return list;
  });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  FUNCTION: z
    .string()
    .regex(/^[a-z]+$/, "a function name like auth")
    .optional(),
  DATABASE_URL: z.url().optional(),
  DATA_DIR: z.string().default("./data"),
  JWT_SECRET_KEY: z.string().min(32, "at least 32 characters").optional(),
  EVENT_SIGNING_KEY: z.string().min(32, "at least 32 characters").optional(),
  PUBLIC_URL: z.url().optional(),
  // none by default: X-Forwarded-* and X-Real-IP are ignored unless the peer is listed here
  TRUSTED_PROXIES: trustedProxies,
  // unset: warnings only on a laptop (the terminal stays readable), every request in production
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  K_SINK: z.url().optional(),
  FUNCTION_URL_TEMPLATE: z.string().includes("{name}").optional(),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  TZ: z.string().default("Asia/Manila"),
  DISCORD_WEBHOOK_URL: z.url().optional(),
  GEMINI_API_KEY: z.string().optional(),
  CLAUDE_API_KEY: z.string().optional(),
  OLLAMA_URL: z.url().optional(),
  // another address for Gemini's or Claude's API (a proxy, or a test's fake server)
  GEMINI_BASE_URL: z.url().optional(),
  CLAUDE_BASE_URL: z.url().optional(),
  // the AI chain's budget per document: below the extraction Service's timeoutSeconds (300),
  // leaving time for the offline extractor and the database writes after it
  AI_CHAIN_DEADLINE_SECONDS: z.coerce.number().int().min(5).max(280).default(200),
  AI_CALL_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(280).default(60),
});

export type Config = Omit<z.infer<typeof schema>, "LOG_LEVEL"> & {
  LOG_LEVEL: NonNullable<z.infer<typeof schema>["LOG_LEVEL"]>;
  jwtSecret: Uint8Array;
  /** HMAC key for CloudEvents (outbox signs, receivers verify), from EVENT_SIGNING_KEY or JWT_SECRET_KEY. */
  eventKey: Uint8Array;
};

/**
 * Parses the environment once. A bad value stops startup with a message naming it. Only
 * JWT_SECRET_KEY is required in production; locally a secret is generated once and kept in
 * DATA_DIR so sessions survive restarts.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const cfg = parsed.data;
  let secret = cfg.JWT_SECRET_KEY;
  if (!secret) {
    if (cfg.NODE_ENV === "production")
      throw new Error("Invalid configuration:\n  JWT_SECRET_KEY: required in production");
    secret = devSecret(cfg.DATA_DIR);
  }
  const LOG_LEVEL = cfg.LOG_LEVEL ?? (cfg.NODE_ENV === "production" ? "info" : "warn");
  return {
    ...cfg,
    LOG_LEVEL,
    jwtSecret: new TextEncoder().encode(secret),
    eventKey: deriveEventKey(cfg.EVENT_SIGNING_KEY ?? secret),
  };
}

function devSecret(dataDir: string): string {
  const file = join(dataDir, "jwt-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** A config for tests: in-memory everything, a random secret. */
export function testConfig(overrides: Partial<Record<keyof z.input<typeof schema>, string>> = {}): Config {
  return loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    JWT_SECRET_KEY: randomBytes(32).toString("hex"),
    ...overrides,
  });
}
