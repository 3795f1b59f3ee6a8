import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import type { Db } from "../db/client";
import { caller } from "../http/plugins/auth";
import { errorResponses, idParam } from "../http/schemas";
import { deleteKnowledgeEntry } from "./knowledge-deletion";

export const knowledgeDeletionRoutes: FastifyPluginAsync<{ db: Db }> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.delete(
    "/knowledge/entries/:entryId",
    {
      config: { auth: { roles: ROLE_SETS.admins } },
      schema: {
        tags: ["knowledge"],
        summary: "Delete a knowledge entry with all its versions (retire keeps the history instead)",
        params: idParam("entryId", "Knowledge entry id"),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteKnowledgeEntry(db, caller(request).workspaceId, request.params.entryId);
      return reply.status(204).send(null);
    },
  );
};
