import type { JsonSchema, Operation } from "./operations";

/** Ids the sweep plants in paths, queries and bodies. */
export interface SweepIds {
  /** Something the member may use (an id of the right kind, or at least a real one). */
  own: (op: Operation, param: string) => string;
  /** The other member's private things: using them must look exactly like a random id. */
  foreign: string[];
  /** A real page cursor per list operation: hand-made ones are its contents changed. */
  cursors: Map<string, string>;
}

export interface BadRequest {
  label: string;
  path: string;
  init: { method: string; headers: Record<string, string>; body?: BodyInit };
}

const MB = 1024 * 1024;
const HUGE = "x".repeat(MB);
const RANDOM_UUID = "0190f4c2-7b3a-7cde-8f00-123456789abc";

const BAD_STRINGS: [string, string][] = [
  ["empty", ""],
  ["1 MB", HUGE],
  ["NUL", "be\u0000fore"],
  ["unicode", "💸 ₱ 𝔘𝔫𝔦 \u202e\ufeff\ud800"],
  ["not a uuid", "not-a-uuid"],
  ["impossible date", "2024-02-30"],
  ["year zero", "0000-00-00"],
  ["far date", "+275760-09-13"],
];
const BAD_NUMBERS: [string, unknown][] = [
  ["negative", -1],
  ["zero", 0],
  ["fraction", 1.5],
  ["huge", 1e308],
  ["past bigint", "9223372036854775808"],
  ["numeric string", "12.345"],
];
const BAD_AMOUNTS: [string, string][] = [
  ["amount zero", "0"],
  ["amount minus zero", "-0"],
  ["amount negative", "-1"],
  ["amount below a centavo", "0.001"],
  ["amount exponent", "1e5"],
  ["amount past bigint", "92233720368547758.08"],
  ["amount with symbols", "₱1,000.005"],
  ["amount NaN", "NaN"],
  ["amount Infinity", "Infinity"],
];
const WRONG_TYPES: [string, unknown][] = [
  ["string", "x"],
  ["number", 123],
  ["boolean", true],
  ["object", { a: 1 }],
  ["array", [1, "a"]],
  ["null", null],
];

const typeOf = (s: JsonSchema): string | undefined => {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== "null");
  if (s.type) return s.type;
  const alt = s.anyOf ?? s.oneOf ?? s.allOf;
  return alt ? alt.map(typeOf).find(Boolean) : undefined;
};

/** A plausible value for a schema: the base each variant changes one thing of. */
export function sample(schema: JsonSchema, ids: (name: string) => string, name = ""): unknown {
  if (schema.enum?.length) return schema.enum[0];
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return sample(alt.find((s) => typeOf(s) && typeOf(s) !== "null") ?? alt[0]!, ids, name);
  if (schema.allOf?.length) return sample(schema.allOf[0]!, ids, name);
  switch (typeOf(schema)) {
    case "object": {
      const props = schema.properties ?? {};
      return Object.fromEntries(
        (schema.required ?? []).filter((k) => props[k]).map((k) => [k, sample(props[k]!, ids, k)]),
      );
    }
    case "array":
      return schema.items ? [sample(schema.items, ids, name)] : [];
    case "integer":
    case "number":
      return Math.max(typeof schema.minimum === "number" ? schema.minimum : 1, 1);
    case "boolean":
      return true;
    default:
      if (schema.format === "uuid") return ids(name);
      if (schema.format === "date") return "2026-11-15";
      if (schema.format === "date-time") return "2026-11-15T08:00:00.000Z";
      if (schema.format === "email") return "someone@example.ph";
      if (/centavos|amount/i.test(name)) return "100";
      if (/month/i.test(name)) return "2026-11";
      if (/date/i.test(name)) return "2026-11-15";
      return "sample";
  }
}

function valuesFor(schema: JsonSchema, ids: SweepIds, name = ""): [string, unknown][] {
  const t = typeOf(schema);
  const out: [string, unknown][] = WRONG_TYPES.filter(([k]) => k !== t);
  if (/amount|centavos|balance|limit|fee/i.test(name)) out.push(...BAD_AMOUNTS);
  if (t === "integer" || t === "number") out.push(...BAD_NUMBERS);
  else out.push(...BAD_STRINGS, ...BAD_NUMBERS.filter(([k]) => k === "past bigint"));
  if (schema.format === "uuid" || t === "array") {
    out.push(
      ...ids.foreign.map((id, i): [string, unknown] => [`foreign id ${i}`, t === "array" ? [id] : id]),
    );
    out.push(["random uuid", RANDOM_UUID]);
  }
  return out;
}

