import { afterEach, describe, expect, it } from "vitest";
import { statementFixtures } from "../fixtures/statements";
import { readTextLayer } from "../pdf/text-layer";
import { toRows } from "../statements/layout";
import { createClaudeProvider } from "./claude";
import { startFakeClaude } from "./fakes/claude.testing";
import { startFakeGemini } from "./fakes/gemini.testing";
import { startFakeOllama } from "./fakes/ollama.testing";
import type { FakeServer } from "./fakes/server.testing";
import { createGeminiProvider } from "./gemini";
import { createOllamaProvider } from "./ollama";
import { type AiProvider, type AiRequest, ProviderError } from "./provider";

/**
 * Each provider through its real SDK against a fake server on 127.0.0.1 speaking the
 * provider's wire format: what it sends, how it reads answers, how it fails.
 */
type Body = Record<string, any>;

interface Case {
  name: "gemini" | "claude" | "ollama";
  start: () => Promise<FakeServer>;
  create: (url: string, timeoutMs?: number) => AiProvider;
  /** The image the request carried, as the wire format puts it. */
  image: (body: Body) => { mediaType?: string; base64: string } | undefined;
  /** The text of the corrective turn (the second request's last user message). */
  correction: (body: Body) => string;
  /** The structured-output schema the request carried. */
  schema: (body: Body) => any;
}

const cases: Case[] = [
  {
    name: "gemini",
    start: () => startFakeGemini(),
    create: (url, timeoutMs) =>
      createGeminiProvider({ apiKey: "gm-test-key", model: "gemini-2.5-flash", baseUrl: url, timeoutMs }),
    image: (b) => {
      const part = b.contents[0].parts.find((p: Body) => p.inlineData);
      return part && { mediaType: part.inlineData.mimeType, base64: part.inlineData.data };
    },
    correction: (b) => {
      expect(b.contents.map((c: Body) => c.role)).toEqual(["user", "model", "user"]);
      return b.contents[2].parts[0].text;
    },
    schema: (b) => {
      expect(b.generationConfig.responseMimeType).toBe("application/json");
      return b.generationConfig.responseJsonSchema;
    },
  },
  {
    name: "claude",
    start: () => startFakeClaude(),
    create: (url, timeoutMs) =>
      createClaudeProvider({ apiKey: "sk-ant-test-key", model: "claude-haiku-4-5", baseUrl: url, timeoutMs }),
    image: (b) => {
      const block = b.messages[0].content.find((c: Body) => c.type === "image");
      return block && { mediaType: block.source.media_type, base64: block.source.data };
    },
    correction: (b) => {
      expect(b.messages.map((m: Body) => m.role)).toEqual(["user", "assistant", "user"]);
      const assistant = b.messages[1].content;
      const last = b.messages[2].content;
      if (typeof last === "string") return last;
      // the invalid tool call is answered with an error tool_result
      expect(last[0]).toMatchObject({ type: "tool_result", is_error: true, tool_use_id: assistant[0].id });
      return last[0].content;
    },
    schema: (b) => {
      expect(b.tools).toHaveLength(1);
      expect(b.tool_choice).toEqual({ type: "tool", name: b.tools[0].name });
      return b.tools[0].input_schema;
    },
  },
  {
    name: "ollama",
    start: () => startFakeOllama(),
    create: (url, timeoutMs) => createOllamaProvider({ host: url, model: "qwen2.5vl:7b", timeoutMs }),
    image: (b) => {
      const data = b.messages[0].images?.[0];
      return data && { base64: data };
    },
    correction: (b) => {
      expect(b.messages.map((m: Body) => m.role)).toEqual(["user", "assistant", "user"]);
      expect(b.stream).toBe(false);
      return b.messages[2].content;
    },
    schema: (b) => b.format,
  },
];

const context = {
  kind: "statement" as const,
  categories: [
    { name: "Food", kind: "expense" as const },
    { name: "Salary", kind: "income" as const },
  ],
  accounts: [{ name: "BPI Gold", kind: "credit_card", cardLast4: "1234" }],
};

const statementRequest = (text = "BPI statement\n01/05 JOLLIBEE MAKATI 1,234.50"): AiRequest => ({
  kind: "statement",
  text,
  context,
  signal: new AbortController().signal,
});

const goodStatement = {
  kind: "statement",
  statement: { issuer: "BPI", cardLast4: "1234", statementDate: "2026-01-20", totalDue: "1234.50" },
  lines: [
    {
      date: "2026-01-05",
      description: "JOLLIBEE MAKATI",
      amount: "1234.50",
      direction: "debit",
      category: "Food",
    },
    { date: "2026-01-10", description: "PAYMENT - THANK YOU", amount: "5000.00", direction: "credit" },
  ],
};

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

let fake: FakeServer | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

