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
  return typeof key === "string" ? key.trim() : undefined;
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
