import { deriveOperationId, singular, uniqueOperationIds } from "./operation-id";
import { exampleFor, type JsonSchema } from "./schema-example";

type Media = { schema?: JsonSchema; example?: unknown };
type Response = { description?: string; content?: Record<string, Media>; headers?: Record<string, unknown> };
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: unknown[];
  requestBody?: { content?: Record<string, Media>; description?: string };
  responses?: Record<string, Response>;
};
export type OpenApiDocument = {
  info: Record<string, unknown>;
  servers?: { url: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    headers?: Record<string, unknown>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);

/** Every response says what it is; the framework's "Default Response" says nothing. */
const RESPONSE_DESCRIPTIONS: Record<string, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted: recorded and processed asynchronously",
  204: "No content",
  400: "Invalid input: `error.field` names the offending field",
  401: "Missing, invalid, expired or revoked credentials",
  403: "The caller's role may not do this, or the customer must be verified first",
  404: "Not found in this workspace (another workspace's ids are answered the same way)",
  409: "Conflicts with the current state; `error.details` says which rule",
  413: "Request body too large",
  415: "Unsupported content-type or charset",
  422: "Well-formed but refers to something that cannot be used",
  429: "Too many requests: retry after `Retry-After` seconds",
  503: "A dependency is unreachable: retry after `Retry-After` seconds",
};

const REQUEST_ID_HEADER = {
  description:
    "The request's id, as in the server's logs: the caller's `X-Request-Id` when sane, else generated",
  schema: { type: "string", example: "3f9a1c2b-7d4e-4f6a-8b5c-9d1e2f3a4b5c" },
};

const WWW_AUTHENTICATE_HEADER = {
  description: "The scheme to authenticate with (Bearer)",
  schema: { type: "string", example: 'Bearer realm="throughline"' },
};

function visitSchemas(node: unknown, visit: (schema: JsonSchema, key: string) => void, key = ""): void {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const item of node) visitSchemas(item, visit, key);
    return;
  }
  visit(node as JsonSchema, key);
  for (const [child, value] of Object.entries(node)) visitSchemas(value, visit, child);
}

/**
 * OpenAPI 3.0 wants `type` beside `nullable`; dates left untyped by the input side of a schema
 * are typed by their name (`…At`) so clients get real date-times.
 */
function repairSchemas(document: OpenApiDocument): void {
  const components = document.components?.schemas ?? {};
  visitSchemas(document, (schema, key) => {
    // Instants travel as ISO 8601 strings throughout the API; a schema that only says "string" still means one.
    const untyped =
      !("type" in schema) && !("$ref" in schema) && !schema.anyOf && !schema.allOf && !schema.properties;
    if (
      /At$/.test(key) &&
      (untyped || (schema.type === "string" && !schema.format && !schema.pattern && !schema.enum))
    ) {
      schema.type = "string";
      schema.format = "date-time";
    }
    if (schema.nullable !== true || "type" in schema) return;
    const parts = (schema.allOf ?? schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    const types = new Set(
      (parts ?? []).map((part) => {
        const target =
          typeof part.$ref === "string" ? components[part.$ref.replace("#/components/schemas/", "")] : part;
        return target?.type ?? (target?.properties ? "object" : undefined);
      }),
    );
    const [only] = types;
    if (types.size === 1 && typeof only === "string") schema.type = only;
  });
}

/** Drops component schemas nothing refers to (the input twins of output schemas, mostly). */
function removeUnusedSchemas(document: OpenApiDocument): void {
  const schemas = document.components?.schemas;
  if (!schemas) return;
  const used = new Set<string>();
  const pending: unknown[] = [document.paths];
  while (pending.length > 0) {
    visitSchemas(pending.pop(), (schema) => {
      if (typeof schema.$ref !== "string") return;
      const name = schema.$ref.replace("#/components/schemas/", "");
      if (used.has(name) || !schemas[name]) return;
      used.add(name);
      pending.push(schemas[name]);
    });
  }
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
}

/** A read of a plural collection answered with items (or a page of them) is a list. */
function isListRead(
  path: string,
  schema: JsonSchema | undefined,
  components: Record<string, JsonSchema>,
): boolean {
  const target =
    typeof schema?.$ref === "string" ? components[schema.$ref.replace("#/components/schemas/", "")] : schema;
  if (!target) return false;
  if (target.type === "array") return true;
  const properties = (target.properties ?? {}) as Record<string, JsonSchema>;
  if ("nextCursor" in properties) return true;
  const last = path.split("/").at(-1) ?? "";
  const arrays = Object.values(properties).filter((property) => property.type === "array");
  return singular(last) !== last && arrays.length === 1 && Object.keys(properties).length <= 2;
}

function exampleInto(media: Media | undefined, components: Record<string, JsonSchema>): void {
  if (!media?.schema || media.example !== undefined) return;
  const example = exampleFor(media.schema, components);
  if (example !== undefined) media.example = example;
}

/**
 * The finishing pass over /openapi.json, applied to every route including ones added later:
 * stable operationIds, descriptions, named responses with examples and headers, valid nullable
 * schemas, no unused components, servers.
 */
export function finishDocument(
  document: OpenApiDocument,
  options: { serverUrl?: string } = {},
): OpenApiDocument {
  document.servers = [{ url: options.serverUrl ?? "/", description: "This Throughline server" }];
  document.info = {
    ...document.info,
    license: { name: "Apache-2.0", url: "https://www.apache.org/licenses/LICENSE-2.0" },
  };
  document.components = {
    ...document.components,
    headers: {
      ...document.components?.headers,
      RequestId: REQUEST_ID_HEADER,
      WwwAuthenticate: WWW_AUTHENTICATE_HEADER,
    },
  };
  repairSchemas(document);
  removeUnusedSchemas(document);
  const components = document.components.schemas ?? {};

  const wanted: { key: string; id: string; path: string }[] = [];
  const explicit = new Set<string>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!METHODS.has(method)) continue;
      const key = `${method} ${path}`;
      if (operation.operationId) explicit.add(operation.operationId);
      const ok = operation.responses?.["200"]?.content?.["application/json"]?.schema;
      wanted.push({
        key,
        path,
        id: operation.operationId ?? deriveOperationId(method, path, isListRead(path, ok, components)),
      });
    }
  }
  // Explicit ids win: derived ones step aside when they clash with one.
  wanted.sort((a, b) => Number(explicit.has(b.id)) - Number(explicit.has(a.id)));
  const ids = uniqueOperationIds(wanted);

  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!METHODS.has(method)) continue;
      operation.operationId = ids.get(`${method} ${path}`);
      operation.description ??= operation.summary;
      for (const media of Object.values(operation.requestBody?.content ?? {})) exampleInto(media, components);
      const secured = !(Array.isArray(operation.security) && operation.security.length === 0);
      const responses = (operation.responses ??= {});
      if (secured && !responses["401"]) {
        responses["401"] = {
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (!response.description || response.description === "Default Response") {
          response.description = RESPONSE_DESCRIPTIONS[status] ?? `HTTP ${status}`;
        }
        response.headers = {
          ...response.headers,
          "X-Request-Id": { $ref: "#/components/headers/RequestId" },
        };
        if (status === "401")
          response.headers["WWW-Authenticate"] = { $ref: "#/components/headers/WwwAuthenticate" };
        for (const media of Object.values(response.content ?? {})) exampleInto(media, components);
      }
    }
  }
  return document;
}