describe.each(cases)("$name provider", (c) => {
  it("reads a good answer into centavos, sending the schema as structured output", async () => {
    fake = await c.start();
    fake.enqueue({ json: goodStatement, usage: { input: 1500, output: 300 } });
    const answer = await c.create(fake.url).extract(statementRequest());
    expect(answer.result.kind).toBe("statement");
    expect(answer.result.lines.map((l) => [l.amountCentavos, l.direction, l.kind])).toEqual([
      ["123450", "debit", "purchase"],
      ["500000", "credit", "payment"],
    ]);
    expect(answer.result.lines[0]!.categoryHint).toBe("Food");
    if (answer.result.kind === "statement") expect(answer.result.statement.totalDueCentavos).toBe("123450");
    expect(answer.usage).toEqual({ inputTokens: 1500, outputTokens: 300 });
    expect(answer.model).toMatch(
      c.name === "gemini" ? /^gemini-2\.5-flash/ : c.name === "claude" ? /claude/ : /qwen/,
    );
    expect(fake.requests).toHaveLength(1);
    const schema = c.schema(fake.requests[0]!.body as Body);
    expect(schema.properties.lines.type).toBe("array");
    expect(schema.$schema).toBeUndefined();
    // the installment plan total is in the structured-output schema the providers get
    expect(JSON.stringify(schema.properties.lines.items.properties.installment)).toContain('"planTotal"');
    // the manual-paste prompt is the instruction, with the household's categories
    expect(fake.requests[0]!.raw).toContain("My expense categories: Food");
  });

  it("reads an answer wrapped in prose and code fences, with peso strings", async () => {
    fake = await c.start();
    const loose = {
      ...goodStatement,
      lines: [{ date: "01/05/2026", description: "JOLLIBEE", amount: "₱1,234.50", direction: "debit" }],
    };
    fake.enqueue({
      text: `Sure! Here is the JSON:\n\`\`\`json\n${JSON.stringify(loose, null, 2)}\n\`\`\`\nLet me know.`,
    });
    const answer = await c.create(fake.url).extract(statementRequest());
    expect(answer.result.lines[0]).toMatchObject({ date: "2026-01-05", amountCentavos: "123450" });
  });

  it("retries an invalid answer once with the field errors, then accepts the good one", async () => {
    fake = await c.start();
    const bad = {
      kind: "statement",
      lines: [{ date: "2026-01-05", description: "X", amount: "lots", direction: "debit" }],
    };
    fake.enqueue(
      { json: bad, usage: { input: 100, output: 10 } },
      { json: goodStatement, usage: { input: 200, output: 20 } },
    );
    const answer = await c.create(fake.url).extract(statementRequest());
    expect(answer.result.lines).toHaveLength(2);
    expect(answer.usage).toEqual({ inputTokens: 300, outputTokens: 30 });
    expect(fake.requests).toHaveLength(2);
    const correction = c.correction(fake.requests[1]!.body as Body);
    expect(correction).toContain("lines.0.amount");
  });

  it("gives up after the one corrective turn: invalid_answer carrying both turns' tokens", async () => {
    fake = await c.start();
    const bad = { kind: "receipt", lines: [] };
    fake.enqueue(
      { json: bad, usage: { input: 100, output: 10 } },
      { json: bad, usage: { input: 200, output: 20 } },
    );
    const e = await failure(c.create(fake.url).extract(statementRequest()));
    expect(e.kind).toBe("invalid_answer");
    expect(e.usage).toEqual({ inputTokens: 300, outputTokens: 30 });
    expect(fake.requests).toHaveLength(2);
  });

  it("maps 429 with Retry-After seconds to rate_limited, without retrying on its own", async () => {
    fake = await c.start();
    fake.enqueue({ status: 429, headers: { "retry-after": "7" } });
    const e = await failure(c.create(fake.url).extract(statementRequest()));
    expect(e).toMatchObject({ provider: c.name, kind: "rate_limited", retryAfterMs: 7000 });
    expect(fake.requests).toHaveLength(1);
  });

  it("reads Retry-After as an HTTP date", async () => {
    fake = await c.start();
    const at = new Date(Date.now() + 30_000).toUTCString();
    fake.enqueue({ status: 429, headers: { "retry-after": at } });
    const e = await failure(c.create(fake.url).extract(statementRequest()));
    expect(e.kind).toBe("rate_limited");
    expect(e.retryAfterMs).toBeGreaterThan(25_000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it("maps 500 to unavailable with one request", async () => {
    fake = await c.start();
    fake.enqueue({ status: 500, message: "internal" });
    const e = await failure(c.create(fake.url).extract(statementRequest()));
    expect(e.kind).toBe("unavailable");
    expect(fake.requests).toHaveLength(1);
  });

  it("maps a refused connection to unavailable", async () => {
    fake = await c.start();
    const url = fake.url;
    await fake.close();
    fake = null;
    const e = await failure(c.create(url).extract(statementRequest()));
    expect(e.kind).toBe("unavailable");
  });

  it("maps no answer before its timeout to timeout", async () => {
    fake = await c.start();
    fake.enqueue({ json: goodStatement, delayMs: 5000 });
    const started = Date.now();
    const e = await failure(c.create(fake.url, 300).extract(statementRequest()));
    expect(e.kind).toBe("timeout");
    // well before the fake's own 5 s answer, with room for a loaded CI machine
    expect(Date.now() - started).toBeLessThan(4500);
  });

  it("stops when the chain aborts the request", async () => {
    fake = await c.start();
    fake.enqueue({ json: goodStatement, delayMs: 5000 });
    const request = { ...statementRequest(), signal: AbortSignal.timeout(200) };
    const e = await failure(c.create(fake.url).extract(request));
    expect(e.kind).toBe("timeout");
  });

  it("maps 401 to auth and 400 to rejected, the key in its header and never in the error", async () => {
    fake = await c.start();
    fake.enqueue({ status: 401, message: "invalid x-api-key" }, { status: 400, message: "bad image" });
    const denied = await failure(c.create(fake.url).extract(statementRequest()));
    expect(denied.kind).toBe("auth");
    const key = { gemini: "gm-test-key", claude: "sk-ant-test-key", ollama: null }[c.name];
    if (key) {
      const h = fake.requests[0]!.headers;
      // @anthropic-ai/sdk 1.x sends the key as a bearer token
      expect(c.name === "gemini" ? h["x-goog-api-key"] : (h["x-api-key"] ?? h.authorization)).toMatch(
        new RegExp(`^(Bearer )?${key}$`),
      );
      expect(`${denied.message} ${denied.stack}`).not.toContain(key);
    }
    expect((await failure(c.create(fake.url).extract(statementRequest()))).kind).toBe("rejected");
  });

  it("refuses a request with nothing to read, without calling the provider", async () => {
    fake = await c.start();
    const provider = c.create(fake.url);
    expect((await failure(provider.extract(statementRequest("  ")))).kind).toBe("rejected");
    const noImage = { ...statementRequest(), kind: "receipt" as const, text: undefined };
    expect((await failure(provider.extract(noImage))).kind).toBe("rejected");
    expect(fake.requests).toHaveLength(0);
  });

  it("sends a receipt photo as an image part and reads the receipt", async () => {
    fake = await c.start();
    fake.enqueue({
      json: {
        kind: "receipt",
        receipt: { merchant: "Mercury Drug", date: "2026-02-01", total: "356.75" },
        lines: [],
      },
    });
    const answer = await c.create(fake.url).extract({
      kind: "receipt",
      image: { bytes: png, mediaType: "image/png" },
      context: { ...context, kind: "receipt" },
      signal: new AbortController().signal,
    });
    expect(answer.result.kind).toBe("receipt");
    expect(answer.result.lines[0]).toMatchObject({
      amountCentavos: "35675",
      merchant: "Mercury Drug",
      date: "2026-02-01",
    });
    const image = c.image(fake.requests[0]!.body as Body);
    expect(image?.base64).toBe(Buffer.from(png).toString("base64"));
    if (image?.mediaType) expect(image.mediaType).toBe("image/png");
  });
});

describe("a blocked answer", () => {
  it("gemini: a prompt blocked for safety is rejected", async () => {
    fake = await startFakeGemini();
    fake.enqueue({ blocked: "SAFETY" });
    const e = await failure(cases[0]!.create(fake.url).extract(statementRequest()));
    expect(e.kind).toBe("rejected");
  });

  it("claude: a refusal is rejected; 529 overloaded is unavailable", async () => {
    fake = await startFakeClaude();
    fake.enqueue({ blocked: "refusal" }, { status: 529, message: "Overloaded" });
    expect((await failure(cases[1]!.create(fake.url).extract(statementRequest()))).kind).toBe("rejected");
    expect((await failure(cases[1]!.create(fake.url).extract(statementRequest()))).kind).toBe("unavailable");
  });
});

describe("what leaves for a provider", () => {
  it("never carries the statement's PDF password or a full card number, to any provider", async () => {
    const fixture = (await statementFixtures()).find((f) => f.password && f.issuer === "bpi")!;
    const password = fixture.password!;
    const cardNumber = fixture.spec.cardNumber;
    // the chain sends the stored text layer of the unlocked PDF; the test adds the full card
    // number as some layouts print it, and reads the PDF with the password as upload does
    const layer = await readTextLayer(fixture.pdf, { password });
    const rows = toRows(layer).map((r) => r.cells.map((c) => c.text).join("  "));
    const text = [`Card number ${cardNumber}`, `Card no. ${cardNumber.replace(/ /g, "-")}`, ...rows].join(
      "\n",
    );
    expect(text).toContain(cardNumber);
    const digits = cardNumber.replace(/\D/g, "");
    const answer = { ...goodStatement, statement: { cardLast4: digits.slice(-4) } };
    for (const c of cases) {
      const server = await c.start();
      try {
        // an invalid answer first, so the corrective turn is checked too
        server.enqueue({ json: { kind: "statement", lines: [] } }, { json: answer });
        await c.create(server.url).extract(statementRequest(text));
        expect(server.requests).toHaveLength(2);
        const sent = server.everythingSent();
        expect(sent).toContain(`**** **** **** ${digits.slice(-4)}`);
        expect(sent).toContain(fixture.truth.lines[0]!.description.slice(0, 12));
        expect(sent).not.toContain(password);
        expect(sent).not.toContain(cardNumber);
        expect(sent.replace(/[\s-]/g, "")).not.toContain(digits);
      } finally {
        await server.close();
      }
    }
  });
});
