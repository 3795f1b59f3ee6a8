import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AuthContext, AuthService } from "../../auth";
import { forbidden, unauthorized } from "../../core/errors";
import type { RouteAuth } from "../http.types";

/** Routes registered by documentation plugins carry no config; they are public by design. */
const DOCS_PREFIX = "/docs";

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice(7).trim();
  const key = request.headers["x-api-key"];
  if (typeof key === "string") return key.trim();
  return request.headers.upgrade?.toLowerCase() === "websocket" ? socketBearer(request) : undefined;
}

/** The subprotocol a browser socket names first; the server answers with it, never with the token. */
export const STAFF_SOCKET_PROTOCOL = "throughline.staff.v1";
const SOCKET_TOKEN_PREFIX = "throughline.bearer.";

/**
 * A browser cannot set headers on a WebSocket, but it can offer subprotocols: the workspace UI
 * offers `throughline.staff.v1, throughline.bearer.<token>`. The token travels in a header as it
 * would in Authorization, so it never lands in a URL, a history entry or an access log.
 */
function socketBearer(request: FastifyRequest): string | undefined {
  const offered = request.headers["sec-websocket-protocol"];
  if (typeof offered !== "string") return undefined;
  const entry = offered
    .split(",")
    .map((part) => part.trim())
    .find((part) => part.startsWith(SOCKET_TOKEN_PREFIX));
  return entry ? entry.slice(SOCKET_TOKEN_PREFIX.length) : undefined;
}

/** Picks the subprotocol to answer a socket with: never one that carries a credential. */
export function chooseSocketProtocol(offered: Set<string>): string | false {
  for (const protocol of offered) if (!protocol.startsWith(SOCKET_TOKEN_PREFIX)) return protocol;
  return false;
}

export function registerAuth(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest("auth", undefined);

  app.addHook("onRoute", (route) => {
    if (route.url.startsWith(DOCS_PREFIX)) return;
    const policy = (route.config as { auth?: RouteAuth } | undefined)?.auth;
    if (!policy) throw new Error(`route ${route.method} ${route.url} declares no auth policy`);
  });

  app.addHook("onRequest", async (request) => {
    const policy = request.routeOptions.config.auth;
    if (!policy || policy === "public") return;
    const token = bearer(request);
    if (!token) throw unauthorized("AUTH_REQUIRED", "send an API key or session token as a Bearer token");
    const context = await auth.authenticate(token);
    if (!context) throw unauthorized("AUTH_INVALID", "the credentials are invalid, expired or revoked");
    if (!policy.roles.includes(context.role)) {
      throw forbidden("AUTH_FORBIDDEN", `this action needs one of the roles: ${policy.roles.join(", ")}`);
    }
    request.auth = context;
  });
}

/** The authenticated caller; routes behind a role policy always have one. */
export function caller(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthorized("AUTH_REQUIRED", "authentication required");
  return request.auth;
}
