import { z } from "zod";
import { toOrderView, type OrderView } from "./lib/order-view";
import { guarded, resolveScope, type RetailToolDeps } from "./retail-tool-deps";
import { loadScopedOrder } from "./scoped-order";
import { fail, ok, type Tool } from "./tool";

export const orderNumberInput = z.string().trim().min(1).max(64).describe("Order number as the shopper quotes it, e.g. 1001 or #W2378156");

const input = z.strictObject({
  orderNumber: orderNumberInput.optional(),
  limit: z.number().int().min(1).max(50).default(10).describe("When listing the customer's orders"),
});

export type OrderLookupOutput = { orders: OrderView[] };

/** One order by number, or the verified customer's recent orders. */
export function orderLookupTool(deps: RetailToolDeps): Tool<z.output<typeof input>, OrderLookupOutput> {
  return {
    name: "order.lookup",
    description: "Find an order by its number, or list the verified customer's recent orders, with lines, payments, refunds and shipments.",
    input,
    requiresVerifiedCustomer: true,
    mutates: false,
    run: (ctx, args) =>
      guarded(async () => {
        const shipping = (await deps.policies.shippingPolicy(ctx.workspaceId, ctx.now)).value;
        if (args.orderNumber) {
          const found = await loadScopedOrder(deps, ctx, args.orderNumber);
          if (!found.ok) return found;
          return ok({ orders: [toOrderView(found.data.order, shipping, ctx.now)] });
        }
        const scope = await resolveScope(deps, ctx);
        if (!scope.ok) return scope;
        if (scope.data.kind !== "customer") {
          return fail({ code: "ORDERS_CUSTOMER_REQUIRED", message: "give an order number, or a customer to list orders for" });
        }
        const connectors = await deps.connectors.forWorkspace(ctx.workspaceId);
        const orders = await connectors.orders.listOrders(ctx.workspaceId, scope.data.owner, { limit: args.limit });
        return ok({ orders: orders.map((order) => toOrderView(order, shipping, ctx.now)) });
      }),
  };
}
