import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { notFound } from "../core/errors";
import { caller } from "../http/plugins/auth";
import type { RateLimitCounter } from "../http/plugins/rate-limit-counter";
import { describeIssue, staffFrame } from "./client-frames";
import { createCustomerSession, type RealtimeLimits } from "./customer-session";
import { REALTIME_ERRORS } from "./realtime.errors";
import type { RealtimeService } from "./realtime.service";
import { REALTIME_CHANNELS } from "./realtime.types";

declare module "fastify" {
  interface FastifyRequest {
    /** The workspace a shopper's realtime connection is for, resolved before the upgrade. */
    realtimeWorkspaceId?: string;
  }
}

const OPEN = 1;

/**
 * The realtime protocol's endpoints (docs/realtime.md). The workspace is resolved before the
 * upgrade, so an unknown one gets a plain 404 instead of a socket that closes at once.
 */
export const realtimeRoutes: FastifyPluginAsync<{
  realtime: RealtimeService;
  counter: RateLimitCounter;
  limits: RealtimeLimits;
}> = async (fastify, { realtime, counter, limits }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.decorateRequest("realtimeWorkspaceId", undefined);

  app.get(
    "/realtime/customer",
    {
      websocket: true,
      config: { auth: "public" },
      schema: {
        querystring: z.strictObject({
          workspace: z.string().trim().min(1).max(200).describe("The workspace's slug or its widget public key"),
          channel: z.enum(REALTIME_CHANNELS).default("web_chat"),
        }),
      },
      preHandler: async (request) => {
        const workspaceId = await realtime.resolveWorkspace(request.query.workspace);
        if (!workspaceId) throw notFound(REALTIME_ERRORS.WORKSPACE_UNKNOWN, "no workspace has this slug or widget key");
        request.realtimeWorkspaceId = workspaceId;
      },
    },
    (socket, request) => {
      const session = createCustomerSession({
        service: realtime,
        socket,
        workspaceId: request.realtimeWorkspaceId ?? "",
        channel: request.query.channel,
        limits,
        counter,
        address: request.ip,
        log: request.log,
      });
      socket.on("message", (data: Buffer, isBinary: boolean) => session.onFrame(data, isBinary));
      socket.on("close", () => session.onClose());
    },
  );

  app.get(
    "/realtime/staff",
    { websocket: true, config: { auth: { roles: ROLE_SETS.staff } } },
    (socket, request) => {
      const { workspaceId } = caller(request);
      const send = (frame: Record<string, unknown>) => {
        if (socket.readyState === OPEN) socket.send(JSON.stringify(frame));
      };
      const unsubscribe = realtime.subscribeStaff(workspaceId, send);
      socket.on("close", unsubscribe);
      socket.on("message", (data: Buffer, isBinary: boolean) => {
        let raw: unknown;
        try {
          raw = isBinary ? undefined : JSON.parse(data.toString("utf8"));
        } catch {
          raw = undefined;
        }
        const parsed = staffFrame.safeParse(raw);
        if (!parsed.success) {
          const issue = raw === undefined ? { field: "type", message: "frames are JSON text" } : describeIssue(parsed.error);
          return send({ type: "error", code: REALTIME_ERRORS.FRAME_INVALID, ...issue });
        }
        const frame = parsed.data;
        if (frame.type === "ping") return send({ type: "pong" });
        const done =
          frame.type === "typing"
            ? realtime.staffTyping(workspaceId, frame.conversationId, frame.on)
            : realtime.staffRead(workspaceId, frame.conversationId, frame.seq);
        done.then(
          (found) => {
            if (!found) {
              send({
                type: "error",
                code: REALTIME_ERRORS.CONVERSATION_UNKNOWN,
                message: "no such conversation (or seq) in this workspace",
                field: "conversationId",
              });
            }
          },
          (error: unknown) => {
            request.log.error({ err: error }, "staff realtime frame failed");
            send({ type: "error", code: REALTIME_ERRORS.INTERNAL, message: "the server could not handle this frame" });
          },
        );
      });
      send({ type: "welcome", workspaceId });
    },
  );
};
