import { answerJsonSchema } from "../paste/answer-schema";

/**
 * The manual-paste answer schema as structured output wants it: the same JSON Schema, without
 * the `$schema` dialect marker that response-schema validators do not take.
 */
export function structuredSchema(): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = answerJsonSchema() as Record<string, unknown>;
  return schema;
}
