import type { FastifyInstance } from "fastify";
import { invalid } from "../../core/errors";
import { isStorableText } from "./storable-text";

function decodes(component: string): boolean {
  try {
    decodeURIComponent(component.replace(/\+/g, " "));
    return true;
  } catch {
    return false;
  }
}

/** The first query parameter whose raw form is not percent-encoded UTF-8; the parser would keep it verbatim. */
function undecodableQueryKey(url: string): string | undefined {
  const start = url.indexOf("?");
  if (start < 0) return undefined;
  for (const pair of url.slice(start + 1).split("&")) {
    const [key = "", value = ""] = pair.split("=", 2);
    if (!decodes(key) || !decodes(value)) return decodes(key) ? decodeURIComponent(key) : "query";
  }
  return undefined;
}

function unstorableEntry(values: unknown): string | undefined {
  if (!values || typeof values !== "object") return undefined;
  for (const [key, value] of Object.entries(values)) {
    if (!isStorableText(key)) return "query";
    const texts = Array.isArray(value) ? value : [value];
    if (texts.some((text) => typeof text === "string" && !isStorableText(text))) return key;
  }
  return undefined;
}

/**
 * Path and query parameters are checked before authentication and routing logic: a NUL or a
 * lone surrogate would otherwise reach a query and fail there as a 500, public routes included.
 */
export function registerRequestTextCheck(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    const param = unstorableEntry(request.params);
    if (param)
      throw invalid("PARAM_INVALID_TEXT", param, `${param}: contains characters that are not allowed`);
    const query = undecodableQueryKey(request.url) ?? unstorableEntry(request.query);
    if (query)
      throw invalid("QUERY_INVALID_TEXT", query, `${query}: contains characters that are not allowed`);
  });
}