/** A real cursor with each of its fields made impossible, re-encoded as the API encodes it. */
function* tamperedCursors(real: string): Generator<[string, string]> {
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(Buffer.from(real, "base64url").toString("utf8"));
  } catch {
    return; // not a JSON cursor: the plain bad strings cover it
  }
  const encode = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  yield ["not JSON", Buffer.from("{oops").toString("base64url")];
  yield ["JSON null", encode(null)];
  for (const key of Object.keys(fields)) {
    for (const [label, value] of [
      ["impossible date", "2024-02-30"],
      ["uuid-shaped dashes", "------------------------------------"],
      ["not a uuid", "not-a-uuid"],
      ["NUL", "a\u0000b"],
      ["huge number", "99999999999999999999999"],
      ["object", { a: 1 }],
      ["missing", undefined],
    ] as [string, unknown][]) {
      yield [`${key} ${label}`, encode({ ...fields, [key]: value })];
    }
  }
}

function fillPath(op: Operation, values: Record<string, string>) {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ""));
}

/** Every bad request the sweep sends for one operation, as one member. */
export function* badRequests(op: Operation, ids: SweepIds, bodyLimitBytes: number): Generator<BadRequest> {
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const queryParams = op.parameters.filter((p) => p.in === "query");
  const baseValues = Object.fromEntries(pathParams.map((p) => [p.name, ids.own(op, p.name)]));
  const basePath = fillPath(op, baseValues);
  const baseQuery = new URLSearchParams();
  for (const p of queryParams) {
    if (p.required) baseQuery.set(p.name, String(sample(p.schema, (n) => ids.own(op, n), p.name)));
  }
  const url = (path: string, query = baseQuery) => (query.size ? `${path}?${query}` : path);
  const { method } = op;

  const baseBody = op.body ? sample(op.body.schema, (n) => ids.own(op, n)) : undefined;
  const jsonInit = (body: string, type = "application/json") => ({
    method,
    headers: { "content-type": type },
    body,
  });
  const baseInit = () =>
    op.body?.mediaType === "application/json"
      ? jsonInit(JSON.stringify(baseBody))
      : { method, headers: {} as Record<string, string> };

  // path parameters: every bad shape, one at a time
  for (const p of pathParams) {
    const bad: [string, string][] = [
      ["not a uuid", "not-a-uuid"],
      ["random uuid", RANDOM_UUID],
      ["NUL", "a\u0000b"],
      ["dot segments", "../.."],
      ["unicode", "💸"],
      ["5 kB", "y".repeat(5000)],
      ...ids.foreign.map((id, i): [string, string] => [`foreign id ${i}`, id]),
    ];
    for (const [label, value] of bad) {
      yield {
        label: `path ${p.name}: ${label}`,
        path: url(fillPath(op, { ...baseValues, [p.name]: value })),
        init: baseInit(),
      };
    }
  }

  // query parameters
  for (const p of queryParams) {
    for (const [label, value] of valuesFor(p.schema, ids, p.name)) {
      if (label === "1 MB") continue; // a URL that long is refused by every proxy before us
      const q = new URLSearchParams(baseQuery);
      q.set(p.name, typeof value === "string" ? value : JSON.stringify(value));
      yield { label: `query ${p.name}: ${label}`, path: url(basePath, q), init: baseInit() };
    }
    const real = p.name === "cursor" ? ids.cursors.get(op.id) : undefined;
    for (const [label, cursor] of real ? tamperedCursors(real) : []) {
      const q = new URLSearchParams(baseQuery);
      q.set(p.name, cursor);
      yield { label: `query cursor: ${label}`, path: url(basePath, q), init: baseInit() };
    }
    const twice = new URLSearchParams(baseQuery);
    twice.append(p.name, "a");
    twice.append(p.name, "b");
    yield { label: `query ${p.name}: repeated`, path: url(basePath, twice), init: baseInit() };
  }

  if (!op.body && method === "GET") return;

  // bodies: the shape, the framing, and each field
  const path = url(basePath);
  yield { label: "body: malformed JSON", path, init: jsonInit('{"a": ') };
  yield { label: "body: empty", path, init: jsonInit("") };
  yield {
    label: "body: wrong content type",
    path,
    init: jsonInit(JSON.stringify(baseBody ?? {}), "text/plain"),
  };
  yield {
    label: "body: oversized",
    path,
    init: jsonInit(JSON.stringify({ pad: "z".repeat(Math.max(bodyLimitBytes, 2 * MB) + 1024) })),
  };
  if (!op.body) return;
  if (op.body.mediaType === "multipart/form-data") {
    yield* multipartRequests(op, path);
    return;
  }
  for (const [label, value] of [
    ["null", null],
    ["array", []],
    ["string", "text"],
    ["number", 42],
    ["missing fields", {}],
    [
      "prototype pollution",
      JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}'),
    ],
  ] as [string, unknown][]) {
    yield { label: `body: ${label}`, path, init: jsonInit(JSON.stringify(value)) };
  }
  if (baseBody && typeof baseBody === "object" && !Array.isArray(baseBody)) {
    yield {
      label: "body: extra field",
      path,
      init: jsonInit(JSON.stringify({ ...baseBody, unexpected: "field" })),
    };
    yield {
      label: "body: integer past 2^53",
      path,
      init: jsonInit(JSON.stringify(baseBody).replace(/^\{/, '{"big": 9007199254740993123,')),
    };
    const own = (n: string) => ids.own(op, n);
    for (const [field, schema] of Object.entries(op.body.schema.properties ?? {})) {
      const withField = (value: unknown) =>
        jsonInit(JSON.stringify({ ...(baseBody as object), [field]: value }));
      for (const [label, value] of valuesFor(schema, ids, field)) {
        yield { label: `body ${field}: ${label}`, path, init: withField(value) };
      }
      // one level down: a card's fields, each split of a list
      const inner = typeOf(schema) === "array" ? schema.items : schema;
      const nested = inner && typeOf(inner) === "object" ? Object.entries(inner.properties ?? {}) : [];
      for (const [sub, subSchema] of nested) {
        const whole = sample(inner!, own) as object;
        for (const [label, value] of valuesFor(subSchema, ids, sub)) {
          const changed = { ...whole, [sub]: value };
          yield {
            label: `body ${field}.${sub}: ${label}`,
            path,
            init: withField(typeOf(schema) === "array" ? [changed, changed] : changed),
          };
        }
      }
    }
  }
}

