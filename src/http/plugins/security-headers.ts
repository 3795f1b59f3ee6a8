import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

const ONE_YEAR_SECONDS = 31_536_000;

/**
 * Security headers on every response. The API serves JSON only, so its content-security policy
 * allows nothing; the /docs pages get their own policy from the documentation plugin (see
 * `docsContentSecurityPolicy`). HSTS is sent only over TLS (directly, or as reported by a trusted
 * proxy): on plain HTTP it would tell a browser nothing true.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    hsts: false,
  });

  app.addHook("onSend", async (request, reply, payload) => {
    if (request.protocol === "https") {
      void reply.header("strict-transport-security", `max-age=${ONE_YEAR_SECONDS}; includeSubDomains`);
    }
    // API responses carry tokens, keys and customers' personal data: no cache may keep them.
    if (request.url.startsWith("/api/")) void reply.header("cache-control", "no-store");
    return payload;
  });
}

/**
 * The documentation UI's policy: the plugin's own (scripts and styles by hash), but never framed
 * and without upgrade-insecure-requests, which would break the page on a plain-HTTP local install.
 */
export function docsContentSecurityPolicy(header: string): string {
  return header
    .replace(/frame-ancestors [^;]*;/, "frame-ancestors 'none';")
    .replace(/\s*upgrade-insecure-requests;?/, "");
}
