/** Shared setup for the *.browser.test.ts files: the real server plus headless Debian chromium. */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { Runtime } from "../../functions/runtime";
import { type RunningServer, startServer } from "../../functions/serve";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const BROWSER_TIMEOUT = 180_000;
export const screenshotDir = new URL("../test-results/screenshots/", import.meta.url);

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

type Viewport = { width: number; height: number };
type ColorScheme = "light" | "dark";

export async function launchBrowser(): Promise<Browser> {
  // a missing browser must fail the suite, never skip it
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function newContext(
  browser: Browser,
  baseURL: string,
  viewport: Viewport = DESKTOP,
  colorScheme: ColorScheme = "light",
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    colorScheme,
    locale: "en-PH",
    timezoneId: "Asia/Manila",
  });
  context.setDefaultTimeout(15_000);
  await watchCsp(context);
  return context;
}

const cspViolations: string[] = [];

/** The Content-Security-Policy violations seen since the last call (and forgets them). */
export function takeCspViolations(): string[] {
  return cspViolations.splice(0);
}

// Every page reports what the CSP blocked, as an event and on the console: a test that
// passes only because the policy is not enforced somewhere else must not pass here.
async function watchCsp(context: BrowserContext): Promise<void> {
  await context.exposeBinding("__reportCspViolation", ({ page }, text: string) => {
    cspViolations.push(`${page.url()}: ${text}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __reportCspViolation: (t: string) => void })
        .__reportCspViolation;
      report(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  context.on("console", (msg) => {
    if (/Content[- ]Security[- ]Policy/i.test(msg.text())) cspViolations.push(`console: ${msg.text()}`);
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, screenshotDir).pathname, fullPage: true });
}

/** Waits until `path` is the current path (ignoring the query string). */
export async function waitForPath(page: Page, path: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === path);
}

/** FinTrack served for one test file, with a browser to visit it. */
export interface BrowserSuite {
  /** Where the server listens, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** A fresh visitor: its own cookies, signed out. */
  newContext(viewport?: Viewport, colorScheme?: ColorScheme): Promise<BrowserContext>;
  /** The server's functions and local broker, for arranging what no page can (events). */
  runtime(): Promise<Runtime>;
}

/**
 * Starts the real server and chromium before the file's tests and closes both after them.
 * `arrange` runs once both are up, inside the same hook (so within BROWSER_TIMEOUT).
 */
export function startFinTrack(arrange?: (fintrack: BrowserSuite) => Promise<void>): BrowserSuite {
  let browser: Browser | undefined;
  let server: RunningServer | undefined;
  const running = () => {
    if (!browser || !server) throw new Error("FinTrack starts in beforeAll: use it inside a test or hook");
    return { browser, server };
  };
  const fintrack: BrowserSuite = {
    get url() {
      return running().server.url;
    },
    newContext: (viewport, colorScheme) => newContext(running().browser, fintrack.url, viewport, colorScheme),
    runtime: () => running().server.runtime,
  };

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchBrowser(),
      startServer({ port: 0, env: { ...process.env, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn" } }),
    ]);
    await arrange?.(fintrack);
  }, BROWSER_TIMEOUT);

  afterEach(() => {
    const seen = takeCspViolations();
    if (seen.length > 0) throw new Error(`Content-Security-Policy violations:\n${seen.join("\n")}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return fintrack;
}
