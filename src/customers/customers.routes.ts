import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { caller } from "../http/plugins/auth";
import { errorResponses, idParam, limitQuery, metadataSchema, shortText } from "../http/schemas";
import type { TimelineService } from "../timeline";
import type { CustomersService } from "./customers.service";
import { IDENTITY_KINDS, VERIFICATION_LEVELS, VERIFICATION_METHODS } from "./customers.types";

export const identityClaimSchema = z.strictObject({
  kind: z.enum(IDENTITY_KINDS),
  value: z.string().min(1).max(320),
  system: z.string().trim().min(1).max(64).optional(),
  level: z.enum(["anonymous", "recognised"]).optional(),
});

const identitySchema = z
  .object({
    id: z.string(),
    kind: z.enum(IDENTITY_KINDS),
    system: z.string(),
    value: z.string(),
    verificationLevel: z.enum(VERIFICATION_LEVELS),
    verifiedAt: z.date().nullable(),
    verifiedMethod: z.string().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: "Identity" });

export const customerSchema = z
  .object({
    id: z.string(),
    displayName: z.string().nullable(),
    tier: z.string(),
    locale: z.string().nullable(),
    attributes: z.record(z.string(), z.unknown()),
    mergedIntoId: z.string().nullable(),
    identities: z.array(identitySchema),
    verification: z
      .object({
        level: z.enum(VERIFICATION_LEVELS),
        method: z.string().nullable(),
        verifiedAt: z.date().nullable(),
        trustedUntil: z.date().nullable(),
        identities: z
          .array(
            z.object({
              identityId: z.string(),
              kind: z.enum(IDENTITY_KINDS),
              method: z.string().nullable(),
              verifiedAt: z.date(),
              trustedUntil: z.date(),
              carriesToContact: z
                .boolean()
                .describe("Whether a contact presenting this identity is verified by it (devices, code-confirmed phones)"),
            }),
          )
          .describe("Every identity's proof, including lapsed proof, so staff can see how the customer was verified"),
      })
      .describe(
        "Proof on the customer record. It never verifies a contact by itself: a contact is verified only by proof it gives or a proven identity it presents",
      ),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Customer" });

const proposalSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    otherCustomerId: z.string(),
    identityKind: z.string(),
    identityValue: z.string(),
    source: z.string(),
    status: z.enum(["open", "accepted", "dismissed"]),
    createdAt: z.date(),
  })
  .meta({ id: "MergeProposal" });

const timelineEventSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    caseId: z.string().nullable(),
    kind: z.string(),
    channel: z.string().nullable(),
    refId: z.string().nullable(),
    summary: z.string(),
    data: z.record(z.string(), z.unknown()),
    occurredAt: z.date(),
  })
  .meta({ id: "TimelineEvent" });

const customerParams = idParam("customerId", "Customer id (cus_…)");
const tags = ["customers"];

