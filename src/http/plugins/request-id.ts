import type { FastifyInstance, RawRequestDefaultExpression } from "fastify";
import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

/** Ids a proxy or client may hand us: bounded, and without "@" or spaces so no e-mail address or text rides into the logs. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The log's request id: the caller's X-Request-Id when it is sane (so one id follows a request
 * through a proxy and into our logs), otherwise a fresh one.
 */
export function requestIdFor(request: RawRequestDefaultExpression): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === "string" && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Every response names the request id the logs carry, errors and unknown routes included. */
export function registerRequestIdHeader(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply, payload) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    return payload;
  });
}
