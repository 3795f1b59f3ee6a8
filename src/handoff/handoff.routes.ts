import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { caller } from "../http/plugins/auth";
import { errorResponses, idParam } from "../http/schemas";
import type { HandoffService } from "./handoff.service";
import { handoffSummarySchema } from "./handoff.types";

const caseParams = idParam("caseId", "Case id (case_…)");

const storedSummarySchema = z
  .object({
    id: z.string().describe("Empty when the summary was built for this read and not stored"),
    caseId: z.string(),
    version: z.number(),
    trigger: z.string().describe("What rebuilt it: escalated, message, resolved…"),
    generatedMs: z.number(),
    createdAt: z.date(),
    summary: handoffSummarySchema,
  })
  .meta({ id: "StoredHandoffSummary" });

const suggestionSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    messageId: z.string().describe("The customer message the draft answers"),
    turnId: z.string(),
    body: z.string(),
    tools: z.array(z.object({ name: z.string(), ok: z.boolean(), summary: z.string() })),
    knowledge: z.array(z.object({ entryId: z.string(), version: z.number(), title: z.string().optional() })),
    createdAt: z.date(),
  })
  .meta({ id: "Suggestion" });

export const handoffRoutes: FastifyPluginAsync<{ handoff: HandoffService }> = async (fastify, { handoff }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/cases/:caseId/summary",
    {
      config: { auth: { roles: ROLE_SETS.anyone } },
      schema: {
        tags: ["handoff"],
        summary: "The handoff summary: who, what they need, facts, what the AI did, why it escalated, mood, next step",
        params: caseParams,
        response: { 200: storedSummarySchema, ...errorResponses },
      },
    },
    (request) => handoff.summary(caller(request).workspaceId, request.params.caseId),
  );

  app.get(
    "/cases/:caseId/suggestions",
    {
      config: { auth: { roles: ROLE_SETS.staff } },
      schema: {
        tags: ["handoff"],
        summary: "Replies the AI drafted for the person holding the case, newest first (never sent)",
        params: caseParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: { 200: z.object({ suggestions: z.array(suggestionSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      suggestions: await handoff.suggestions(caller(request).workspaceId, request.params.caseId, request.query.limit),
    }),
  );
};
