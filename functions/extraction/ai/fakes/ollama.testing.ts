/**
 * A fake Ollama server for tests and the bench. Point the `ollama` client at it with
 * `host: fake.url` (createOllamaProvider's `host`).
 *
 *   const fake = await startFakeOllama();
 *   fake.enqueue({ json: answer }, { status: 500, message: "llama runner process has terminated" });
 *   … fake.requests[0].body.messages, fake.everythingSent() …
 *   await fake.close();
 *
 * Speaks `POST /api/chat` without streaming: `{ model, created_at, message: { role, content },
 * done_reason, done: true, …durations, prompt_eval_count, eval_count }`; errors are Ollama's
 * `{ error: "…" }`. Replies: see FakeReply in server.testing.ts.
 */
import { answerText, type FakeOptions, type FakeServer, startFake, usageOf } from "./server.testing";

export type { FakeReply, FakeServer, RecordedRequest } from "./server.testing";

export function startFakeOllama(options: FakeOptions = {}): Promise<FakeServer> {
  return startFake(
    options,
    (r) => r.method === "POST" && r.path === "/api/chat",
    (reply, request) => {
      if (reply.status) {
        return {
          status: reply.status,
          headers: reply.headers,
          body: { error: reply.message ?? "fake error" },
        };
      }
      const u = usageOf(reply);
      const model = (request.body as { model?: string } | undefined)?.model ?? "llava";
      return {
        status: 200,
        headers: reply.headers,
        body: {
          model,
          created_at: new Date().toISOString(),
          message: { role: "assistant", content: answerText(reply) },
          done_reason: "stop",
          done: true,
          total_duration: 1_000_000,
          load_duration: 100_000,
          prompt_eval_count: u.input,
          prompt_eval_duration: 400_000,
          eval_count: u.output,
          eval_duration: 500_000,
        },
      };
    },
    () => ({ status: 404, body: { error: "404 page not found" } }),
  );
}
