import type { FastifyError } from "fastify";

export type MappedError = { status: number; code: string; message: string; field?: string };

/** Framework codes clients would otherwise see; ours never change once shipped, theirs might. */
const KNOWN: Record<string, (contentType: string) => Omit<MappedError, "status">> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (contentType) => ({
    code: "BODY_UNSUPPORTED_MEDIA_TYPE",
    message: `content-type ${contentType.slice(0, 60) || "(none)"} is not accepted here; send application/json`,
    field: "content-type",
  }),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => ({
    code: "BODY_INVALID_JSON",
    message: "request body is empty but content-type is application/json",
    field: "body",
  }),
  FST_ERR_CTP_INVALID_JSON_BODY: () => ({
    code: "BODY_INVALID_JSON",
    message: "request body is not valid JSON",
    field: "body",
  }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => ({
    code: "BODY_INVALID_LENGTH",
    message: "content-length does not match the body sent",
    field: "content-length",
  }),
  FST_ERR_BAD_URL: () => ({ code: "REQUEST_INVALID_URL", message: "the request URL is not valid" }),
  FST_ERR_INVALID_URL: () => ({ code: "REQUEST_INVALID_URL", message: "the request URL is not valid" }),
};

/** By status, for framework and plugin codes not named above: still one of ours. */
const BY_STATUS: Record<number, Omit<MappedError, "status">> = {
  400: { code: "BAD_REQUEST", message: "the request could not be read" },
  406: { code: "NOT_ACCEPTABLE", message: "no acceptable representation; accept application/json" },
  408: { code: "REQUEST_TIMEOUT", message: "the request took too long to arrive" },
  415: {
    code: "BODY_UNSUPPORTED_MEDIA_TYPE",
    message: "this content-type is not accepted here; send application/json",
  },
};

/**
 * A framework (FST_*) client error as our error body; undefined for errors that already carry
 * one of our codes (a plugin's own, such as the JSON parser's).
 */
export function frameworkError(
  error: FastifyError,
  contentType: string | undefined,
): MappedError | undefined {
  const status = error.statusCode ?? 400;
  const code = error.code ?? "";
  if (!code.startsWith("FST_")) return undefined;
  const known = KNOWN[code];
  if (known) return { status, ...known(contentType ?? "") };
  const generic = BY_STATUS[status] ?? { code: `HTTP_${status}`, message: "the request was refused" };
  return { status, ...generic };
}
