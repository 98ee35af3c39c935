/**
 * A fake Gemini API (v1beta) for tests and the bench. Point @google/genai at it with
 * `httpOptions.baseUrl: fake.url` (createGeminiProvider's `baseUrl`).
 *
 *   const fake = await startFakeGemini();
 *   fake.enqueue({ json: answer }, { status: 429, headers: { "retry-after": "7" } });
 *   … fake.requests[0].body.contents, fake.everythingSent() …
 *   await fake.close();
 *
 * Speaks `POST /v1beta/models/{model}:generateContent`: a `GenerateContentResponse` with
 * `candidates[0].content.parts[].text`, `finishReason`, `usageMetadata` and `modelVersion`; a
 * blocked prompt as `promptFeedback.blockReason` with no candidates; errors as Google's
 * `{ error: { code, message, status, details } }`, a 429 carrying `google.rpc.RetryInfo`.
 * Replies: see FakeReply in server.testing.ts.
 */
import { answerText, type FakeOptions, type FakeServer, startFake, usageOf } from "./server.testing";

export type { FakeReply, FakeServer, RecordedRequest } from "./server.testing";

const STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

const PATH = /^\/v1(?:beta)?\/models\/([^/:?]+):generateContent(\?.*)?$/;

export function startFakeGemini(options: FakeOptions = {}): Promise<FakeServer> {
  return startFake(
    options,
    (r) => r.method === "POST" && PATH.test(r.path),
    (reply, request) => {
      const model = PATH.exec(request.path)?.[1] ?? "gemini";
      if (reply.status) {
        const retry = reply.headers?.["retry-after"];
        const details =
          reply.status === 429 && retry && /^\d+$/.test(retry)
            ? [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${retry}s` }]
            : [];
        return {
          status: reply.status,
          headers: reply.headers,
          body: {
            error: {
              code: reply.status,
              message:
                reply.message ??
                (reply.status === 429
                  ? "Resource has been exhausted (e.g. check quota)."
                  : "An internal error has occurred."),
              status: STATUS[reply.status] ?? "UNKNOWN",
              ...(details.length ? { details } : {}),
            },
          },
        };
      }
      const u = usageOf(reply);
      const usageMetadata = {
        promptTokenCount: u.input,
        candidatesTokenCount: u.output,
        totalTokenCount: u.input + u.output,
        promptTokensDetails: [{ modality: "TEXT", tokenCount: u.input }],
      };
      if (reply.blocked) {
        return {
          status: 200,
          headers: reply.headers,
          body: { promptFeedback: { blockReason: reply.blocked }, usageMetadata, modelVersion: model },
        };
      }
      return {
        status: 200,
        headers: reply.headers,
        body: {
          candidates: [
            {
              content: { parts: [{ text: answerText(reply) }], role: "model" },
              finishReason: "STOP",
              index: 0,
            },
          ],
          usageMetadata,
          modelVersion: model,
          responseId: `fake-${Date.now().toString(36)}`,
        },
      };
    },
    () => ({
      status: 404,
      body: { error: { code: 404, message: "Method not found.", status: "NOT_FOUND" } },
    }),
  );
}
