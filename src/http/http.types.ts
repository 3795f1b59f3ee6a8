import type { AuthContext, Role } from "../auth";

/** Every route declares who may call it; a route without a policy fails at start-up. */
export type RouteAuth = { roles: readonly Role[] } | "public";

declare module "fastify" {
  interface FastifyContextConfig {
    auth?: RouteAuth;
    /** A public route whose 401s count towards the per-address limit on failed sign-ins (login). */
    countsAuthFailures?: boolean;
  }
  interface FastifyRequest {
    auth?: AuthContext;
  }
}
