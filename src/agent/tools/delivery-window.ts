import { z } from "zod";
import { haversineKm, storeHoursAt } from "../../connectors";
import { addBusinessDays } from "./lib/add-business-days";
import { deliveryEstimate, type DeliveryEstimate } from "./lib/order-view";
import { shippingMethodKey } from "./lib/shipping-method";
import { locationFields, resolveLocation } from "./location-input";
import { orderNumberInput } from "./order-lookup";
import { guarded, type RetailToolDeps } from "./retail-tool-deps";
import { loadScopedOrder } from "./scoped-order";
import { fail, ok, type Tool } from "./tool";

const input = z
  .strictObject({
    orderNumber: orderNumberInput.optional(),
    sku: z.string().trim().min(1).max(64).optional(),
    storeCode: z.string().trim().min(1).max(64).optional(),
    ...locationFields,
    shippingMethod: z.string().trim().min(1).max(64).default("standard"),
  })
  .refine((v) => Boolean(v.orderNumber) !== Boolean(v.sku), { message: "give an orderNumber or a sku", path: ["orderNumber"] });

export type DeliveryWindowOutput =
  | { kind: "order"; orderNumber: string; status: string; estimate: DeliveryEstimate | null }
  | {
      kind: "pickup";
      sku: string;
      storeCode: string;
      storeName: string;
      /** When the item can be picked up: now if the store is open, else its next opening. */
      readyAt: string | null;
      quantity: number;
    }
  | { kind: "shipping"; sku: string; shippingMethod: string; from: string; to: string; postalCode: string | null; distanceKm: number | null };

/** When an order will arrive, or when a product could reach a postal code or be picked up in a store. */
export function deliveryWindowTool(deps: RetailToolDeps): Tool<z.output<typeof input>, DeliveryWindowOutput> {
  return {
    name: "delivery.window",
    description: "Expected delivery window of an order, or for a product (SKU) shipped to a postal code or picked up at a store.",
    input,
    // Only the order form reads personal data; the product form is public.
    requiresVerifiedCustomer: true,
    mutates: false,
    run: (ctx, args) =>
      guarded(async () => {
        const shipping = (await deps.policies.shippingPolicy(ctx.workspaceId, ctx.now)).value;
        if (args.orderNumber) {
          const found = await loadScopedOrder(deps, ctx, args.orderNumber);
          if (!found.ok) return found;
          const { order } = found.data;
          return ok({ kind: "order" as const, orderNumber: order.number, status: order.status, estimate: deliveryEstimate(order, shipping, ctx.now) });
        }
        const sku = args.sku ?? "";
        const connectors = await deps.connectors.forWorkspace(ctx.workspaceId);
        const variant = await connectors.catalogue.getVariant(ctx.workspaceId, sku);
        if (!variant) return fail({ code: "PRODUCTS_VARIANT_NOT_FOUND", message: `no product variant with SKU ${sku}` });
        const stores = await connectors.stores.list(ctx.workspaceId);
        const levels = await connectors.inventory.levels(ctx.workspaceId, sku);
        const qty = new Map(levels.map((l) => [l.location, l.quantity]));
        if (args.storeCode) {
          const store = stores.find((s) => s.code === args.storeCode);
          if (!store) return fail({ code: "STORES_NOT_FOUND", message: `no store with code ${args.storeCode}` });
          const quantity = qty.get(store.code) ?? 0;
          if (quantity > 0) {
            const hours = storeHoursAt(store, ctx.now);
            return ok({
              kind: "pickup" as const,
              sku,
              storeCode: store.code,
              storeName: store.name,
              readyAt: hours.openNow ? ctx.now.toISOString() : (hours.nextOpening?.at ?? null),
              quantity,
            });
          }
        }
        const method = shippingMethodKey(args.shippingMethod, shipping);
        const transit = method ? shipping.transitDays[method] : undefined;
        if (!method || !transit) {
          return fail({ code: "DELIVERY_METHOD_UNKNOWN", message: `unknown shipping method ${args.shippingMethod}; use one of ${Object.keys(shipping.transitDays).join(", ")}` });
        }
        let postalCode: string | null = null;
        let distanceKm: number | null = null;
        if (args.postalCode || args.latitude !== undefined) {
          const point = await resolveLocation(connectors, ctx.workspaceId, args);
          if (!point.ok) return point;
          postalCode = point.data.postalCode ?? null;
          const centres = stores.filter((s) => s.kind === "fulfilment_centre" && (qty.get(s.code) ?? 0) > 0);
          if (centres.length) distanceKm = Math.round(Math.min(...centres.map((c) => haversineKm(point.data, c))));
        }
        const available = stores.some((s) => s.kind === "fulfilment_centre" && (qty.get(s.code) ?? 0) > 0);
        if (!available || !variant.available) {
          return fail({ code: "INVENTORY_OUT_OF_STOCK", message: `${variant.product.title} (${sku}) is out of stock for delivery` });
        }
        const dispatch = addBusinessDays(ctx.now, 1);
        return ok({
          kind: "shipping" as const,
          sku,
          shippingMethod: method,
          from: addBusinessDays(dispatch, transit.min).toISOString(),
          to: addBusinessDays(dispatch, transit.max).toISOString(),
          postalCode,
          distanceKm,
        });
      }),
  };
}
