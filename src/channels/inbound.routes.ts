import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { caseSchema, messageSchema } from "../cases/cases.routes";
import { customerSchema, identityClaimSchema } from "../customers/customers.routes";
import { caller } from "../http/plugins/auth";
import { errorResponses, metadataSchema } from "../http/schemas";
import type { Ingest } from "./ingest";

export const channelNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,31}$/, "lower-case letters, digits and underscores")
  .describe("web_chat, mobile, email, sms, whatsapp, voice, store, rest…");

const inboundResultSchema = z.object({
  customer: customerSchema,
  customerCreated: z.boolean(),
  contact: z
    .object({
      level: z.enum(["anonymous", "recognised", "verified"]),
      method: z.string().nullable(),
      verifiedAt: z.date().nullable(),
      trustedUntil: z.date().nullable(),
      via: z
        .union([
          z.object({ kind: z.literal("identity"), identityId: z.string() }),
          z.object({ kind: z.literal("conversation") }),
        ])
        .nullable(),
    })
    .describe("This contact's verification: only proof it gave or a proven identity it presented, never a claim"),
  case: caseSchema,
  caseCreated: z.boolean(),
  message: messageSchema,
  duplicate: z.boolean(),
  mergeProposalIds: z.array(z.string()),
});

export const inboundRoutes: FastifyPluginAsync<{ ingest: Ingest }> = async (fastify, { ingest }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    "/inbound",
    {
      config: { auth: { roles: ROLE_SETS.staff } },
      schema: {
        tags: ["channels"],
        operationId: "recordInboundContact",
        summary: "Record an inbound contact: resolves the customer, attaches to or opens a case",
        body: z.strictObject({
          channel: channelNameSchema,
          identities: z.array(identityClaimSchema).min(1).max(10),
          displayName: z.string().trim().max(200).nullable().optional(),
          text: z.string().min(1).max(20_000),
          externalId: z.string().min(1).max(300).optional(),
          orderRef: z.string().trim().min(1).max(64).optional(),
          topic: z.string().trim().min(1).max(64).optional(),
          intent: z.string().trim().min(1).max(64).optional(),
          subject: z.string().trim().max(300).optional(),
          caseId: z.string().max(64).optional(),
          occurredAt: z.iso.datetime({ offset: true }).optional(),
          metadata: metadataSchema.optional(),
        }),
        response: {
          200: inboundResultSchema.describe("Redelivery of an external id already received"),
          201: inboundResultSchema,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { occurredAt, ...body } = request.body;
      await fastify.limitSenders(request, reply, caller(request).workspaceId, body.identities);
      const result = await ingest.ingest({
        ...body,
        workspaceId: caller(request).workspaceId,
        occurredAt: occurredAt ? new Date(occurredAt) : undefined,
      });
      const { mergeProposals, presented: _presented, ...rest } = result;
      return reply
        .status(result.duplicate ? 200 : 201)
        .send({ ...rest, mergeProposalIds: mergeProposals.map((p) => p.id) });
    },
  );
};
