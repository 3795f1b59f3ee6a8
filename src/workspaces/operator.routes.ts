import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { notFound, unauthorized } from "../core/errors";
import { errorResponses } from "../http/schemas";
import { newWorkspaceSchema, type ProvisioningService } from "./provisioning.service";

const provisionedSchema = z
  .object({
    workspace: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    admin: z.object({ email: z.string(), password: z.string().describe("Shown once; sign in and change it") }),
    apiKey: z.string().describe("Admin API key for the new workspace; shown once"),
  })
  .meta({ id: "ProvisionedWorkspace" });

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Instance-level administration: creating workspaces is for whoever runs the installation, so it
 * takes the operator key from THROUGHLINE_OPERATOR_API_KEY, never a workspace's own admin key.
 * Without that setting the routes answer 404, as if they did not exist.
 */
export const operatorRoutes: FastifyPluginAsync<{ provisioning: ProvisioningService; operatorKey?: string }> = async (
  fastify,
  { provisioning, operatorKey },
) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const requireOperator = async (request: FastifyRequest) => {
    if (!operatorKey) throw notFound("OPERATOR_DISABLED", "the operator API is not enabled on this server");
    const header = request.headers.authorization;
    const presented = header?.startsWith("Bearer ") ? header.slice(7).trim() : "";
    if (!presented || !timingSafeEqual(digest(presented), digest(operatorKey)))
      throw unauthorized("OPERATOR_AUTH_INVALID", "send the operator key (THROUGHLINE_OPERATOR_API_KEY) as a Bearer token");
  };

  app.post(
    "/operator/workspaces",
    {
      config: { auth: "public", countsAuthFailures: true },
      onRequest: requireOperator,
      schema: {
        tags: ["operator"],
        summary: "Create a retailer's workspace with its first admin and an admin API key (operator key)",
        body: newWorkspaceSchema,
        response: { 201: provisionedSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await provisioning.create(request.body)),
  );

  app.get(
    "/operator/workspaces",
    {
      config: { auth: "public", countsAuthFailures: true },
      onRequest: requireOperator,
      schema: {
        tags: ["operator"],
        summary: "Every workspace on this installation (operator key)",
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), createdAt: z.date() })),
          }),
          ...errorResponses,
        },
      },
    },
    async () => ({ items: await provisioning.list() }),
  );
};
