import { schema } from "@fintrack/db";
import { describe, expect, it } from "vitest";
import { testConfig } from "../lib/config";
import { createLogger } from "../lib/logger";
import { householdOfTwo, useTestApp } from "../testing";

const SECRET = "AIzaSy-TOP-SECRET-value-9f3kabcd";
const logLines: string[] = [];
const app = useTestApp("per file", {
  only: ["auth", "extraction"],
  log: createLogger("trace", "fintrack", { write: (line: string) => logLines.push(line) }),
});

let household: ReturnType<typeof householdOfTwo> | undefined;
const once = () => {
  household ??= householdOfTwo(app);
  return household;
};

const put = (client: Awaited<ReturnType<typeof householdOfTwo>>["owner"], json: unknown) =>
  client.request("/api/extraction/ai/settings", { method: "PUT", json });

describe("AI settings over HTTP", () => {
  it("owner sets a chain and a key: the key is stored encrypted, shown only as its last 4, never logged; the partner reads but cannot change", async () => {
    const { owner, partner } = await once();
    const first = await owner.get("/api/extraction/ai/settings");
    expect(first.status).toBe(200);
    // nothing configured: offline only, nothing leaves the homelab
    expect(first.data).toMatchObject({ chain: ["offline"], localOnly: false, saved: false, canEdit: true });
    expect(first.data.providers.map((p: { key: unknown }) => p.key)).toEqual([null, null, null]);

    const saved = await put(owner, {
      chain: ["gemini", "claude", "offline"],
      localOnly: false,
      providers: { gemini: { apiKey: SECRET, monthlyCap: "150.00", model: "gemini-2.5-pro" } },
    });
    expect(saved.status).toBe(200);
    const gemini = saved.data.providers.find((p: { name: string }) => p.name === "gemini");
    expect(gemini).toMatchObject({
      key: { source: "settings", endsWith: "abcd" },
      configured: true,
      monthlyCapCentavos: "15000",
      monthToDateCentavos: "0",
      model: "gemini-2.5-pro",
    });
    expect(gemini.privacy.host).toBe("generativelanguage.googleapis.com");
    expect(gemini.privacy.sent.join(" ")).toMatch(/masked to the last 4 digits/);
    expect(gemini.privacy.never.join(" ")).toMatch(/passwords/i);

    const read = await partner.get("/api/extraction/ai/settings");
    expect(read.status).toBe(200);
    expect(read.data).toMatchObject({ chain: ["gemini", "claude", "offline"], canEdit: false });
    const refused = await put(partner, { chain: ["offline"], localOnly: true });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toMatch(/problem\+json/);
    expect((await owner.get("/api/extraction/ai/settings")).data.chain).toEqual([
      "gemini",
      "claude",
      "offline",
    ]);

    // the key exists nowhere in clear: responses, the database row, the logs
    const [row] = await app.db.select().from(schema.aiSettings);
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(row!.providers.gemini!.keyCiphertext).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(JSON.stringify([first.data, saved.data, read.data])).not.toContain(SECRET);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join("\n")).not.toContain(SECRET);
    expect(logLines.join("\n")).not.toContain(SECRET.slice(0, 12));

    // leaving the key out keeps it; null removes it
    const kept = await put(owner, { chain: ["gemini", "offline"], localOnly: false });
    expect(kept.data.providers[0].key).toMatchObject({ source: "settings", endsWith: "abcd" });
    const removed = await put(owner, {
      chain: ["gemini", "offline"],
      localOnly: false,
      providers: { gemini: { apiKey: null, monthlyCap: null } },
    });
    expect(removed.data.providers[0]).toMatchObject({
      key: null,
      configured: false,
      monthlyCapCentavos: null,
    });
  });

  it("refuses a bad policy with 400 problems that never echo a key", async () => {
    const { owner } = await once();
    const bad = [
      { chain: ["offline", "gemini"], localOnly: false },
      { chain: ["gemini", "gemini"], localOnly: false },
      { chain: [], localOnly: false },
      { chain: ["gpt"], localOnly: false },
      { chain: ["gemini", "claude"], localOnly: true },
      { chain: ["offline"] },
      { chain: ["offline"], localOnly: "yes" },
      { chain: ["offline"], localOnly: false, extra: 1 },
      { chain: ["offline"], localOnly: false, providers: { gemini: { apiKey: "has spaces in it secret" } } },
      { chain: ["offline"], localOnly: false, providers: { gemini: { apiKey: "short" } } },
      { chain: ["offline"], localOnly: false, providers: { gemini: { baseUrl: "http://x" } } },
      { chain: ["offline"], localOnly: false, providers: { ollama: { baseUrl: "ftp://nas/ollama" } } },
      { chain: ["offline"], localOnly: false, providers: { ollama: { baseUrl: "http://u:p@ollama:11434" } } },
      { chain: ["offline"], localOnly: false, providers: { claude: { monthlyCap: "-5" } } },
      { chain: ["offline"], localOnly: false, providers: { claude: { monthlyCap: "1.234" } } },
      { chain: ["offline"], localOnly: false, providers: { claude: { model: "rm -rf /" } } },
    ];
    for (const body of bad) {
      const res = await put(owner, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.data.errors?.length ?? 0, JSON.stringify(body)).toBeGreaterThan(0);
      expect(JSON.stringify(res.data)).not.toContain("has spaces in it secret");
    }
    const notJson = await owner.request("/api/extraction/ai/settings", {
      method: "PUT",
      body: "{",
      headers: { "content-type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    // local only with Ollama is fine, and names Ollama's host as what it talks to
    const local = await put(owner, {
      chain: ["ollama", "offline"],
      localOnly: true,
      providers: { ollama: { baseUrl: "http://ollama.homelab:11434", model: "llava:13b" } },
    });
    expect(local.status).toBe(200);
    expect(local.data.providers[2]).toMatchObject({
      name: "ollama",
      configured: true,
      baseUrlSource: "settings",
      privacy: { host: "ollama.homelab:11434", local: true },
    });
  });

  it("needs a session", async () => {
    expect((await app.client().get("/api/extraction/ai/settings")).status).toBe(401);
    expect((await put(app.client(), { chain: ["offline"], localOnly: false })).status).toBe(401);
  });
});

describe("keys from the environment", () => {
  const envApp = useTestApp("per file", {
    only: ["auth", "extraction"],
    config: testConfig({ GEMINI_API_KEY: "env-gemini-key-zzzz9999", OLLAMA_URL: "http://ollama:11434" }),
  });

  it("say 'from environment' without any of the key, and make the default chain", async () => {
    const { owner } = await householdOfTwo(envApp);
    const res = await owner.get("/api/extraction/ai/settings");
    expect(res.data.chain).toEqual(["gemini", "ollama", "offline"]);
    expect(res.data.providers[0].key).toEqual({ source: "environment", endsWith: null });
    expect(res.data.providers[2]).toMatchObject({
      baseUrl: "http://ollama:11434",
      baseUrlSource: "environment",
    });
    expect(JSON.stringify(res.data)).not.toContain("9999");
  });
});
