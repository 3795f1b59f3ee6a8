import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { caller } from "../http/plugins/auth";
import { errorResponses } from "../http/schemas";
import type { RetailDeletion } from "./retail-deletion";

const key = (description: string) => z.string().trim().min(1).max(128).describe(description);

/** Admin-only deletion of retail records in the built-in connector. */
export const retailDeletionRoutes: FastifyPluginAsync<{ deletion: RetailDeletion }> = async (fastify, { deletion }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const admins = { auth: { roles: ROLE_SETS.admins } };
  const tags = ["retail"];
  const done = { 204: z.null(), ...errorResponses };

  app.delete(
    "/retail/orders/:number",
    {
      config: admins,
      schema: { tags, summary: "Delete an order and its returns", params: z.strictObject({ number: key("Order number") }), response: done },
    },
    async (request, reply) => {
      await deletion.order(caller(request).workspaceId, request.params.number);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    "/retail/products/:productId",
    {
      config: admins,
      schema: {
        tags,
        summary: "Delete a product with its variants and their inventory",
        params: z.strictObject({ productId: key("The retailer's product id") }),
        response: done,
      },
    },
    async (request, reply) => {
      await deletion.product(caller(request).workspaceId, request.params.productId);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    "/retail/variants/:sku",
    {
      config: admins,
      schema: { tags, summary: "Delete a variant and its inventory", params: z.strictObject({ sku: key("SKU") }), response: done },
    },
    async (request, reply) => {
      await deletion.variant(caller(request).workspaceId, request.params.sku);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    "/retail/stores/:code",
    {
      config: admins,
      schema: { tags, summary: "Delete a store and the inventory held there", params: z.strictObject({ code: key("Store code") }), response: done },
    },
    async (request, reply) => {
      await deletion.store(caller(request).workspaceId, request.params.code);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    "/retail/inventory/:locationCode/:sku",
    {
      config: admins,
      schema: {
        tags,
        summary: "Delete one inventory level (a SKU at a location)",
        params: z.strictObject({ locationCode: key("Store or fulfilment-centre code"), sku: key("SKU") }),
        response: done,
      },
    },
    async (request, reply) => {
      await deletion.inventory(caller(request).workspaceId, request.params.locationCode, request.params.sku);
      return reply.status(204).send(null);
    },
  );
};
