import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { caller } from "../http/plugins/auth";
import { errorResponses, idParam, pageQuery } from "../http/schemas";
import type { AgentService } from "./agent.service";

const turnSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  messageId: z.string(),
  replyMessageId: z.string().nullable(),
  channel: z.string(),
  engine: z.string(),
  understanding: z.record(z.string(), z.unknown()),
  decision: z.string(),
  reason: z.string(),
  tools: z.array(z.record(z.string(), z.unknown())),
  knowledge: z.array(z.object({ entryId: z.string(), version: z.number(), title: z.string().optional() })),
  reply: z.string(),
  escalated: z.boolean(),
  notes: z.record(z.string(), z.unknown()),
  latencyMs: z.number(),
  createdAt: z.date(),
});

/** The agent's record of a case: what it understood, looked up, decided and said, turn by turn. */
export const agentRoutes: FastifyPluginAsync<{ agent: AgentService }> = async (fastify, { agent }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    "/cases/:caseId/agent-turns",
    {
      config: { auth: { roles: ROLE_SETS.anyone } },
      schema: {
        tags: ["agent"],
        summary:
          "The AI agent's turns on a case (understanding, tools, knowledge versions, decision, reason)",
        params: idParam("caseId", "Case id"),
        querystring: pageQuery,
        response: {
          200: z.object({
            turns: z.array(turnSchema),
            nextCursor: z
              .string()
              .nullable()
              .describe("Pass as `cursor` for the next page; null on the last page"),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => agent.turnPage(caller(request).workspaceId, request.params.caseId, request.query),
  );
  app.post(
    "/agent/understand",
    {
      config: { auth: { roles: ROLE_SETS.anyone } },
      schema: {
        tags: ["agent"],
        summary:
          "Run the built-in NLU on a text (intent, confidence, entities, sentiment); nothing is stored",
        body: z.strictObject({ text: z.string().trim().min(1).max(5_000) }),
        response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
      },
    },
    async (request) => agent.understand(caller(request).workspaceId, request.body.text),
  );
};
