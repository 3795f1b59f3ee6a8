import type { FastifyInstance } from "fastify";
import { invalid } from "../../core/errors";

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Returns the dotted path of the first string PostgreSQL could not store, if any. */
function findUnstorableString(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === "string") {
    // NUL cannot live in a PostgreSQL text column, and lone surrogates break jsonb.
    return value.includes("\u0000") || !value.isWellFormed() ? path.join(".") || "body" : undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableString(item, [...path, String(index)]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = findUnstorableString(key, [...path, key]);
      if (keyProblem) return keyProblem;
      const found = findUnstorableString(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Strict JSON: invalid UTF-8, NUL characters and lone surrogates are refused with a 400 naming
 * the field, instead of being mangled silently or failing deep inside the database.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, raw, done) => {
    const buffer = raw as Buffer;
    if (buffer.length === 0) return done(null, undefined);
    let text: string;
    try {
      text = decoder.decode(buffer);
    } catch {
      return done(invalid("BODY_INVALID_UTF8", "body", "request body is not valid UTF-8"), undefined);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return done(invalid("BODY_INVALID_JSON", "body", "request body is not valid JSON"), undefined);
    }
    const bad = findUnstorableString(parsed);
    if (bad)
      return done(
        invalid("BODY_INVALID_TEXT", bad, `${bad}: contains characters that cannot be stored`),
        undefined,
      );
    return done(null, parsed);
  });
}
