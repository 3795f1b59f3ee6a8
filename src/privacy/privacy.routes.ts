import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { caller } from "../http/plugins/auth";
import { errorResponses, idParam, limitQuery } from "../http/schemas";
import type { ErasureService } from "./erasure.service";

const erasureSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    requestedBy: z.string().describe("The staff user or API key id that asked"),
    changed: z.record(z.string(), z.number()).describe("Rows changed or removed per table"),
    createdAt: z.date(),
  })
  .meta({ id: "ErasureRecord" });

export const privacyRoutes: FastifyPluginAsync<{ erasure: ErasureService }> = async (fastify, { erasure }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ["privacy"];

  app.post(
    "/customers/:customerId/erasure",
    {
      config: { auth: { roles: ROLE_SETS.admins } },
      schema: {
        tags,
        summary: "Erase a customer's personal data everywhere (identities, messages, timeline, agent turns, mail, orders' personal fields); irreversible",
        params: idParam("customerId", "Customer id"),
        response: { 201: erasureSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { workspaceId, principal } = caller(request);
      return reply.status(201).send(await erasure.erase(workspaceId, request.params.customerId, principal.id));
    },
  );

  app.get(
    "/erasures",
    {
      config: { auth: { roles: ROLE_SETS.admins } },
      schema: {
        tags,
        summary: "The erasure audit trail (no personal data)",
        querystring: z.strictObject({ limit: limitQuery }),
        response: { 200: z.object({ items: z.array(erasureSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await erasure.list(caller(request).workspaceId, request.query.limit) }),
  );
};
