/**
 * The scriptable HTTP core under the fake Gemini, Claude and Ollama servers (see
 * gemini.testing.ts, claude.testing.ts, ollama.testing.ts — use those, not this file).
 *
 * A fake listens on 127.0.0.1 (a free port), records every request (method, path, headers,
 * raw and parsed body) and answers each from a queue of replies, or from `respond(request)`
 * once the queue is empty (a bench replaying recorded answers), or with a 500 saying the
 * script ran out. Each provider file turns a reply into that provider's real wire format.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer. Exactly one of `json`, `text`, `status`, `blocked` says what happens. */
export interface FakeReply {
  /** The model answers with this value: JSON text (Gemini, Ollama) or the forced tool's input (Claude). */
  json?: unknown;
  /** The model answers with this text as is (prose, code fences…). */
  text?: string;
  /** An HTTP error with the provider's real error body; `message` goes in it. */
  status?: number;
  message?: string;
  /** Extra response headers (e.g. `retry-after`). */
  headers?: Record<string, string>;
  /** The answer is withheld: Gemini `promptFeedback.blockReason` (e.g. "SAFETY"), Claude `stop_reason: "refusal"`. */
  blocked?: string;
  /** Wait this long before answering (timeouts, latency in the bench). */
  delayMs?: number;
  /** Tokens to report; defaults to 1000 in, 200 out. */
  usage?: { input: number; output: number };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The body as sent. */
  raw: string;
  /** The body parsed as JSON (undefined if it was not JSON). */
  body: unknown;
}

export interface FakeServer {
  /** http://127.0.0.1:<port>, to give the SDK as its base URL / host. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Adds replies to the end of the queue. */
  enqueue(...replies: FakeReply[]): void;
  /** Everything any request sent (paths, headers and bodies), to assert a secret never reached the fake. */
  everythingSent(): string;
  close(): Promise<void>;
}

export interface FakeOptions {
  /** Answers a request when the queue is empty. */
  respond?: (request: RecordedRequest) => FakeReply;
}

export interface WireResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export async function startFake(
  options: FakeOptions,
  route: (request: RecordedRequest) => boolean,
  render: (reply: FakeReply, request: RecordedRequest) => WireResponse,
  notFound: (request: RecordedRequest) => WireResponse,
): Promise<FakeServer> {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
    );
    const recorded: RecordedRequest = { method: req.method ?? "", path: req.url ?? "", headers, raw, body };
    requests.push(recorded);
    let wire: WireResponse;
    let delayMs = 0;
    if (!route(recorded)) wire = notFound(recorded);
    else {
      const reply = queue.shift() ??
        options.respond?.(recorded) ?? { status: 500, message: "fake: no reply scripted" };
      delayMs = reply.delayMs ?? 0;
      wire = render(reply, recorded);
    }
    if (delayMs > 0) {
      const gone = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(false), delayMs);
        res.on("close", () => {
          clearTimeout(t);
          resolve(true);
        });
      });
      if (gone) return;
    }
    const text = JSON.stringify(wire.body);
    res.writeHead(wire.status, { "content-type": "application/json; charset=utf-8", ...wire.headers });
    res.end(text);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => queue.push(...replies),
    everythingSent: () =>
      requests.map((r) => `${r.method} ${r.path}\n${JSON.stringify(r.headers)}\n${r.raw}`).join("\n\n"),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const usageOf = (reply: FakeReply) => reply.usage ?? { input: 1000, output: 200 };

/** The answer as the model's text: a JSON value is serialised, text is sent as is. */
export const answerText = (reply: FakeReply) => reply.text ?? JSON.stringify(reply.json);