export const customersRoutes: FastifyPluginAsync<{
  customers: CustomersService;
  timeline: TimelineService;
}> = async (fastify, { customers, timeline }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const staff = { auth: { roles: ROLE_SETS.staff } };

  app.get(
    "/customers",
    {
      config: staff,
      schema: {
        tags,
        summary: "List customers, newest first",
        querystring: z.strictObject({
          search: z.string().max(200).optional().describe("Matches name or any identity value"),
          cursor: z.string().max(64).optional(),
          limit: limitQuery,
        }),
        response: {
          200: z.object({ customers: z.array(customerSchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    (request) => customers.list(caller(request).workspaceId, request.query),
  );

  app.post(
    "/customers",
    {
      config: staff,
      schema: {
        tags,
        summary: "Create a customer with its identities",
        body: z.strictObject({
          displayName: z.string().trim().max(200).nullable().optional(),
          tier: shortText(40).optional(),
          locale: z.string().max(35).nullable().optional(),
          identities: z.array(identityClaimSchema).max(20).default([]),
        }),
        response: { 201: customerSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await customers.create(caller(request).workspaceId, request.body)),
  );

  app.get(
    "/customers/:customerId",
    {
      config: { auth: { roles: ROLE_SETS.anyone } },
      schema: {
        tags,
        summary: "One customer with identities and verification",
        params: customerParams,
        response: { 200: customerSchema, ...errorResponses },
      },
    },
    (request) => customers.get(caller(request).workspaceId, request.params.customerId),
  );

  app.patch(
    "/customers/:customerId",
    {
      config: staff,
      schema: {
        tags,
        summary: "Update profile fields",
        params: customerParams,
        body: z.strictObject({
          displayName: z.string().trim().max(200).nullable().optional(),
          tier: shortText(40).optional(),
          locale: z.string().max(35).nullable().optional(),
          attributes: metadataSchema.optional(),
        }),
        response: { 200: customerSchema, ...errorResponses },
      },
    },
    (request) => customers.update(caller(request).workspaceId, request.params.customerId, request.body),
  );

  app.post(
    "/customers/:customerId/identities",
    {
      config: staff,
      schema: {
        tags,
        summary: "Add an identity; 409 with a merge proposal if another customer owns it",
        params: customerParams,
        body: identityClaimSchema,
        response: { 200: customerSchema, ...errorResponses },
      },
    },
    (request) =>
      customers.addIdentity(caller(request).workspaceId, request.params.customerId, request.body, "staff"),
  );

  app.post(
    "/customers/:customerId/identities/:identityId/verify",
    {
      config: staff,
      schema: {
        tags,
        summary: "Record that staff verified an identity",
        params: z.strictObject({ customerId: z.string().max(64), identityId: z.string().max(64) }),
        body: z.strictObject({ method: z.enum(VERIFICATION_METHODS).default("staff") }),
        response: { 200: customerSchema, ...errorResponses },
      },
    },
    (request) => {
      const auth = caller(request);
      return customers.verifyIdentity(
        auth.workspaceId,
        request.params.customerId,
        request.params.identityId,
        request.body.method,
        auth.principal.id,
      );
    },
  );

  app.get(
    "/customers/:customerId/timeline",
    {
      config: { auth: { roles: ROLE_SETS.anyone } },
      schema: {
        tags,
        summary: "Every message, event and case change across channels, oldest first",
        params: customerParams,
        querystring: z.strictObject({ cursor: z.string().max(200).optional(), limit: limitQuery }),
        response: {
          200: z.object({ events: z.array(timelineEventSchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { workspaceId } = caller(request);
      const customer = await customers.get(workspaceId, request.params.customerId);
      return timeline.list(workspaceId, customer.mergedIntoId ?? customer.id, request.query);
    },
  );

  app.get(
    "/customers/:customerId/merges",
    {
      config: staff,
      schema: {
        tags,
        summary: "Merge audit trail of a customer",
        params: customerParams,
        response: {
          200: z.object({
            merges: z.array(
              z.object({
                id: z.string(),
                survivorId: z.string(),
                mergedId: z.string(),
                actor: z.string(),
                reason: z.string(),
                moved: z.record(z.string(), z.number()),
                createdAt: z.date(),
                revertedAt: z.date().nullable().describe("Set once the merge was reverted"),
                revertedBy: z.string().nullable(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      merges: await customers.merges(caller(request).workspaceId, request.params.customerId),
    }),
  );

  app.post(
    "/customers/merge",
    {
      config: { auth: { roles: ROLE_SETS.managers } },
      schema: {
        tags,
        summary: "Merge one customer into another (auditable; nothing is lost)",
        body: z.strictObject({
          survivorId: z.string().min(1).max(64),
          mergedId: z.string().min(1).max(64),
          reason: shortText(500),
        }),
        response: {
          200: z.object({
            id: z.string(),
            survivorId: z.string(),
            mergedId: z.string(),
            moved: z.record(z.string(), z.number()),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => {
      const auth = caller(request);
      return customers.merge(auth.workspaceId, { ...request.body, actor: auth.principal.id });
    },
  );

  app.post(
    "/customers/merges/:mergeId/revert",
    {
      config: { auth: { roles: ROLE_SETS.managers } },
      schema: {
        tags,
        summary: "Revert a merge: what it moved goes back and the merged customer is restored",
        params: idParam("mergeId", "Merge id (mrg_…) from a customer's merge history"),
        response: {
          200: z.object({
            mergeId: z.string(),
            survivorId: z.string(),
            restoredId: z.string(),
            restored: z.record(z.string(), z.number()),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => {
      const auth = caller(request);
      return customers.revertMerge(auth.workspaceId, request.params.mergeId, auth.principal.id);
    },
  );

  app.get(
    "/merge-proposals",
    {
      config: { auth: { roles: ROLE_SETS.staff } },
      schema: {
        tags,
        summary: "Proposed merges found by identity resolution",
        querystring: z.strictObject({ status: z.enum(["open", "accepted", "dismissed"]).default("open") }),
        response: { 200: z.object({ proposals: z.array(proposalSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      proposals: await customers.proposals(caller(request).workspaceId, request.query.status),
    }),
  );

  app.post(
    "/merge-proposals/:proposalId/dismiss",
    {
      config: { auth: { roles: ROLE_SETS.managers } },
      schema: {
        tags,
        summary: "Dismiss a proposed merge",
        params: idParam("proposalId", "Merge proposal id"),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await customers.dismissProposal(caller(request).workspaceId, request.params.proposalId);
      return reply.status(204).send(null);
    },
  );
};
