import { z } from "zod";
import { haversineKm } from "../../connectors";
import { hasLocation, locationFields, resolveLocation } from "./location-input";
import { guarded, type RetailToolDeps } from "./retail-tool-deps";
import { storeSummary, type StoreSummary } from "./stores-find";
import { fail, ok, type Tool } from "./tool";

const input = z.strictObject({
  sku: z.string().trim().min(1).max(64).describe("Variant SKU"),
  quantity: z.number().int().min(1, "quantity must be at least 1").max(1000).default(1),
  storeCode: z.string().trim().min(1).max(64).optional(),
  ...locationFields,
  limit: z.number().int().min(1).max(20).default(5),
});

export type InventoryCheckOutput = {
  sku: string;
  product: { id: string; title: string };
  options: Record<string, string>;
  quantityWanted: number;
  /** The requested store, when one was given. */
  atStore: { store: StoreSummary; quantity: number; inStock: boolean } | null;
  /** Nearby stores with enough stock, closest first (when a location was given). */
  nearby: { store: StoreSummary; quantity: number }[];
  onlineQuantity: number;
};

/** Stock of a variant at a store, or the nearest stores that have it. */
export function inventoryCheckTool(deps: RetailToolDeps): Tool<z.output<typeof input>, InventoryCheckOutput> {
  return {
    name: "inventory.check",
    description: "Check whether a product variant (SKU) is in stock at a store, or which nearby stores have it.",
    input,
    requiresVerifiedCustomer: false,
    mutates: false,
    run: (ctx, args) =>
      guarded(async () => {
        const connectors = await deps.connectors.forWorkspace(ctx.workspaceId);
        const variant = await connectors.catalogue.getVariant(ctx.workspaceId, args.sku);
        if (!variant) return fail({ code: "PRODUCTS_VARIANT_NOT_FOUND", message: `no product variant with SKU ${args.sku}` });
        const stores = await connectors.stores.list(ctx.workspaceId);
        const levels = await connectors.inventory.levels(ctx.workspaceId, args.sku);
        const qty = new Map(levels.map((level) => [level.location, level.quantity]));
        const centres = new Set(stores.filter((s) => s.kind === "fulfilment_centre").map((s) => s.code));

        let atStore: InventoryCheckOutput["atStore"] = null;
        let origin = null as { latitude: number; longitude: number } | null;
        if (args.storeCode) {
          const store = stores.find((s) => s.code === args.storeCode);
          if (!store) return fail({ code: "STORES_NOT_FOUND", message: `no store with code ${args.storeCode}` });
          const quantity = qty.get(store.code) ?? 0;
          atStore = { store: storeSummary(store, 0, ctx.now), quantity, inStock: quantity >= args.quantity };
          origin = store;
        }
        if (hasLocation(args)) {
          const point = await resolveLocation(connectors, ctx.workspaceId, args);
          if (!point.ok) return point;
          origin = point.data;
        }
        const nearby = origin
          ? stores
              .filter((s) => s.kind === "store" && s.code !== args.storeCode && (qty.get(s.code) ?? 0) >= args.quantity)
              .map((s) => ({ s, distance: haversineKm(origin, s) }))
              .sort((a, b) => a.distance - b.distance)
              .slice(0, args.limit)
              .map(({ s, distance }) => ({ store: storeSummary(s, distance, ctx.now), quantity: qty.get(s.code) ?? 0 }))
          : [];
        const onlineQuantity = levels.filter((l) => centres.has(l.location)).reduce((sum, l) => sum + l.quantity, 0);
        return ok({
          sku: variant.sku,
          product: { id: variant.product.id, title: variant.product.title },
          options: variant.options,
          quantityWanted: args.quantity,
          atStore,
          nearby,
          onlineQuantity,
        });
      }),
  };
}
