import fc from "fast-check";
import { sample } from "openapi-sampler";
import type { JsonSchema, OpenApiDocument, Operation } from "./openapi-operations";

/** Any UTF-16 code unit, so lone surrogates and NUL come up as often as letters. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\uFEFF\u202E\u200B",
  "../../../../etc/passwd",
  "' OR '1'='1' --",
  '"; DROP TABLE customers; --',
  "${jndi:ldap://127.0.0.1/x}",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "\r\nX-Injected: 1",
  "__proto__",
  "constructor",
  "NaN",
  "-0",
  "1e309",
  "9".repeat(400),
  "💥".repeat(2_000),
  "x".repeat(70_000),
];

export const hostileString = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: anyCodeUnit, maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 300 }),
);

const HUGE_NUMBERS = [
  1e308,
  -1e308,
  2 ** 63,
  -(2 ** 63),
  Number.MAX_SAFE_INTEGER + 2,
  -1,
  0,
  0.5,
  -0,
  4.9e-324,
];

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(...HUGE_NUMBERS),
  fc.constantFrom(null, true, false, [], {}),
  fc.jsonValue({ maxDepth: 4 }),
  fc.array(hostileString, { maxLength: 50 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 5 }),
);

/** A value of a JSON type the schema does not allow, so a validator must refuse it. */
function wrongTypeFor(schema: JsonSchema): fc.Arbitrary<unknown> | undefined {
  const notNull = schema.nullable ? [] : [null];
  if (schema.enum) return fc.constantFrom("not-one-of-them-é", 12345, ...notNull);
  switch (schema.type) {
    case "string":
      return fc.constantFrom(12345, true, {}, [], ...notNull);
    case "integer":
      return fc.constantFrom("12", "abc", 1.5, {}, [], true, ...notNull);
    case "number":
      return fc.constantFrom("12", "abc", {}, [], true, ...notNull);
    case "boolean":
      return fc.constantFrom("true", 1, {}, [], ...notNull);
    case "array":
      return fc.constantFrom({}, "x", 3, true, ...notNull);
    case "object":
      return fc.constantFrom([], "x", 7, true, ...notNull);
    default:
      return undefined;
  }
}

function resolve(schema: JsonSchema, spec: OpenApiDocument): JsonSchema {
  const name = schema.$ref?.split("/").pop();
  return (name && spec.components?.schemas?.[name]) || schema;
}

type Body = Record<string, unknown>;
type Mutation = (body: Body) => fc.Arbitrary<Body>;

/**
 * Changes that make the body certainly invalid for its schema. Every body the fuzzer sends
 * carries at least one, so no request can legitimately create or change data.
 */
function certainBreakers(schema: JsonSchema, spec: OpenApiDocument): Mutation[] {
  const breakers: Mutation[] = [];
  const unknownKeys = ["isAdmin", "workspaceId", "role", "__proto__", "constructor", "\u0000"].filter(
    (key) => !(key in (schema.properties ?? {})),
  );
  if (schema.additionalProperties === false) {
    breakers.push((body) =>
      fc
        .tuple(fc.constantFrom(...unknownKeys), hostileValue)
        .map(([key, value]) => Object.defineProperty({ ...body }, key, { value, enumerable: true })),
    );
  }
  for (const name of schema.required ?? []) {
    breakers.push((body) => {
      const copy = { ...body };
      delete copy[name];
      return fc.constant(copy);
    });
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const wrong = wrongTypeFor(resolve(property, spec));
    if (wrong) breakers.push((body) => wrong.map((value) => ({ ...body, [name]: value })));
  }
  return breakers;
}

/** Extra damage on top: hostile values in real field names, unknown nested keys. */
function extraDamage(schema: JsonSchema): Mutation {
  const names = Object.keys(schema.properties ?? {});
  if (names.length === 0) return (body) => fc.constant(body);
  return (body) =>
    fc
      .array(fc.tuple(fc.constantFrom(...names), hostileValue), { maxLength: 3 })
      .map((pairs) => Object.assign({ ...body }, Object.fromEntries(pairs)));
}

/**
 * Values shaped like the schema with hostile values in its real fields, broken or not: for
 * operations that change nothing (read-only tools), where reaching the handler is the point.
 */
export function hostileShaped(schema: JsonSchema, spec: OpenApiDocument): fc.Arbitrary<unknown> {
  const base = sampleObject(schema, spec);
  const damage = extraDamage(schema);
  const breakers = certainBreakers(schema, spec);
  return fc.oneof(
    damage(base),
    damage(base).chain((body) =>
      breakers.length > 0
        ? fc.constantFrom(...breakers).chain((breaker) => breaker(body))
        : fc.constant(body),
    ),
  );
}

function sampleObject(schema: JsonSchema, spec: OpenApiDocument): Body {
  try {
    const sampled = sample(schema as never, { skipReadOnly: true, quiet: true }, spec);
    if (sampled && typeof sampled === "object" && !Array.isArray(sampled)) return sampled as Body;
  } catch {
    // A schema the sampler cannot fill starts from an empty object; the breakers still apply.
  }
  return {};
}

export type HostileBody = { kind: string; payload: string | Buffer; contentType?: string };

const nested = (depth: number, open: string, close: string) => open.repeat(depth) + "1" + close.repeat(depth);

