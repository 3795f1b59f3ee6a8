import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { caller } from "../http/plugins/auth";
import { errorBody, errorResponses, idParam, limitQuery, pageQuery } from "../http/schemas";
import type { CasesService } from "./cases.service";
import { CASE_PRIORITIES, CASE_STATUSES, MESSAGE_AUTHOR_KINDS, MESSAGE_DIRECTIONS } from "./cases.types";

export const caseSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    status: z.enum(CASE_STATUSES),
    subject: z.string().nullable(),
    topic: z.string().nullable(),
    intent: z.string().nullable(),
    orderRef: z.string().nullable(),
    assigneeId: z.string().nullable(),
    priority: z.enum(CASE_PRIORITIES),
    originChannel: z.string(),
    channels: z.array(z.string()),
    createdAt: z.date(),
    updatedAt: z.date(),
    lastActivityAt: z.date(),
    resolvedAt: z.date().nullable(),
  })
  .meta({ id: "Case" });

export const messageSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    customerId: z.string(),
    direction: z.enum(MESSAGE_DIRECTIONS),
    authorKind: z.enum(MESSAGE_AUTHOR_KINDS),
    authorId: z.string().nullable(),
    channel: z.string(),
    body: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    externalId: z.string().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: "Message" });

const caseParams = idParam("caseId", "Case id (case_…)");
const tags = ["cases"];

export const casesRoutes: FastifyPluginAsync<{ cases: CasesService }> = async (fastify, { cases }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/cases",
    {
      config: { auth: { roles: ROLE_SETS.anyone } },
      schema: {
        tags,
        summary: "List cases, newest first",
        querystring: z.strictObject({
          status: z
            .string()
            .max(100)
            .optional()
            .describe("Comma-separated statuses")
            .transform((value, ctx) => {
              if (!value) return undefined;
              const parts = value.split(",").map((part) => part.trim());
              const bad = parts.find((part) => !(CASE_STATUSES as readonly string[]).includes(part));
              if (bad) {
                ctx.addIssue({ code: "custom", message: `unknown status ${bad}` });
                return z.NEVER;
              }
              return parts as (typeof CASE_STATUSES)[number][];
            }),
          customerId: z.string().max(64).optional(),
          assigneeId: z.string().max(64).optional(),
          cursor: z.string().max(64).optional(),
          limit: limitQuery,
        }),
        response: {
          200: z.object({ cases: z.array(caseSchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    (request) => cases.list(caller(request).workspaceId, request.query),
  );

  app.get(
    "/cases/:caseId",
    {
      config: { auth: { roles: ROLE_SETS.anyone } },
      schema: {
        tags,
        summary: "One case",
        params: caseParams,
        response: { 200: caseSchema, ...errorResponses },
      },
    },
    (request) => cases.get(caller(request).workspaceId, request.params.caseId),
  );

  app.patch(
    "/cases/:caseId",
    {
      config: { auth: { roles: ROLE_SETS.staff } },
      schema: {
        tags,
        summary: "Change status, priority, assignee, topic or order",
        params: caseParams,
        body: z
          .strictObject({
            status: z.enum(CASE_STATUSES).optional(),
            priority: z.enum(CASE_PRIORITIES).optional(),
            assigneeId: z.string().max(64).nullable().optional(),
            topic: z.string().trim().max(64).nullable().optional(),
            intent: z.string().trim().max(64).nullable().optional(),
            orderRef: z.string().trim().max(64).nullable().optional(),
            subject: z.string().trim().max(300).nullable().optional(),
          })
          .refine((patch) => Object.keys(patch).length > 0, "send at least one field to change"),
        response: { 200: caseSchema, ...errorResponses, 422: errorBody },
      },
    },
    (request) => {
      const auth = caller(request);
      return cases.update(auth.workspaceId, request.params.caseId, request.body, auth.principal.id);
    },
  );

  app.get(
    "/cases/:caseId/messages",
    {
      config: { auth: { roles: ROLE_SETS.anyone } },
      schema: {
        tags,
        summary: "Messages of a case across channels, oldest first, page by page",
        params: caseParams,
        querystring: pageQuery,
        response: {
          200: z.object({
            messages: z.array(messageSchema),
            nextCursor: z
              .string()
              .nullable()
              .describe("Pass as `cursor` for the next page; null on the last page"),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => cases.messagePage(caller(request).workspaceId, request.params.caseId, request.query),
  );

  app.post(
    "/cases/:caseId/messages",
    {
      config: { auth: { roles: ROLE_SETS.staff } },
      schema: {
        tags,
        summary: "Reply to the customer or add an internal note",
        params: caseParams,
        body: z.strictObject({
          body: z.string().trim().min(1).max(20_000),
          direction: z.enum(["outbound", "internal"]).default("outbound"),
          channel: z.string().trim().min(1).max(32).optional(),
        }),
        response: { 201: messageSchema, ...errorResponses, 422: errorBody },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      const message = await cases.postStaffMessage(auth.workspaceId, request.params.caseId, {
        ...request.body,
        authorId: auth.principal.id,
      });
      return reply.status(201).send(message);
    },
  );
};
