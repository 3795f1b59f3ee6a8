import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { notFound } from "../../core/errors";
import { errorResponses } from "../../http/schemas";
import { REALTIME_ERRORS, type RealtimeService } from "../../realtime";

const deviceBody = z.strictObject({
  workspace: z.string().trim().min(1).max(200).describe("The workspace's slug or widget public key"),
  resumeToken: z
    .string()
    .min(1)
    .max(200)
    .describe("The `resumeToken` from the realtime `welcome` frame: possession of it is the app's identity"),
  device: z.strictObject({
    id: z.string().trim().min(1).max(200).describe("The app's installation id"),
    platform: z.enum(["ios", "android", "web", "other"]).optional(),
    pushToken: z
      .string()
      .min(1)
      .max(4096)
      .nullable()
      .optional()
      .describe("APNs or FCM token for replies while the app is closed; null removes it"),
  }),
});

/**
 * The mobile app's REST surface. Messages travel over the realtime WebSocket
 * (`GET /api/v1/realtime/customer?workspace=…&channel=mobile`, protocol in docs/realtime.md);
 * this registers the device and its push token for the conversation the app holds.
 */
export const mobileRoutes: FastifyPluginAsync<{ realtime: RealtimeService }> = async (fastify, { realtime }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.put(
    "/channels/mobile/device",
    {
      config: { auth: "public" },
      schema: {
        tags: ["channels"],
        summary: "Register the app's device and push token for its realtime conversation",
        description:
          "Open the realtime WebSocket at `/api/v1/realtime/customer?workspace=<slug or widget key>&channel=mobile`, " +
          'send `{"type":"hello","device":{"id":"…","pushToken":"…"}}` and keep the `resumeToken` of the `welcome` ' +
          "frame. Messages are sent as `message` frames with `context.location` {latitude, longitude} and " +
          "`context.screen`; replies arrive as `event` frames in a concise style. Use this endpoint to update " +
          "the push token later without a socket.",
        security: [],
        body: deviceBody,
        response: {
          200: z.object({ conversationId: z.string() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const workspaceId = await realtime.resolveWorkspace(request.body.workspace);
      const registered = workspaceId
        ? await realtime.registerDevice(workspaceId, request.body.resumeToken, request.body.device)
        : undefined;
      // One answer for an unknown workspace and an unknown token: neither is confirmed to a guesser.
      if (!registered) throw notFound(REALTIME_ERRORS.CONVERSATION_UNKNOWN, "no conversation has this resume token");
      return registered;
    },
  );
};
