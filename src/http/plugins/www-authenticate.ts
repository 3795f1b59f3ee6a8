import type { FastifyInstance } from "fastify";

/** RFC 6750: a 401 tells the client which scheme to use, and whether the token it sent was the problem. */
export function registerWwwAuthenticate(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply, payload) => {
    if (reply.statusCode !== 401 || reply.hasHeader("www-authenticate")) return payload;
    const sentToken = Boolean(request.headers.authorization ?? request.headers["x-api-key"]);
    reply.header(
      "www-authenticate",
      sentToken ? 'Bearer realm="throughline", error="invalid_token"' : 'Bearer realm="throughline"',
    );
    return payload;
  });
}
