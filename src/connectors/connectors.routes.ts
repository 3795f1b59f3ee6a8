import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { caller } from "../http/plugins/auth";
import { errorBody, errorResponses } from "../http/schemas";
import type { ConnectorsService } from "./connectors.service";
import { httpConnectorConfigSchema } from "./http/http.config";
import { IMPORT_KINDS } from "./import/import-kinds";
import type { ImportService } from "./import/import.service";
import type { WebhooksService } from "./webhooks/webhooks.service";
import { SIGNATURE_HEADER } from "./webhooks/webhook-signature";

const settingsView = z
  .object({
    kind: z.enum(["builtin", "http"]),
    http: z.record(z.string(), z.unknown()).nullable(),
    webhookSecretSet: z.boolean(),
    webhookSecretCreatedAt: z.date().nullable(),
    updatedAt: z.date().nullable(),
  })
  .meta({ id: "ConnectorSettings" });

const importReport = z
  .object({
    kind: z.string(),
    format: z.string(),
    strict: z.boolean(),
    read: z.number(),
    valid: z.number(),
    invalid: z.number(),
    duplicates: z.number(),
    inserted: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    written: z.boolean(),
    durationMs: z.number(),
    problems: z.array(z.object({ at: z.string(), field: z.string().optional(), reason: z.string() })),
    problemsTruncated: z.boolean(),
  })
  .meta({ id: "ImportReport" });

const tags = ["connectors"];

export const connectorsRoutes: FastifyPluginAsync<{
  connectors: ConnectorsService;
  imports: ImportService;
  webhooks: WebhooksService;
}> = async (fastify, { connectors, imports, webhooks }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const admins = { auth: { roles: ROLE_SETS.admins } };

  app.get(
    "/connectors/settings",
    {
      config: admins,
      schema: { tags, summary: "Which connector serves orders and inventory, and whether a webhook secret is set", response: { 200: settingsView, ...errorResponses } },
    },
    (request) => connectors.settings(caller(request).workspaceId),
  );

  app.put(
    "/connectors/settings",
    {
      config: admins,
      schema: {
        tags,
        summary: "Switch between the built-in connector and the retailer's HTTP API (takes effect at once)",
        body: z.strictObject({ kind: z.enum(["builtin", "http"]), http: httpConnectorConfigSchema.nullable().optional() }),
        response: { 200: settingsView, ...errorResponses },
      },
    },
    (request) => connectors.updateSettings(caller(request).workspaceId, request.body),
  );

  app.post(
    "/connectors/webhook-secret",
    {
      config: admins,
      schema: {
        tags,
        summary: "Create or rotate the change-webhook signing secret (shown once)",
        response: { 201: z.object({ secret: z.string(), createdAt: z.date(), header: z.string(), url: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { workspaceId } = caller(request);
      const rotated = await connectors.rotateWebhookSecret(workspaceId);
      return reply.status(201).send({ ...rotated, header: SIGNATURE_HEADER, url: `/api/v1/webhooks/retail/${workspaceId}` });
    },
  );

  app.post(
    "/imports/:kind",
    {
      config: admins,
      schema: {
        tags,
        summary: "Import records (same formats as the CLI, JSON) into the built-in connector",
        params: z.strictObject({ kind: z.enum(IMPORT_KINDS) }),
        querystring: z.strictObject({ strict: z.enum(["true", "false"]).default("false") }),
        body: z.strictObject({ records: z.array(z.unknown()).min(1).max(5000) }),
        response: { 200: importReport, ...errorResponses },
      },
    },
    (request) =>
      imports.importRecords(caller(request).workspaceId, request.params.kind, request.body.records, {
        strict: request.query.strict === "true",
      }),
  );

  // Signed by the sender, not by a bearer token: the signature over the raw bytes is the credential.
  await app.register(async (hooks) => {
    hooks.removeContentTypeParser("application/json");
    hooks.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => done(null, body));
    hooks.withTypeProvider<ZodTypeProvider>().post(
      "/webhooks/retail/:workspaceId",
      {
        config: { auth: "public" },
        schema: {
          tags,
          summary: "Change webhook: order.updated, inventory.updated, store.updated",
          description: `Body \`{ "id", "type", "data" }\`. Header \`${SIGNATURE_HEADER}: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">\`; older than 5 minutes or seen before is refused.`,
          security: [],
          params: z.strictObject({ workspaceId: z.string().min(1).max(64) }),
          response: {
            200: z.object({ eventId: z.string(), type: z.string(), inserted: z.number(), updated: z.number(), unchanged: z.number() }),
            ...errorResponses,
            503: errorBody,
          },
        },
      },
      (request) => {
        const header = request.headers[SIGNATURE_HEADER];
        return webhooks.receive(
          request.params.workspaceId,
          Array.isArray(header) ? header[0] : header,
          typeof request.body === "string" ? request.body : "",
        );
      },
    );
  });
};
