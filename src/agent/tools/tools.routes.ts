import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ROLE_SETS } from "../../auth";
import type { Clock } from "../../core/clock";
import { AppError, notFound, type ErrorKind } from "../../core/errors";
import type { CustomersService } from "../../customers";
import { caller } from "../../http/plugins/auth";
import { errorBody, errorResponses } from "../../http/schemas";
import {
  inventoryResult,
  orderListResult,
  productListResult,
  productResult,
  storeHoursResult,
  storeListResult,
  anyToolOutput,
  toolOutputSchemas,
} from "./tool-result-schemas";
import { runTool, type RetailTools, type ToolContext, type ToolFailure, type ToolResult } from "./index";

const KIND_BY_CODE: [RegExp, ErrorKind][] = [
  [/^UPSTREAM_UNAVAILABLE$/, "unavailable"],
  [/^VERIFICATION_REQUIRED$/, "forbidden"],
  [/_NOT_FOUND$/, "not_found"],
  [/_REFUSED$|^ACTIONS_REQUEST_ID_REUSED$|^ACTIONS_UNSUPPORTED$|^INVENTORY_OUT_OF_STOCK$/, "conflict"],
];

/** A tool's typed failure as an API error: refusals carry the rule (and policy version) in details. */
export function toolFailureError(failure: ToolFailure): AppError {
  const kind = KIND_BY_CODE.find(([pattern]) => pattern.test(failure.code))?.[1] ?? "invalid";
  const details = failure.rule || failure.source ? { rule: failure.rule, source: failure.source } : undefined;
  return new AppError(kind, failure.code, failure.message, { details, field: kind === "invalid" ? "input" : undefined });
}

const responses = { ...errorResponses, 503: errorBody };

/** A tool's output as self-contained JSON Schema: the named root is inlined beside its `$defs`. */
function outputJsonSchema(name: string): Record<string, unknown> {
  const schema = toolOutputSchemas[name];
  if (!schema) return { type: "object" };
  const json = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as Record<string, unknown> & {
    $ref?: string;
    $defs?: Record<string, Record<string, unknown>>;
  };
  const root = json.$ref?.startsWith("#/$defs/") ? json.$defs?.[json.$ref.slice("#/$defs/".length)] : undefined;
  if (!root) return json;
  const { $ref: _ref, ...rest } = json;
  return { ...rest, ...root };
}
const tags = ["tools"];

