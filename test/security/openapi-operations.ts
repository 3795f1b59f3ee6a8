import type { FastifyInstance } from "fastify";

export type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  nullable?: boolean;
  $ref?: string;
  [key: string]: unknown;
};

export type Parameter = {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema: JsonSchema;
};

export type Operation = {
  method: string;
  /** As OpenAPI writes it: /api/v1/cases/{caseId} */
  path: string;
  /** "GET /api/v1/cases/{caseId}": the key the matrix table uses */
  key: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body?: JsonSchema;
  /** Whether the operation refuses a request without a body (OpenAPI requestBody.required). */
  bodyRequired: boolean;
  isPublic: boolean;
};

export type OpenApiDocument = {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: unknown; security?: unknown[] }>
  >;
  components?: { schemas?: Record<string, JsonSchema> };
};

/** Every operation the app documents, read from its own /openapi.json (the contract clients see). */
export async function loadOperations(
  app: FastifyInstance,
): Promise<{ spec: OpenApiDocument; operations: Operation[] }> {
  const spec = (await app.inject({ url: "/openapi.json" })).json() as OpenApiDocument;
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const content = (
        operation.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined
      )?.content;
      operations.push({
        method: method.toUpperCase(),
        path,
        key: `${method.toUpperCase()} ${path}`,
        pathParams: parameters.filter((parameter) => parameter.in === "path"),
        queryParams: parameters.filter((parameter) => parameter.in === "query"),
        body: content?.["application/json"]?.schema,
        bodyRequired: Boolean((operation.requestBody as { required?: boolean } | undefined)?.required),
        isPublic: Array.isArray(operation.security) && operation.security.length === 0,
      });
    }
  }
  return { spec, operations };
}

/** Fills {param} placeholders; values are percent-encoded unless the caller wants them raw. */
export function fillPath(path: string, values: Record<string, string>, encode = true): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = values[name] ?? "x";
    return encode ? encodeURIComponent(value) : value;
  });
}

/** Routes Fastify serves that the documentation leaves out on purpose. */
const UNDOCUMENTED = [/^\/docs/, /^\/openapi\.json$/];

/**
 * Every route the running app answers, from its router, so a route that is added without a
 * documented operation (and thus without a matrix entry) is noticed too.
 */
export function registeredRoutes(app: FastifyInstance): string[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const routes: string[] = [];
  // The router prints a tree: each line adds a segment to its parent, one level per 4 columns.
  const stack: string[] = [];
  for (const line of tree.split("\n")) {
    const match = /^(.*?)[└├]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match?.[2]) continue;
    const level = (match[1] ?? "").length / 4;
    stack.length = level;
    stack.push(match[2]);
    const path = stack
      .join("")
      .replace(/\/{2,}/g, "/")
      .replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    if (!match[3] || UNDOCUMENTED.some((pattern) => pattern.test(path))) continue;
    for (const method of match[3].split(", ")) if (method !== "HEAD") routes.push(`${method} ${path}`);
  }
  return routes;
}
