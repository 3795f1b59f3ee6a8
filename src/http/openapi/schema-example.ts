import { ID_PREFIXES, type IdKind } from "../../core/ids";

export type JsonSchema = { [key: string]: unknown };

type Components = Record<string, JsonSchema>;

const MAX_DEPTH = 8;
const AT = "2026-03-14T09:30:00.000Z";

/** Values a field of that name plausibly holds, tried in order until one fits the schema's constraints. */
const BY_NAME: [RegExp, string[]][] = [
  [/email/i, ["jane.doe@example.com"]],
  [/phone|msisdn|^from$|^to$/i, ["+14155550123"]],
  [/^(name|displayName|fullName)$/i, ["Jane Doe"]],
  [/slug|workspace$/i, ["acme", "acme-outfitters"]],
  [/tier|level/i, ["gold", "verified"]],
  [/topic|intent/i, ["order_status", "where_is_my_order"]],
  [/channel/i, ["web_chat", "email", "sms"]],
  [
    /url|uri|link|endpoint|origin/i,
    ["https://shop.example.com/hooks/throughline", "https://shop.example.com"],
  ],
  [/currency/i, ["USD"]],
  [/country|region/i, ["US"]],
  [/postal|zip/i, ["94107"]],
  [/timezone|timeZone/i, ["America/New_York"]],
  [/locale|language/i, ["en-US", "en"]],
  [/sku/i, ["TEE-BLK-M"]],
  [/order(Number|Ref)?$|number$/i, ["1001"]],
  [/password/i, ["correct-horse-battery-staple"]],
  [/token|secret|key$/i, ["tl_3f9a1c2b7d4e8f6a0b5c9d1e2f3a4b5c"]],
  [/subject|title/i, ["Where is my order?"]],
  [/^value$/i, ["jane.doe@example.com"]],
  [/statusText/, ["Shipped on 12 March with UPS; arriving by 16 March."]],
  [/tracking/i, ["1Z999AA10123456784"]],
  [/text|body|message|note|content|reply|markdown/i, ["Hi, where is my order #1001? It was due yesterday."]],
  [/description|summary|reason/i, ["The parcel left the warehouse on Monday."]],
  [/status|state/i, ["open", "active"]],
  [/code/i, ["NYC-01", "US"]],
  [/date$/i, ["2026-03-14"]],
  [/(At|Time)$/, [AT]],
  [/open|close|from|until/i, ["09:00", "17:30"]],
];

/** Shapes a pattern commonly asks for, tried when the name's values do not match it. */
const PATTERN_CANDIDATES = [
  "US",
  "en-US",
  "en",
  "acme",
  "web_chat",
  "sms",
  "delivered",
  "in-progress",
  "1",
  "12",
  "0.92",
  "1234567890",
  "2026-03-14",
  AT,
  "09:00",
  "https://shop.example.com",
  "/",
  "AC0123456789abcdef0123456789abcdef",
  "a1B2c3D4e5F6g7H8",
  "Standard queue",
  "tag_name",
];

/** Id fields whose name differs from the kind of id they hold. */
const ID_ALIASES: Record<string, IdKind> = {
  assignee: "user",
  author: "user",
  entry: "knowledge",
  proposal: "mergeProposal",
  endpoint: "webhookEndpoint",
  key: "apiKey",
  item: "queueItem",
};

/** An id as the server mints them, with the prefix of the kind its name (or its owner) points at. */
function idExample(name: string, owner: string): string | undefined {
  const match = /^(.*)Id$/.exec(name);
  const kind = name === "id" ? owner.replace(/^./, (c) => c.toLowerCase()) : match?.[1];
  if (kind === undefined) return undefined;
  const known = kind in ID_PREFIXES ? (kind as IdKind) : ID_ALIASES[kind];
  const prefix = known ? ID_PREFIXES[known] : kind.slice(0, 3).toLowerCase() || "id";
  return `${prefix}_01jq3x7v9m2k8t4r6n5p0w1yab`;
}

const FORMATS: Record<string, string> = {
  "date-time": AT,
  date: "2026-03-14",
  email: "jane.doe@example.com",
  uri: "https://shop.example.com",
  url: "https://shop.example.com",
  uuid: "3f9a1c2b-7d4e-4f6a-8b5c-9d1e2f3a4b5c",
  time: "09:30:00",
};

function fitsString(value: string, schema: JsonSchema): boolean {
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Infinity;
  if (value.length < min || value.length > max) return false;
  return typeof schema.pattern !== "string" || new RegExp(schema.pattern, "u").test(value);
}