export const toolsRoutes: FastifyPluginAsync<{ tools: RetailTools; customers: CustomersService; clock: Clock }> = async (
  fastify,
  { tools, customers, clock },
) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const staff = { auth: { roles: ROLE_SETS.staff } };

  async function contextFor(
    request: FastifyRequest,
    extra: { customerId?: string; requestId?: string; caseId?: string },
  ): Promise<ToolContext> {
    const auth = caller(request);
    let verifiedCustomerId: string | undefined;
    let customerId = extra.customerId;
    if (customerId) {
      let customer = await customers.get(auth.workspaceId, customerId);
      if (customer.mergedIntoId) customer = await customers.get(auth.workspaceId, customer.mergedIntoId);
      customerId = customer.id;
      if (customer.verification.level === "verified") verifiedCustomerId = customer.id;
    }
    return {
      workspaceId: auth.workspaceId,
      customerId,
      verifiedCustomerId,
      caseId: extra.caseId,
      channel: "staff",
      actor: { kind: auth.principal.kind === "user" ? "user" : "api_key", id: auth.principal.id },
      requestId: extra.requestId,
      now: clock.now(),
    };
  }

  /** T is the route's declared response; the response schema checks the tool's output against it. */
  async function call<T>(request: FastifyRequest, name: string, input: unknown, extra: Parameters<typeof contextFor>[1] = {}): Promise<T> {
    const tool = tools[name];
    if (!tool) throw notFound("TOOLS_NOT_FOUND", `no tool named ${name}`);
    const result: ToolResult<unknown> = await runTool(tool, await contextFor(request, extra), input);
    if (!result.ok) throw toolFailureError(result.error);
    // Bare results, like every other route: failures are the standard error body.
    return result.data as T;
  }

  app.get(
    "/tools",
    {
      config: staff,
      schema: {
        tags,
        summary: "Every retail tool with its input JSON Schema",
        response: {
          200: z.object({
            tools: z.array(
              z.object({
                name: z.string(),
                description: z.string(),
                requiresVerifiedCustomer: z.boolean(),
                mutates: z.boolean(),
                input: z.record(z.string(), z.unknown()),
                output: z.record(z.string(), z.unknown()).describe("JSON Schema of what the tool answers"),
              }),
            ),
          }),
          ...responses,
        },
      },
    },
    async () => ({
      tools: Object.values(tools).map((tool) => ({
        name: tool.name,
        description: tool.description,
        requiresVerifiedCustomer: tool.requiresVerifiedCustomer,
        mutates: tool.mutates,
        input: z.toJSONSchema(tool.input as unknown as z.ZodType, { io: "input", unrepresentable: "any" }) as Record<string, unknown>,
        output: outputJsonSchema(tool.name),
      })),
    }),
  );

  app.post(
    "/tools/:name",
    {
      config: staff,
      schema: {
        tags,
        operationId: "runTool",
        summary: "Run a retail tool as staff (actions need a verified customerId; requestId makes them idempotent)",
        description:
          "The output is the named tool's (`output` in GET /tools). Failures are errors: 404 unknown order/store/variant (another customer's order too), 403 VERIFICATION_REQUIRED, 409 refusals with `details.rule`, 503 UPSTREAM_UNAVAILABLE.",
        params: z.strictObject({ name: z.string().min(1).max(64) }),
        body: z.strictObject({
          input: z.record(z.string(), z.unknown()).default({}),
          customerId: z.string().min(1).max(64).optional(),
          requestId: z.string().min(1).max(128).optional(),
          caseId: z.string().min(1).max(64).optional(),
        }),
        response: { 200: anyToolOutput, ...responses },
      },
    },
    (request) =>
      call(request, request.params.name, request.body.input, {
        customerId: request.body.customerId,
        requestId: request.body.requestId,
        caseId: request.body.caseId,
      }),
  );

  app.get(
    "/orders/:number",
    {
      config: staff,
      schema: {
        tags: ["orders"],
        operationId: "getOrder",
        summary: "One order with lines, payments, refunds, shipments and a plain-language status",
        params: z.strictObject({ number: z.string().min(1).max(64) }),
        querystring: z.strictObject({ customerId: z.string().min(1).max(64).optional() }),
        response: { 200: orderListResult, ...responses },
      },
    },
    (request) => call(request, "order.lookup", { orderNumber: request.params.number }, { customerId: request.query.customerId }),
  );

  app.get(
    "/orders",
    {
      config: staff,
      schema: {
        tags: ["orders"],
        operationId: "listOrders",
        summary: "A verified customer's recent orders",
        querystring: z.strictObject({
          customerId: z.string().min(1).max(64),
          limit: z.coerce.number().int().min(1).max(50).default(10),
        }),
        response: { 200: orderListResult, ...responses },
      },
    },
    (request) => call(request, "order.lookup", { limit: request.query.limit }, { customerId: request.query.customerId }),
  );

  const coords = {
    latitude: z.coerce.number().min(-90).max(90).optional(),
    longitude: z.coerce.number().min(-180).max(180).optional(),
    postalCode: z.string().min(1).max(20).optional(),
    country: z.string().regex(/^[A-Z]{2}$/).optional(),
  };

  app.get(
    "/stores",
    {
      config: staff,
      schema: {
        tags: ["stores"],
        operationId: "findStores",
        summary: "Nearest stores to a point or postal code, with distance and open-now",
        querystring: z.strictObject({ ...coords, limit: z.coerce.number().int().min(1).max(50).default(5) }),
        response: { 200: storeListResult, ...responses },
      },
    },
    (request) => call(request, "stores.find", request.query),
  );

  app.get(
    "/stores/:code/hours",
    {
      config: staff,
      schema: {
        tags: ["stores"],
        operationId: "getStoreHours",
        summary: "Open now, today's hours, the week ahead and any date's hours in the store's time zone",
        params: z.strictObject({ code: z.string().min(1).max(64) }),
        querystring: z.strictObject({ date: z.string().max(10).optional().describe("Store-local date YYYY-MM-DD") }),
        response: { 200: storeHoursResult, ...responses },
      },
    },
    (request) => call(request, "stores.hours", { storeCode: request.params.code, ...(request.query.date ? { date: request.query.date } : {}) }),
  );

  app.get(
    "/products",
    {
      config: staff,
      schema: {
        tags: ["products"],
        operationId: "searchProducts",
        summary: "Typo-tolerant full-text catalogue search",
        querystring: z.strictObject({
          q: z.string().min(1).max(200),
          category: z.string().min(1).max(64).optional(),
          limit: z.coerce.number().int().min(1).max(50).default(10),
        }),
        response: { 200: productListResult, ...responses },
      },
    },
    (request) =>
      call(request, "products.search", { query: request.query.q, category: request.query.category, limit: request.query.limit }),
  );

  app.get(
    "/products/:productId",
    {
      config: staff,
      schema: {
        tags: ["products"],
        operationId: "getProduct",
        summary: "A product with its variants",
        params: z.strictObject({ productId: z.string().min(1).max(64) }),
        response: { 200: productResult, ...responses },
      },
    },
    (request) => call(request, "products.get", { productId: request.params.productId }),
  );

  app.get(
    "/inventory/:sku",
    {
      config: staff,
      schema: {
        tags: ["inventory"],
        operationId: "checkInventory",
        summary: "Stock of a variant at a store, or nearby stores that have it",
        params: z.strictObject({ sku: z.string().min(1).max(64) }),
        querystring: z.strictObject({
          ...coords,
          storeCode: z.string().min(1).max(64).optional(),
          quantity: z.coerce.number().int().max(1000).optional(),
        }),
        response: { 200: inventoryResult, ...responses },
      },
    },
    (request) => call(request, "inventory.check", { sku: request.params.sku, ...request.query }),
  );
};
