import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AgentService } from "../../agent";
import { ROLE_SETS } from "../../auth";
import { identityClaimSchema } from "../../customers/customers.routes";
import { caller } from "../../http/plugins/auth";
import { errorResponses } from "../../http/schemas";
import { channelNameSchema } from "../inbound.routes";

const contextSchema = z.strictObject({
  page: z
    .strictObject({
      url: z.string().max(2000).optional(),
      productId: z.string().min(1).max(64).optional(),
      sku: z.string().min(1).max(64).optional(),
      cartId: z.string().min(1).max(128).optional(),
    })
    .optional()
    .describe("The page the customer is on: 'this' in the message means its product"),
  location: z
    .union([
      z.strictObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }),
      z.strictObject({ postalCode: z.string().trim().min(1).max(20) }),
    ])
    .optional()
    .describe("The device's location (mobile app) or a postal code"),
  locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "a locale such as en or en-US").optional(),
});

const understandingSchema = z.object({
  intent: z.string(),
  confidence: z.number(),
  secondary: z.object({ intent: z.string(), confidence: z.number() }).optional(),
  entities: z.array(z.object({ type: z.string(), value: z.string(), text: z.string() })),
  sentiment: z.object({ score: z.number(), label: z.string(), frustration: z.number(), urgency: z.number() }),
  sentimentTrend: z.enum(["improving", "stable", "worsening"]),
  resolved: z.record(z.string(), z.string()),
});

const replySchema = z.object({
  caseId: z.string(),
  customerId: z.string(),
  messageId: z.string(),
  turnId: z.string(),
  replies: z.array(z.object({ messageId: z.string().nullable(), text: z.string() })),
  understanding: understandingSchema,
  decision: z.string(),
  reason: z.string(),
  escalated: z.boolean().describe("True when this turn handed the case to a person"),
  caseStatus: z.string(),
  engine: z.enum(["builtin", "llm"]),
  verified: z.boolean().describe("Whether this contact is verified: by proof in this conversation or a proven session it presented, never by a claimed email or phone"),
  duplicate: z.boolean(),
});

/**
 * The REST channel: a retailer's app or site posts what the shopper wrote and gets the AI's
 * replies back. The message goes through the one inbound pipeline, then the agent turn.
 */
export const restChannelRoutes: FastifyPluginAsync<{ agent: AgentService }> = async (fastify, { agent }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    "/channels/rest/messages",
    {
      config: { auth: { roles: ROLE_SETS.staff } },
      schema: {
        tags: ["channels"],
        operationId: "sendRestMessage",
        summary: "Send a shopper's message to the AI agent and get its replies",
        body: z.strictObject({
          channel: channelNameSchema.default("rest").describe("rest, mobile, web_chat…: sets the reply style"),
          sender: z
            .array(identityClaimSchema)
            .min(1)
            .max(10)
            .describe(
              "The sender's channel identities (email, phone, device id…); never verified by this call. Send the app's or site's session id as kind device: proof given in the conversation stays with that session, while an email or phone number only recognises the customer",
            ),
          displayName: z.string().trim().max(200).nullable().optional(),
          text: z.string().trim().min(1).max(5_000),
          externalId: z.string().min(1).max(300).optional().describe("Your message id: a retry is answered once"),
          context: contextSchema.optional(),
        }),
        response: { 200: replySchema, 201: replySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      await fastify.limitSenders(request, reply, caller(request).workspaceId, body.sender);
      const result = await agent.handleInbound({
        workspaceId: caller(request).workspaceId,
        channel: body.channel,
        identities: body.sender,
        displayName: body.displayName,
        text: body.text,
        externalId: body.externalId,
        context: body.context,
      });
      const { turn } = result;
      return reply.status(result.duplicate ? 200 : 201).send({
        caseId: result.case.id,
        customerId: result.customer.id,
        messageId: turn.messageId,
        turnId: turn.id,
        replies: result.replies.map((text) => ({ messageId: turn.replyMessageId, text })),
        understanding: turn.understanding,
        decision: turn.decision,
        reason: turn.reason,
        escalated: turn.escalated,
        caseStatus: result.case.status,
        engine: turn.engine,
        verified: result.verified,
        duplicate: result.duplicate,
      });
    },
  );
};
