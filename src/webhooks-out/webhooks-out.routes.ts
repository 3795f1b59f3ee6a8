import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { caller } from "../http/plugins/auth";
import { errorResponses, idParam, limitQuery } from "../http/schemas";
import { EFFECT_STATUSES } from "../outbox";
import { OUTBOUND_EVENT_TYPES } from "./webhooks-out.events";
import type { OutboundWebhooks } from "./webhooks-out.service";

const tags = ["webhooks"];

const endpointUrl = z
  .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
  .max(2000)
  .describe("Where events are POSTed");
const eventTypes = z
  .array(z.enum(OUTBOUND_EVENT_TYPES))
  .min(1)
  .max(OUTBOUND_EVENT_TYPES.length * 2)
  .describe(`Event types to receive: ${OUTBOUND_EVENT_TYPES.join(", ")}`);

const endpointView = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()),
    enabled: z.boolean(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "WebhookEndpoint" });

const deliveryView = z
  .object({
    id: z.string().describe("The webhook-id header: the same on every retry and replay"),
    endpointId: z.string(),
    type: z.string(),
    status: z.enum(EFFECT_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.date(),
    createdAt: z.date(),
    deliveredAt: z.date().nullable(),
  })
  .meta({ id: "WebhookDelivery" });

const endpointId = idParam("id", "Webhook endpoint id (wep_…)");
const deliveryId = idParam("id", "Delivery id (eff_…)");

/** Admin API for outbound webhooks: endpoints, their secrets, and every delivery. */
export const webhooksOutRoutes: FastifyPluginAsync<{ webhooks: OutboundWebhooks }> = async (
  fastify,
  { webhooks },
) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const admins = { auth: { roles: ROLE_SETS.admins } };

  app.post(
    "/webhooks/endpoints",
    {
      config: admins,
      schema: {
        tags,
        summary: "Add an endpoint; its signing secret (whsec_…) is shown once",
        body: z.strictObject({
          url: endpointUrl,
          eventTypes,
          description: z.string().trim().max(500).optional(),
          enabled: z.boolean().optional(),
        }),
        response: { 201: endpointView.extend({ secret: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await webhooks.createEndpoint(caller(request).workspaceId, request.body)),
  );

  app.get(
    "/webhooks/endpoints",
    {
      config: admins,
      schema: {
        tags,
        summary: "List endpoints",
        response: { 200: z.object({ endpoints: z.array(endpointView) }), ...errorResponses },
      },
    },
    async (request) => ({ endpoints: await webhooks.listEndpoints(caller(request).workspaceId) }),
  );

  app.get(
    "/webhooks/endpoints/:id",
    {
      config: admins,
      schema: {
        tags,
        summary: "One endpoint",
        params: endpointId,
        response: { 200: endpointView, ...errorResponses },
      },
    },
    (request) => webhooks.getEndpoint(caller(request).workspaceId, request.params.id),
  );

  app.patch(
    "/webhooks/endpoints/:id",
    {
      config: admins,
      schema: {
        tags,
        summary: "Change an endpoint's URL, event types, description or enabled flag",
        params: endpointId,
        body: z.strictObject({
          url: endpointUrl.optional(),
          eventTypes: eventTypes.optional(),
          description: z.string().trim().max(500).optional(),
          enabled: z.boolean().optional(),
        }),
        response: { 200: endpointView, ...errorResponses },
      },
    },
    (request) => webhooks.updateEndpoint(caller(request).workspaceId, request.params.id, request.body),
  );

  app.delete(
    "/webhooks/endpoints/:id",
    {
      config: admins,
      schema: {
        tags,
        summary: "Remove an endpoint; its pending deliveries are dropped",
        params: endpointId,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await webhooks.deleteEndpoint(caller(request).workspaceId, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/webhooks/endpoints/:id/secret",
    {
      config: admins,
      schema: {
        tags,
        summary: "Rotate the signing secret (shown once)",
        params: endpointId,
        response: { 201: z.object({ secret: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await webhooks.rotateSecret(caller(request).workspaceId, request.params.id)),
  );

  app.get(
    "/webhooks/deliveries",
    {
      config: admins,
      schema: {
        tags,
        summary: "Deliveries, newest first",
        querystring: z.strictObject({
          status: z.enum(EFFECT_STATUSES).optional(),
          before: z.string().min(1).max(64).optional().describe("Last id of the previous page"),
          limit: limitQuery,
        }),
        response: { 200: z.object({ deliveries: z.array(deliveryView) }), ...errorResponses },
      },
    },
    async (request) => ({
      deliveries: await webhooks.listDeliveries(caller(request).workspaceId, request.query),
    }),
  );

  app.get(
    "/webhooks/deliveries/:id",
    {
      config: admins,
      schema: {
        tags,
        summary: "One delivery",
        params: deliveryId,
        response: { 200: deliveryView, ...errorResponses },
      },
    },
    (request) => webhooks.getDelivery(caller(request).workspaceId, request.params.id),
  );

  app.post(
    "/webhooks/deliveries/:id/replay",
    {
      config: admins,
      schema: {
        tags,
        summary: "Send a delivery again under the same webhook-id",
        params: deliveryId,
        response: { 202: deliveryView, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await webhooks.replayDelivery(caller(request).workspaceId, request.params.id)),
  );
};
