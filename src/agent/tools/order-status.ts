import { z } from "zod";
import type { DeliveryEstimate, OrderView } from "./lib/order-view";
import { toOrderView } from "./lib/order-view";
import { orderNumberInput } from "./order-lookup";
import { guarded, type RetailToolDeps } from "./retail-tool-deps";
import { loadScopedOrder } from "./scoped-order";
import { ok, type Tool } from "./tool";

const input = z.strictObject({ orderNumber: orderNumberInput });

export type OrderStatusOutput = {
  number: string;
  status: OrderView["status"];
  statusText: string;
  carrier: string | null;
  trackingNumbers: string[];
  trackingUrl: string | null;
  lastTrackingEvent: OrderView["lastTrackingEvent"];
  delivery: DeliveryEstimate | null;
};

/** Where an order is, in plain words, with the latest carrier event and the delivery estimate. */
export function orderStatusTool(deps: RetailToolDeps): Tool<z.output<typeof input>, OrderStatusOutput> {
  return {
    name: "order.status",
    description: "Plain-language status of an order with its last tracking event and delivery estimate.",
    input,
    requiresVerifiedCustomer: true,
    mutates: false,
    run: (ctx, args) =>
      guarded(async () => {
        const found = await loadScopedOrder(deps, ctx, args.orderNumber);
        if (!found.ok) return found;
        const shipping = (await deps.policies.shippingPolicy(ctx.workspaceId, ctx.now)).value;
        const view = toOrderView(found.data.order, shipping, ctx.now);
        const shipment = view.fulfilments.find((f) => f.carrier || f.trackingNumbers.length);
        return ok({
          number: view.number,
          status: view.status,
          statusText: view.statusText,
          carrier: shipment?.carrier ?? null,
          trackingNumbers: view.trackingNumbers,
          trackingUrl: shipment?.trackingUrl ?? null,
          lastTrackingEvent: view.lastTrackingEvent,
          delivery: view.delivery,
        });
      }),
  };
}
