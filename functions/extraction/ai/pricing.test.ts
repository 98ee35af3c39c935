import { describe, expect, it } from "vitest";
import { costMicroUsd, priceOf } from "./pricing";

describe("priceOf / costMicroUsd", () => {
  it("prices a listed model, its dated snapshot, and any Ollama model as free", () => {
    expect(priceOf("claude", "claude-haiku-4-5-20251001")).toEqual(priceOf("claude", "claude-haiku-4-5"));
    expect(priceOf("gemini", "models/gemini-2.5-flash")).toEqual({
      inputPerMTokUsd: 0.3,
      outputPerMTokUsd: 2.5,
    });
    expect(priceOf("ollama", "qwen2.5vl:7b")).toEqual({ inputPerMTokUsd: 0, outputPerMTokUsd: 0 });
  });

  it("has no price for an unknown model rather than a guess", () => {
    expect(priceOf("gemini", "gemini-9-ultra")).toBeNull();
  });

  it("gives an integer cost in millionths of a dollar", () => {
    // 12,345 tokens in at $0.30/M and 678 out at $2.50/M = $0.0037035 + $0.001695
    expect(
      costMicroUsd(priceOf("gemini", "gemini-2.5-flash")!, { inputTokens: 12_345, outputTokens: 678 }),
    ).toBe(5399);
  });
});
