import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";
import { REQUEST_ID_HEADER } from "./request-id";

/**
 * Cross-origin access for a retailer's own front end, only for the origins the operator lists
 * (CORS_ORIGINS). Credentials travel as Bearer tokens, never cookies, so none are allowed.
 */
export async function registerCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  // The plugin's preflight route is public by nature: browsers send no credentials with it.
  app.addHook("onRoute", (route) => {
    if (route.method === "OPTIONS" && route.url.includes("*"))
      route.config = { ...route.config, auth: "public" };
  });
  await app.register(cors, {
    origin: [...origins],
    methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    allowedHeaders: ["authorization", "content-type", "x-api-key", REQUEST_ID_HEADER],
    exposedHeaders: [REQUEST_ID_HEADER, "retry-after", "www-authenticate"],
    credentials: false,
    maxAge: 600,
  });
}