function stringExample(schema: JsonSchema, name: string, owner: string): string | undefined {
  const byFormat = typeof schema.format === "string" ? FORMATS[schema.format] : undefined;
  const id = idExample(name, owner);
  const byName = [
    ...(id ? [id] : []),
    ...BY_NAME.filter(([pattern]) => pattern.test(name)).flatMap(([, values]) => values),
  ];
  const shapes = typeof schema.pattern === "string" ? PATTERN_CANDIDATES : [];
  const candidates = [...(byFormat ? [byFormat] : []), ...byName, ...shapes, name || "example"];
  const fitting = candidates.find((candidate) => fitsString(candidate, schema));
  if (fitting) return fitting;
  if (typeof schema.pattern === "string") return undefined;
  // Only lengths stand in the way: stretch or cut a readable word to fit.
  const min = typeof schema.minLength === "number" ? schema.minLength : 1;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : 40;
  return (name || "example").padEnd(min, "x").slice(0, Math.max(min, Math.min(max, 40)));
}

function numberExample(schema: JsonSchema, name: string): number {
  const integer = schema.type === "integer";
  const lower =
    typeof schema.minimum === "number"
      ? schema.minimum
      : typeof schema.exclusiveMinimum === "number"
        ? schema.exclusiveMinimum + (integer ? 1 : 0.5)
        : undefined;
  const upper =
    typeof schema.maximum === "number"
      ? schema.maximum
      : typeof schema.exclusiveMaximum === "number"
        ? schema.exclusiveMaximum - (integer ? 1 : 0.5)
        : undefined;
  let value = /latitude/i.test(name)
    ? 40.7128
    : /longitude/i.test(name)
      ? -74.006
      : /limit/i.test(name)
        ? 20
        : /version/i.test(name)
          ? 2
          : 1;
  if (lower !== undefined && value < lower) value = lower;
  if (upper !== undefined && value > upper) value = upper;
  return integer ? Math.round(value) : value;
}

function merge(parts: unknown[]): unknown {
  if (parts.every((part) => part && typeof part === "object" && !Array.isArray(part))) {
    return Object.assign({}, ...(parts as object[]));
  }
  return parts[0];
}

/**
 * A realistic value valid against a JSON Schema (OpenAPI 3.0 dialect), for the examples in
 * /openapi.json: explicit examples and defaults first, then what a field of that name and format
 * usually holds. Undefined when no value could be found that satisfies the schema.
 */
export function exampleFor(
  schema: JsonSchema | undefined,
  components: Components,
  name = "",
  depth = 0,
  owner = "",
): unknown {
  if (!schema || depth > MAX_DEPTH) return undefined;
  if (typeof schema.$ref === "string") {
    const target = schema.$ref.replace("#/components/schemas/", "");
    return exampleFor(components[target], components, name, depth + 1, target);
  }
  if ("example" in schema) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ("default" in schema && schema.default !== undefined) return schema.default;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum.find((value) => value !== null) ?? schema.enum[0];
  if (Array.isArray(schema.allOf)) {
    return merge((schema.allOf as JsonSchema[]).map((part) => exampleFor(part, components, name, depth + 1)));
  }
  const options = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(options)) {
    for (const option of options) {
      if (option.type === "null") continue;
      const value = exampleFor(option, components, name, depth + 1);
      if (value !== undefined) return value;
    }
    return schema.nullable ? null : undefined;
  }
  switch (schema.type) {
    case "string":
      return stringExample(schema, name, owner) ?? (schema.nullable ? null : undefined);
    case "integer":
    case "number":
      return numberExample(schema, name);
    case "boolean":
      return !/disabled|deleted|revoked/i.test(name);
    case "array": {
      const min = typeof schema.minItems === "number" ? schema.minItems : 1;
      const max = typeof schema.maxItems === "number" ? schema.maxItems : 1;
      const count = Math.min(Math.max(min, 1), max);
      const item = exampleFor(
        schema.items as JsonSchema | undefined,
        components,
        singularName(name),
        depth + 1,
      );
      return item === undefined ? [] : Array.from({ length: count }, () => item);
    }
    case "null":
      return null;
    default:
      if (schema.type === "object" || schema.properties || schema.additionalProperties)
        return objectExample(schema, components, name, depth, owner);
      // No type at all: any value is valid, null is the honest one.
      return schema.type === undefined ? null : undefined;
  }
}

const singularName = (name: string) => name.replace(/ies$/, "y").replace(/s$/, "");

function objectExample(
  schema: JsonSchema,
  components: Components,
  name: string,
  depth: number,
  owner: string,
): unknown {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const result: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    // Deep in a nested structure, optional fields only add noise.
    if (!required.has(key) && depth > 4) continue;
    const value = exampleFor(property, components, key, depth + 1, key === "id" ? owner : "");
    if (value === undefined) {
      if (required.has(key)) return undefined;
      continue;
    }
    result[key] = value;
  }
  const extra = schema.additionalProperties;
  if (Object.keys(properties).length === 0 && extra && typeof extra === "object") {
    const value = exampleFor(extra as JsonSchema, components, name, depth + 1);
    if (value !== undefined) result[/metadata/i.test(name) ? "source" : "key"] = value;
  }
  return result;
}
