import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../auth";
import { caseSchema } from "../cases/cases.routes";
import { customerSchema } from "../customers/customers.routes";
import { caller } from "../http/plugins/auth";
import { errorResponses, idParam } from "../http/schemas";
import type { StoreDesk } from "./store.service";

const tags = ["store"];

const orderSummarySchema = z.object({
  number: z.string(),
  status: z.string(),
  placedAt: z.string().nullable(),
  currency: z.string(),
  total: z.number().nullable(),
  items: z.array(z.object({ title: z.string(), quantity: z.number() })),
  deliveredAt: z.string().nullable(),
});

const lookupSchema = z.object({
  matchedBy: z.array(z.enum(["email", "phone", "loyalty", "order"])).describe("What the search term matched"),
  customer: customerSchema,
  openCases: z.array(caseSchema),
  recentOrders: z.array(orderSummarySchema).describe("Most recent first, at most 5"),
});

const interactionSchema = z.object({
  id: z.string().describe("The timeline event id"),
  customerId: z.string(),
  caseId: z.string().nullable(),
  storeId: z.string(),
  storeName: z.string(),
  note: z.string(),
  actor: z.string(),
  occurredAt: z.date(),
});

/** The in-store associate's API: staff only; every look-up stays inside the caller's workspace. */
export const storeRoutes: FastifyPluginAsync<{ store: StoreDesk }> = async (fastify, { store }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const staff = { auth: { roles: ROLE_SETS.staff } };

  app.get(
    "/store/lookup",
    {
      config: staff,
      schema: {
        tags,
        operationId: "lookupInStore",
        summary: "Find a customer by phone, email, loyalty id or order number, with open cases and recent orders",
        querystring: z.strictObject({
          q: z.string().trim().min(1).max(320).describe("A phone number, email address, loyalty id or order number"),
        }),
        response: { 200: z.object({ matches: z.array(lookupSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ matches: await store.lookup(caller(request).workspaceId, request.query.q) }),
  );

  app.post(
    "/customers/:customerId/interactions",
    {
      config: staff,
      schema: {
        tags,
        summary: "Log an in-store interaction on the customer's timeline",
        params: idParam("customerId", "Customer id (cus_…)"),
        body: z.strictObject({
          channel: z.literal("store").default("store").describe("Where it happened; only store for now"),
          storeId: z.string().trim().min(1).max(64).describe("The store's code in the store directory"),
          note: z.string().trim().min(1).max(2_000).describe("What happened, in the associate's words"),
          caseId: z.string().min(1).max(64).optional().describe("A case of this customer the visit was about"),
        }),
        response: { 201: interactionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      const { channel: _channel, ...body } = request.body;
      const logged = await store.logInteraction(auth.workspaceId, request.params.customerId, {
        ...body,
        actor: auth.principal.id,
      });
      return reply.status(201).send(logged);
    },
  );
};