/**
 * Hostile bodies for one operation: schema-shaped bodies broken for certain, and raw bodies that
 * never parse (wrong top-level type, deep nesting, invalid UTF-8, wrong content type, oversize).
 */
export function hostileBody(operation: Operation, spec: OpenApiDocument): fc.Arbitrary<HostileBody> {
  const schema = resolve(operation.body ?? { type: "object" }, spec);
  const base = sampleObject(schema, spec);
  const breakers = certainBreakers(schema, spec);
  const damage = extraDamage(schema);
  const text = JSON.stringify(base);
  const broken: fc.Arbitrary<HostileBody> =
    breakers.length === 0
      ? fc.constant({ kind: "top-level-type", payload: "[]" })
      : fc
          .tuple(fc.constantFrom(...breakers), fc.boolean())
          // Damage first, so it can never overwrite the breaker's change with a valid value.
          .chain(([breaker, more]) => (more ? damage(base) : fc.constant(base)).chain(breaker))
          .map((body) => ({ kind: "schema-breaker", payload: JSON.stringify(body) }));
  return fc.oneof(
    { arbitrary: broken, weight: 6 },
    fc
      .constantFrom("[]", "null", "true", "42", '"text"', "1e999", "123456789012345678901234567890")
      .map((payload) => ({ kind: "top-level-type", payload })),
    fc.tuple(fc.integer({ min: 65, max: 60_000 }), fc.boolean()).map(([depth, arrays]) => ({
      kind: "deep-nesting",
      payload: `{"x":${arrays ? nested(depth, "[", "]") : nested(depth, '{"a":', "}")}}`,
    })),
    fc
      .tuple(
        fc.constantFrom(
          [0xc3, 0x28],
          [0xff],
          [0xed, 0xa0, 0x80],
          [0xf8, 0x88, 0x80, 0x80, 0x80],
          [0xc0, 0xaf],
        ),
        fc.nat(),
      )
      .map(([bytes, at]) => {
        const raw = Buffer.from(text);
        const cut = 1 + (at % Math.max(1, raw.length - 1));
        return {
          kind: "invalid-utf8",
          payload: Buffer.concat([raw.subarray(0, cut), Buffer.from(bytes), raw.subarray(cut)]),
        };
      }),
    fc
      .constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "application/json; charset=utf-16",
        "application/octet-stream",
      )
      .map((contentType) => ({ kind: "wrong-content-type", payload: text, contentType })),
    fc
      .constantFrom(
        `${text.slice(0, -1)}`,
        `${text}garbage`,
        "{'a':1}",
        '{"a":NaN}',
        "{/*c*/}",
        '{"a":1,}',
        "\uFEFF\uFEFF{}",
      )
      .map((payload) => ({ kind: "malformed-json", payload })),
    fc.constant({ kind: "oversized", payload: JSON.stringify({ ...base, pad: "x".repeat(1_100_000) }) }),
  );
}

const RAW_IDS = [
  "%00",
  "a%00b",
  "%zz",
  "%ED%A0%80",
  "%C3%28",
  "%FF%FE",
  "..%2F..%2Fetc",
  "%2e%2e",
  "a%20b",
  "-1",
  "0",
];

/** Percent-encodes like a careless client: lone surrogates become their (invalid) UTF-8 bytes. */
function sloppyEncode(value: string): string {
  return value.isWellFormed()
    ? encodeURIComponent(value)
    : encodeURIComponent(value.toWellFormed()).replace(/%EF%BF%BD/g, "%ED%A0%80");
}

/** An id that names nothing: hostile text, never a real row, so no path-only call can change data. */
export const hostileId = fc.oneof(
  fc.constantFrom(...RAW_IDS),
  hostileString.filter((value) => value.length > 0 && value.length < 5_000).map(sloppyEncode),
  fc.stringMatching(/^(cus|case|usr|key|kb)_[0-9a-z]{8,30}$/),
  fc.constant("9".repeat(80)),
);

const QUERY_VALUES = [
  "1e309",
  "-1",
  "0",
  "99999999999999999999999",
  "NaN",
  "Infinity",
  "0x10",
  "1.5",
  "%20",
  "",
  "%00",
  "%ED%A0%80",
  "%C3%28",
  "%zz",
  "true",
  "null",
];

const queryValue = fc.oneof(
  fc.constantFrom(...QUERY_VALUES),
  hostileString.filter((value) => value.length < 3_000).map(sloppyEncode),
);

/** A raw query string (already encoded): declared parameters with hostile values, unknown, duplicated and prototype keys. */
export function hostileQuery(operation: Operation): fc.Arbitrary<string> {
  const declared = operation.queryParams.map((parameter) => parameter.name);
  const key = fc.oneof(
    ...(declared.length > 0 ? [{ arbitrary: fc.constantFrom(...declared), weight: 4 }] : []),
    fc.constantFrom(
      "__proto__",
      "constructor[prototype][admin]",
      "limit[]",
      "a[b][c]",
      "%00",
      "x".repeat(300),
    ),
  );
  return fc
    .array(fc.tuple(key, queryValue), { maxLength: 6 })
    .map((pairs) =>
      pairs.length === 0 ? "" : "?" + pairs.map(([name, value]) => `${name}=${value}`).join("&"),
    );
}
