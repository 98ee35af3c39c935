/**
 * A fake Anthropic Messages API for tests and the bench. Point @anthropic-ai/sdk at it with
 * `baseURL: fake.url` (createClaudeProvider's `baseUrl`).
 *
 *   const fake = await startFakeClaude();
 *   fake.enqueue({ json: answer }, { status: 529 });
 *   … fake.requests[0].body.messages, fake.everythingSent() …
 *   await fake.close();
 *
 * Speaks `POST /v1/messages`: a `message` whose content is one `tool_use` block (a `json`
 * reply, named after the request's forced tool) or one `text` block (a `text` reply), with
 * `stop_reason` and `usage`; a `blocked` reply is `stop_reason: "refusal"`; errors are
 * `{ type: "error", error: { type, message }, request_id }` with a `request-id` header.
 * Replies: see FakeReply in server.testing.ts.
 */
import { type FakeOptions, type FakeServer, startFake, usageOf } from "./server.testing";

export type { FakeReply, FakeServer, RecordedRequest } from "./server.testing";

const ERROR_TYPE: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

let serial = 0;
const id = (prefix: string) => `${prefix}_fake${(++serial).toString().padStart(8, "0")}`;

export function startFakeClaude(options: FakeOptions = {}): Promise<FakeServer> {
  return startFake(
    options,
    (r) => r.method === "POST" && r.path.split("?")[0] === "/v1/messages",
    (reply, request) => {
      const requestId = id("req");
      if (reply.status) {
        return {
          status: reply.status,
          headers: { "request-id": requestId, ...reply.headers },
          body: {
            type: "error",
            error: { type: ERROR_TYPE[reply.status] ?? "api_error", message: reply.message ?? "Fake error" },
            request_id: requestId,
          },
        };
      }
      const body = request.body as { model?: string; tool_choice?: { name?: string } } | undefined;
      const u = usageOf(reply);
      const content = reply.blocked
        ? []
        : reply.json !== undefined
          ? [
              {
                type: "tool_use",
                id: id("toolu"),
                name: body?.tool_choice?.name ?? "tool",
                input: reply.json,
              },
            ]
          : [{ type: "text", text: reply.text ?? "" }];
      return {
        status: 200,
        headers: { "request-id": requestId, ...reply.headers },
        body: {
          id: id("msg"),
          type: "message",
          role: "assistant",
          model: body?.model ?? "claude",
          content,
          stop_reason: reply.blocked ? "refusal" : reply.json !== undefined ? "tool_use" : "end_turn",
          stop_sequence: null,
          usage: {
            input_tokens: u.input,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            output_tokens: u.output,
            service_tier: "standard",
          },
        },
      };
    },
    () => ({
      status: 404,
      body: { type: "error", error: { type: "not_found_error", message: "Not found" } },
    }),
  );
}