function* multipartRequests(op: Operation, path: string): Generator<BadRequest> {
  const form = (parts: Record<string, string | Blob>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(parts)) {
      if (v instanceof Blob) f.append(k, v, "upload.csv");
      else f.append(k, v);
    }
    return f;
  };
  const fileFields = Object.entries(op.body?.schema.properties ?? {})
    .filter(([, s]) => s.format === "binary")
    .map(([k]) => k);
  const files = (content: BlobPart) => Object.fromEntries(fileFields.map((k) => [k, new Blob([content])]));
  const cases: [string, Record<string, string | Blob>][] = [
    ["no parts", {}],
    ["text instead of a file", Object.fromEntries(fileFields.map((k) => [k, "just text"]))],
    ["empty file", files("")],
    ["binary file", files(new Uint8Array([0xff, 0xd8, 0, 1, 2, 0xfe]))],
    ["unicode junk", files("\ud800💸,\u202e\n\ufeff")],
  ];
  const nulFiles: [string, string][] = [
    ["NUL in a value", "Date,Merchant,Amount\n2026-01-02,Jolli\u0000bee,10\n"],
    ["NUL in a header", "Da\u0000te,Merchant,Amount\n2026-01-02,Jollibee,10\n"],
  ];
  const otherFields = Object.entries(op.body?.schema.properties ?? {}).filter(
    ([, s]) => s.format !== "binary",
  );
  // every value of each choice the form offers (e.g. each import source), with a NUL in the file
  for (const [field, schema] of otherFields) {
    for (const value of schema.enum ?? ["sample"]) {
      for (const [label, text] of nulFiles)
        cases.push([`${label}, ${field}=${value}`, { ...files(text), [field]: String(value) }]);
    }
    cases.push([`${field}: bad value`, { ...files("Date,Amount\n2026-01-02,10\n"), [field]: "💸\u0000" }]);
  }
  if (!otherFields.length) for (const [label, text] of nulFiles) cases.push([label, files(text)]);
  for (const [label, parts] of cases) {
    yield { label: `multipart: ${label}`, path, init: { method: op.method, headers: {}, body: form(parts) } };
  }
  yield {
    label: "multipart: broken boundary",
    path,
    init: {
      method: op.method,
      headers: { "content-type": "multipart/form-data; boundary=zzz" },
      body: '--zzz\r\nContent-Disposition: form-data; name="file"\r\n\r\nunterminated',
    },
  };
}
