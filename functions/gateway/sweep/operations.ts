/**
 * The operations of the merged OpenAPI document, with `$ref`s resolved: what the bad-input
 * sweep walks. Reading the document (not a list in the test) is what makes the sweep cover
 * every route added later without edits.
 */

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  $ref?: string;
  [key: string]: unknown;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** The templated path, e.g. /api/accounts/{id}. */
  path: string;
  id: string;
  parameters: Parameter[];
  /** Media type and schema of the request body, when it has one. */
  body?: { mediaType: string; schema: JsonSchema; required: boolean };
  /** Whether the operation declares a session (cookieAuth). */
  secured: boolean;
  /** Media types of the success responses (text/event-stream must not be read to the end). */
  responseTypes: string[];
}

interface OperationObject {
  operationId?: string;
  parameters?: Parameter[];
  security?: unknown[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, unknown> } | undefined>;
}

type Doc = {
  paths: Record<string, Record<string, OperationObject> & { parameters?: Parameter[] }>;
  components?: { schemas?: Record<string, JsonSchema> };
};

const METHODS = ["get", "post", "put", "patch", "delete"];

export function operationsOf(doc: Doc): Operation[] {
  const resolve = (schema: JsonSchema | undefined, depth = 0): JsonSchema => {
    if (!schema || depth > 20) return {};
    if (schema.$ref) {
      const name = schema.$ref.replace("#/components/schemas/", "");
      return resolve(doc.components?.schemas?.[name], depth + 1);
    }
    const out: JsonSchema = { ...schema };
    if (schema.properties) {
      out.properties = Object.fromEntries(
        Object.entries(schema.properties).map(([k, v]) => [k, resolve(v, depth + 1)]),
      );
    }
    if (schema.items) out.items = resolve(schema.items, depth + 1);
    for (const key of ["anyOf", "oneOf", "allOf"] as const) {
      if (schema[key]) out[key] = schema[key]!.map((s) => resolve(s, depth + 1));
    }
    return out;
  };

  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as OperationObject | undefined;
      if (!op) continue;
      const parameters: Parameter[] = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => ({
        ...p,
        schema: resolve(p.schema),
      }));
      // a templated segment the document forgot to declare is still a parameter to abuse
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        if (!parameters.some((p) => p.in === "path" && p.name === name)) {
          parameters.push({ name: name!, in: "path", required: true, schema: { type: "string" } });
        }
      }
      const content = op.requestBody?.content;
      const mediaType = content ? Object.keys(content)[0] : undefined;
      const responseTypes = Object.entries(op.responses ?? {})
        .filter(([status]) => status.startsWith("2"))
        .flatMap(([, r]) => Object.keys(r?.content ?? {}));
      ops.push({
        method: method.toUpperCase(),
        path,
        id: op.operationId ?? `${method.toUpperCase()} ${path}`,
        parameters,
        body: mediaType
          ? {
              mediaType,
              schema: resolve(content![mediaType]!.schema),
              required: op.requestBody?.required ?? false,
            }
          : undefined,
        secured: Array.isArray(op.security) && op.security.length > 0,
        responseTypes,
      });
    }
  }
  return ops;
}
