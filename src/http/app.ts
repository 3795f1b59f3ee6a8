import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import {
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import websocket from "@fastify/websocket";
import { z } from "zod";
import "./http.types";
import { authRoutes } from "../auth/auth.routes";
import { casesRoutes } from "../cases/cases.routes";
import { inboundRoutes } from "../channels/inbound.routes";
import { restChannelRoutes } from "../channels/rest/rest.routes";
import { smsWebhookRoutes } from "../channels/sms/sms.routes";
import { twilioSettingsRoutes } from "../channels/twilio/twilio.routes";
import { callsRoutes, voiceWebhookRoutes } from "../channels/voice/voice.routes";
import { agentRoutes } from "../agent";
import { customersRoutes } from "../customers/customers.routes";
import { connectorsRoutes } from "../connectors/connectors.routes";
import { toolsRoutes } from "../agent/tools/tools.routes";
import { knowledgeRoutes } from "../knowledge";
import type { Logger } from "../core/logger";
import type { Services } from "../services";
import { workspacesRoutes } from "../workspaces/workspaces.routes";
import { webhooksOutRoutes } from "../webhooks-out";
import { widgetKeysRoutes } from "../workspaces";
import { DEFAULT_REALTIME_LIMITS, realtimeRoutes, type RealtimeLimits } from "../realtime";
import { mobileRoutes } from "../channels/mobile";
import { storeRoutes } from "../store";
import { routingRoutes } from "../routing";
import { handoffRoutes } from "../handoff";
import { operatorRoutes } from "../workspaces";
import { retailDeletionRoutes } from "../connectors";
import { knowledgeDeletionRoutes } from "../knowledge";
import { privacyRoutes } from "../privacy";
import { chooseSocketProtocol, registerAuth } from "./plugins/auth";
import { registerErrorHandler } from "./plugins/error-handler";
import { registerJsonBodyParser } from "./plugins/json-body";
import { registerRequestTextCheck } from "./plugins/request-text";
import {
  DEFAULT_RATE_LIMITS,
  registerCredentialLimit,
  registerRateLimits,
  type RateLimitSettings,
} from "./plugins/rate-limits";
import { createMemoryRateLimitCounter } from "./plugins/memory-rate-limit-counter";
import { createRateLimitCounter, type RateLimitCounter } from "./plugins/rate-limit-counter";
import type { Database } from "../db/client";
import { docsContentSecurityPolicy, registerSecurityHeaders } from "./plugins/security-headers";
import { loadWebAssets, registerStaticWeb, type WebAssets } from "./plugins/static-web";
import { registerDashboardWeb } from "./plugins/dashboard-web";
import { storefrontRoutes } from "../demo/storefront.routes";
import { registerCors } from "./plugins/cors";
import { finishDocument, type OpenApiDocument } from "./openapi/openapi-document";
import { describeRoute } from "./openapi/route-docs";
import { registerRequestIdHeader, requestIdFor } from "./plugins/request-id";
import { registerWwwAuthenticate } from "./plugins/www-authenticate";
import { DEMO_WORKSPACE_SLUG } from "../demo/demo-seed";

export type AppOptions = {
  services: Services;
  logger?: Logger | false;
  bodyLimit?: number;
  version?: string;
  /** Production defaults when absent; tests that exercise limits set their own. */
  limits?: Partial<RateLimitSettings>;
  /** Where rate-limit counts live; the app's database when absent (Redis when REDIS_URL is set). */
  rateLimitCounter?: RateLimitCounter;
  /** Behind a reverse proxy: client address and https from X-Forwarded-For/-Proto. */
  trustProxy?: boolean;
  /** The built web apps; read from web/dist when absent. */
  web?: WebAssets;
  /** Realtime protocol limits (frame size, floods); production defaults when absent. */
  realtimeLimits?: Partial<RealtimeLimits>;
  /** The address providers reach this server at; webhook signatures are checked against it. */
  publicBaseUrl?: string;
  /** THROUGHLINE_OPERATOR_API_KEY: enables the instance-level operator API. */
  operatorApiKey?: string;
  /** Origins whose browsers may call the API (CORS); none when absent. */
  corsOrigins?: readonly string[];
};

const embeddedCounters = new WeakMap<Database, RateLimitCounter>();

/** How often queue items are checked against their first-reply promise. */
const SLA_SWEEP_MS = 15_000;

/**
 * PostgreSQL: counters in a table every node shares. The embedded database has one owning
 * process, so memory is as shared as the table and spares the single connection a round trip
 * per count; apps built over the same handle share it.
 */
function defaultCounter(database: Database): RateLimitCounter {
  if (database.kind !== "pglite") return createRateLimitCounter(database);
  let counter = embeddedCounters.get(database);
  if (!counter) embeddedCounters.set(database, (counter = createMemoryRateLimitCounter()));
  return counter;
}

/** Builds the HTTP app without listening: tests inject requests, server.ts listens. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services } = options;
  const app = Fastify({
    loggerInstance: (options.logger || undefined) as FastifyBaseLogger | undefined,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // Request ids in logs let an operator follow one request without logging its content.
    requestIdHeader: false,
    genReqId: requestIdFor,
    trustProxy: options.trustProxy ?? false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerJsonBodyParser(app);
  registerErrorHandler(app);
  registerRequestTextCheck(app);
  await registerSecurityHeaders(app);
  registerRequestIdHeader(app);
  registerWwwAuthenticate(app);
  await registerCors(app, options.corsOrigins ?? []);
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.limits };
  const counter = options.rateLimitCounter ?? defaultCounter(services.database);
  await registerRateLimits(app, { counter, limits });

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
    transform: describeRoute,
    transformObject: (input) =>
      finishDocument(jsonSchemaTransformObject(input) as OpenApiDocument, {
        serverUrl: options.publicBaseUrl,
      }) as ReturnType<typeof jsonSchemaTransformObject>,
  });
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    staticCSP: true,
    transformStaticCSP: docsContentSecurityPolicy,
  });

  // The socket's hard frame limit; smaller oversized frames get an error frame (customer-session.ts).
  await app.register(websocket, {
    options: { maxPayload: 262_144, handleProtocols: chooseSocketProtocol },
    errorHandler: (error, socket, request) => {
      const code = (error as { code?: unknown }).code;
      // Invalid UTF-8, oversized or malformed frames: ws is closing with 1007, 1009 or 1002 already.
      if (typeof code === "string" && code.startsWith("WS_ERR_")) {
        request.log.warn({ code }, "websocket closed on a protocol error");
        return;
      }
      request.log.error({ err: error }, "websocket failed");
      socket.terminate();
    },
  });
  registerAuth(app, services.auth);
  registerCredentialLimit(app, { counter, limits });

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

  const web = options.web ?? loadWebAssets();
  await registerStaticWeb(app, {
    assets: web,
    chatFramePolicy: async (key) => {
      const workspaceId = await services.realtime.resolveWorkspace(key);
      if (!workspaceId) return undefined;
      const workspace = await services.workspaces.get(workspaceId);
      return { name: workspace.name, frameAncestors: workspace.settings.widgetOrigins };
    },
  });
  await registerDashboardWeb(app, { root: web.root });
  await app.register(storefrontRoutes, {
    assets: () => {
      const entry = web.entry("demo-store/store.ts");
      return { script: entry?.script, styles: entry?.styles ?? [] };
    },
    widget: async () => {
      const workspace = await services.workspaces.findBySlug(DEMO_WORKSPACE_SLUG);
      return workspace && services.widgetKeys.get(workspace.id);
    },
  });

  await app.register(
    async (api) => {
      await api.register(authRoutes, { auth: services.auth });
      await api.register(workspacesRoutes, { workspaces: services.workspaces });
      await api.register(widgetKeysRoutes, { widgetKeys: services.widgetKeys });
      await api.register(realtimeRoutes, {
        realtime: services.realtime,
        counter,
        limits: { ...DEFAULT_REALTIME_LIMITS, ...options.realtimeLimits },
      });
      await api.register(mobileRoutes, { realtime: services.realtime });
      await api.register(customersRoutes, { customers: services.customers, timeline: services.timeline });
      await api.register(casesRoutes, { cases: services.cases });
      await api.register(inboundRoutes, { ingest: services.ingest });
      await api.register(storeRoutes, { store: services.store });
      await api.register(restChannelRoutes, { agent: services.agent });
      await api.register(agentRoutes, { agent: services.agent });
      await api.register(knowledgeRoutes, { knowledge: services.knowledge, policies: services.policies });
      await api.register(toolsRoutes, {
        tools: services.tools,
        customers: services.customers,
        clock: services.clock,
      });
      const twilio = {
        workspaces: services.workspaces,
        accounts: services.twilioAccounts,
        publicBaseUrl: options.publicBaseUrl,
      };
      await api.register(twilioSettingsRoutes, twilio);
      await api.register(smsWebhookRoutes, { ...twilio, sms: services.sms });
      await api.register(voiceWebhookRoutes, { ...twilio, voice: services.voice });
      await api.register(callsRoutes, { voice: services.voice });
      await api.register(routingRoutes, {
        routing: services.routing,
        now: () => services.clock.now(),
        staffNames: async (workspaceId) =>
          new Map((await services.auth.listUsers(workspaceId)).map((user) => [user.id, user.name])),
      });
      await api.register(handoffRoutes, { handoff: services.handoff });
      await api.register(connectorsRoutes, {
        connectors: services.connectors,
        imports: services.imports,
        webhooks: services.retailWebhooks,
      });
      await api.register(webhooksOutRoutes, { webhooks: services.webhooksOut });
      await api.register(operatorRoutes, { provisioning: services.provisioning, operatorKey: options.operatorApiKey });
      await api.register(retailDeletionRoutes, { deletion: services.retailDeletion });
      await api.register(knowledgeDeletionRoutes, { db: services.db });
      await api.register(privacyRoutes, { erasure: services.erasure });
    },
    { prefix: "/api/v1" },
  );

  // SLA timers: every node sweeps; the conditional update lets exactly one report each breach.
  const sweeper = setInterval(() => {
    services.routing.sweep().catch((error: unknown) => app.log.warn({ err: error }, "SLA sweep failed"));
  }, SLA_SWEEP_MS);
  sweeper.unref();
  app.addHook("onClose", async () => clearInterval(sweeper));

  return app;
}
