type Doc = {
  paths?: Record<string, unknown>;
  components?: Record<string, Record<string, unknown>>;
};

/** Merges the functions' OpenAPI 3.1 documents into the one the gateway serves. */
export function mergeOpenApi(
  docs: Doc[],
  extraPaths: Record<string, unknown>,
  tags: Array<{ name: string; description?: string }> = [],
) {
  const merged = {
    openapi: "3.1.0",
    info: {
      title: "FinTrack API",
      version: "1.0.0",
      description:
        "Personal finance for a two-person household, in Philippine pesos. Amounts are integer centavos. " +
        "Errors are application/problem+json (RFC 9457).",
    },
    servers: [{ url: "/" }],
    tags: [{ name: "gateway", description: "Health of the public entry and this document" }, ...tags],
    paths: { ...extraPaths } as Record<string, unknown>,
    components: {} as Record<string, Record<string, unknown>>,
  };
  for (const doc of docs) {
    Object.assign(merged.paths, doc.paths ?? {});
    for (const [kind, entries] of Object.entries(doc.components ?? {})) {
      merged.components[kind] = { ...(merged.components[kind] ?? {}), ...entries };
    }
  }
  return merged;
}

export const docsHtml = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>FinTrack API</title><link rel="icon" href="/icon.svg" type="image/svg+xml"><link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body></html>`;

export const docsInit = `window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui" });`;
