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
import { SHOPIFY_HMAC_HEADER } from "./webhooks/shopify-hmac";

const settingsView = z
  .object({
    kind: z.enum(["builtin", "http"]),
    http: z.record(z.string(), z.unknown()).nullable(),
    webhookSecretSet: z.boolean(),
    webhookSecretCreatedAt: z.date().nullable(),
    previousWebhookSecretExpiresAt: z.date().nullable().describe("Until then the secret before the last rotation still verifies"),
    shopifyWebhookSecretSet: z.boolean(),
    updatedAt: z.date().nullable(),
  })
  .meta({ id: "ConnectorSettings" });

const conflictList = z
  .array(z.object({ key: z.string(), reason: z.string() }))
  .describe("Records not written: the stored order is newer, or was changed in Throughline after the record");

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
    conflicts: conflictList,
    written: z.boolean(),
    durationMs: z.number(),
    problems: z.array(z.object({ at: z.string(), field: z.string().optional(), reason: z.string() })),
    problemsTruncated: z.boolean(),
  })
  .meta({ id: "ImportReport" });

const tags = ["connectors"];
const workspaceParam = z.strictObject({ workspaceId: z.string().min(1).max(64) });

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
        description: "The previous secret keeps verifying for `overlapHours` (default 24; 0 revokes it at once).",
        querystring: z.strictObject({ overlapHours: z.coerce.number().int().min(0).max(168).default(24) }),
        // Nothing goes in the body; anything sent there is refused rather than ignored.
        body: z.strictObject({}).nullish(),
        response: {
          201: z.object({
            secret: z.string(),
            createdAt: z.date(),
            previousValidUntil: z.date().nullable(),
            header: z.string(),
            url: z.string(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = caller(request);
      const rotated = await connectors.rotateWebhookSecret(workspaceId, request.query.overlapHours);
      return reply.status(201).send({ ...rotated, header: SIGNATURE_HEADER, url: `/api/v1/webhooks/retail/${workspaceId}` });
    },
  );

  app.put(
    "/connectors/shopify-webhook-secret",
    {
      config: admins,
      schema: {
        tags,
        summary: "Set the Shopify app's client secret that signs Shopify's order webhooks (never returned)",
        description: `Then subscribe Shopify's orders/* topics to \`/api/v1/webhooks/shopify/<workspaceId>\`; \`null\` removes the secret.`,
        body: z.strictObject({ secret: z.string().trim().min(16).max(500).nullable() }),
        response: { 200: settingsView, ...errorResponses },
      },
    },
    (request) => connectors.setShopifyWebhookSecret(caller(request).workspaceId, request.body.secret),
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

  // Webhook signatures cover the raw bytes, so the body stays a Buffer until it is verified.
  await app.register(async (hooks) => {
    hooks.removeContentTypeParser("application/json");
    hooks.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
    const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
    hooks.withTypeProvider<ZodTypeProvider>().post(
      "/webhooks/shopify/:workspaceId",
      {
        config: { auth: "public" },
        schema: {
          tags,
          summary: "Shopify order webhooks (orders/create, orders/updated, orders/cancelled, …)",
          description: `Verified by \`${SHOPIFY_HMAC_HEADER}\` (base64 HMAC-SHA256 of the raw body with the app's client secret); a repeated \`X-Shopify-Webhook-Id\` is acknowledged and not applied again.`,
          security: [],
          params: workspaceParam,
          response: {
            200: z.object({
              webhookId: z.string(),
              topic: z.string(),
              applied: z.boolean(),
              duplicate: z.boolean(),
              ignored: z.boolean(),
              inserted: z.number(),
              updated: z.number(),
              unchanged: z.number(),
              conflicts: conflictList.optional(),
            }),
            ...errorResponses,
            503: errorBody,
          },
        },
      },
      (request) =>
        webhooks.receiveShopify(
          request.params.workspaceId,
          {
            hmac: header(request.headers[SHOPIFY_HMAC_HEADER]),
            topic: header(request.headers["x-shopify-topic"]),
            webhookId: header(request.headers["x-shopify-webhook-id"]),
          },
          Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        ),
    );

    // Signed by the sender, not by a bearer token: the signature over the raw bytes is the credential.
    hooks.withTypeProvider<ZodTypeProvider>().post(
      "/webhooks/retail/:workspaceId",
      {
        config: { auth: "public" },
        schema: {
          tags,
          summary: "Change webhook: order.updated, inventory.updated, store.updated",
          description: `Body \`{ "id", "type", "data" }\`. Header \`${SIGNATURE_HEADER}: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">\`; older than 5 minutes or seen before is refused.`,
          security: [],
          params: workspaceParam,
          response: {
            200: z.object({
              eventId: z.string(),
              type: z.string(),
              inserted: z.number(),
              updated: z.number(),
              unchanged: z.number(),
              conflicts: conflictList.optional(),
            }),
            ...errorResponses,
            503: errorBody,
          },
        },
      },
      (request) => {
        return webhooks.receive(
          request.params.workspaceId,
          header(request.headers[SIGNATURE_HEADER]),
          Buffer.isBuffer(request.body) ? request.body.toString("utf8") : "",
        );
      },
    );
  });
};
