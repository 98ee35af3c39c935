/** What the gateway must know about a function without running it (kept free of heavy imports). */
export interface FunctionMeta {
  name: string;
  /** One line on what the domain holds: the description of its tag in the API docs. */
  description?: string;
  /** Paths under /api/<name> reachable without signing in. */
  publicPaths: RegExp[];
  /** Paths only the cluster may call (event receivers); the gateway answers 404. */
  internalPaths?: RegExp[];
  /** Larger body limit for uploads and imports. */
  bodyLimitBytes?: number;
}

/** Paths every function exposes without a session. */
export const standardPublicPaths = (name: string) => [
  new RegExp(`^/api/${name}/(health|ready|openapi\\.json)$`),
];
