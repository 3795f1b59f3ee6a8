import type { FastifyInstance } from "fastify";
import { invalid } from "../../core/errors";
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from "./json-depth";
import { isStorableText } from "./storable-text";

const decoder = new TextDecoder("utf-8", { fatal: true });

type Refused = { field: string; reason: "text" | "prototype" };

/**
 * The first string PostgreSQL could not store, or a `__proto__` key (the prototype-poisoning
 * guard Fastify's own JSON parser applies), with its dotted path.
 */
function findRefused(value: unknown, path: string[] = []): Refused | undefined {
  if (typeof value === "string") {
    return isStorableText(value) ? undefined : { field: path.join(".") || "body", reason: "text" };
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findRefused(item, [...path, String(index)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "__proto__") return { field: [...path, key].join("."), reason: "prototype" };
      const found = findRefused(key, [...path, key]) ?? findRefused(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

const unsupportedCharset = (charset: string) =>
  Object.assign(new Error(`content-type charset ${charset.slice(0, 40)} is not supported; send UTF-8`), {
    statusCode: 415,
    code: "BODY_UNSUPPORTED_CHARSET",
  });

/**
 * Strict JSON: invalid UTF-8, pathological nesting, NUL characters and lone surrogates are refused
 * with a 400 naming the field, instead of being mangled silently, overflowing the stack in the
 * recursive checks, or failing deep inside the database.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, raw, done) => {
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(request.headers["content-type"] ?? "")?.[1];
    // Bytes in another declared encoding would be read as something the client did not send.
    if (charset && !/^utf-?8$/i.test(charset)) return done(unsupportedCharset(charset), undefined);
    const buffer = raw as Buffer;
    if (buffer.length === 0) return done(null, undefined);
    let text: string;
    try {
      text = decoder.decode(buffer);
    } catch {
      return done(invalid("BODY_INVALID_UTF8", "body", "request body is not valid UTF-8"), undefined);
    }
    if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
      return done(
        invalid(
          "BODY_TOO_DEEP",
          "body",
          `request body nests arrays/objects deeper than ${MAX_JSON_DEPTH} levels`,
        ),
        undefined,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return done(invalid("BODY_INVALID_JSON", "body", "request body is not valid JSON"), undefined);
    }
    const refused = findRefused(parsed);
    if (refused?.reason === "prototype")
      return done(
        invalid("BODY_FORBIDDEN_KEY", refused.field, `${refused.field}: this key is not allowed`),
        undefined,
      );
    if (refused)
      return done(
        invalid(
          "BODY_INVALID_TEXT",
          refused.field,
          `${refused.field}: contains characters that cannot be stored`,
        ),
        undefined,
      );
    return done(null, parsed);
  });
}
