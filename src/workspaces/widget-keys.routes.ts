import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { caller } from "../http/plugins/auth";
import { errorResponses } from "../http/schemas";
import type { WidgetKeysService } from "./widget-keys.service";

const widgetKeysSchema = z
  .object({
    publicKey: z.string().describe("Put in the widget's script tag (data-workspace); identifies the workspace only"),
    secret: z
      .string()
      .describe("Keep on your server: sign a signed-in shopper's user id or email with HMAC-SHA256 (hex)"),
    rotatedAt: z.date(),
  })
  .meta({ id: "WidgetKeys" });

/** Admin API for the web widget's public key and identity-signing secret. */
export const widgetKeysRoutes: FastifyPluginAsync<{ widgetKeys: WidgetKeysService }> = async (
  fastify,
  { widgetKeys },
) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    "/workspace/widget-keys",
    {
      config: { auth: { roles: ROLE_SETS.admins } },
      schema: {
        tags: ["workspace"],
        summary: "The web widget's public key and identity-signing secret (created on first read)",
        response: { 200: widgetKeysSchema, ...errorResponses },
      },
    },
    (request) => widgetKeys.get(caller(request).workspaceId),
  );
  // No input at all: a rotation cannot be half-specified, and each kind is its own decision.
  app.post(
    "/workspace/widget-keys/rotate",
    {
      config: { auth: { roles: ROLE_SETS.admins } },
      schema: {
        tags: ["workspace"],
        summary: "Replace the identity-signing secret (signatures made with the old one stop verifying at once)",
        response: { 200: widgetKeysSchema, ...errorResponses },
      },
    },
    (request) => widgetKeys.rotate(caller(request).workspaceId, "secret"),
  );
  app.post(
    "/workspace/widget-keys/public-key/rotate",
    {
      config: { auth: { roles: ROLE_SETS.admins } },
      schema: {
        tags: ["workspace"],
        summary: "Replace the widget's public key (pages using the old one stop connecting)",
        response: { 200: widgetKeysSchema, ...errorResponses },
      },
    },
    (request) => widgetKeys.rotate(caller(request).workspaceId, "publicKey"),
  );
};
