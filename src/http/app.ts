import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { z } from "zod";
import "./http.types";
import { authRoutes } from "../auth/auth.routes";
import { casesRoutes } from "../cases/cases.routes";
import { inboundRoutes } from "../channels/inbound.routes";
import { restChannelRoutes } from "../channels/rest/rest.routes";
import { agentRoutes } from "../agent";
import { customersRoutes } from "../customers/customers.routes";
import { connectorsRoutes } from "../connectors/connectors.routes";
import { toolsRoutes } from "../agent/tools/tools.routes";
import { knowledgeRoutes } from "../knowledge";
import type { Logger } from "../core/logger";
import type { Services } from "../services";
import { workspacesRoutes } from "../workspaces/workspaces.routes";
import { registerAuth } from "./plugins/auth";
import { registerErrorHandler } from "./plugins/error-handler";
import { registerJsonBodyParser } from "./plugins/json-body";

export type AppOptions = {
  services: Services;
  logger?: Logger | false;
  bodyLimit?: number;
  version?: string;
};

/** Builds the HTTP app without listening: tests inject requests, server.ts listens. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services } = options;
  const app = Fastify({
    loggerInstance: (options.logger || undefined) as FastifyBaseLogger | undefined,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // Request ids in logs let an operator follow one request without logging its content.
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerJsonBodyParser(app);
  registerErrorHandler(app);

  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Throughline API",
        version: options.version ?? "0.1.0",
        description:
          "Omnichannel customer support for retailers. Authenticate with `Authorization: Bearer <API key or session token>`.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  registerAuth(app, services.auth);

  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    "/health",
    {
      config: { auth: "public" },
      schema: {
        tags: ["system"],
        summary: "Liveness and database reachability",
        security: [],
        response: {
          200: z.object({ status: z.literal("ok"), database: z.literal("ok"), engine: z.string() }),
          503: z.object({
            status: z.literal("degraded"),
            database: z.literal("unreachable"),
            engine: z.string(),
          }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await services.database.query("SELECT 1");
        return reply.send({ status: "ok" as const, database: "ok" as const, engine: services.database.kind });
      } catch {
        return reply.status(503).send({
          status: "degraded" as const,
          database: "unreachable" as const,
          engine: services.database.kind,
        });
      }
    },
  );
  typed.get("/openapi.json", { config: { auth: "public" }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(
    async (api) => {
      await api.register(authRoutes, { auth: services.auth });
      await api.register(workspacesRoutes, { workspaces: services.workspaces });
      await api.register(customersRoutes, { customers: services.customers, timeline: services.timeline });
      await api.register(casesRoutes, { cases: services.cases });
      await api.register(inboundRoutes, { ingest: services.ingest });
      await api.register(restChannelRoutes, { agent: services.agent });
      await api.register(agentRoutes, { agent: services.agent });
      await api.register(knowledgeRoutes, { knowledge: services.knowledge, policies: services.policies });
      await api.register(toolsRoutes, { tools: services.tools, customers: services.customers, clock: services.clock });
      await api.register(connectorsRoutes, {
        connectors: services.connectors,
        imports: services.imports,
        webhooks: services.retailWebhooks,
      });
    },
    { prefix: "/api/v1" },
  );

  return app;
}
