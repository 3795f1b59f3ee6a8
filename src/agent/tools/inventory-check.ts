import { z } from "zod";
import { haversineKm, type Store, type WorkspaceConnectors } from "../../connectors";
import { matchVariants } from "./lib/match-variant";
import { hasLocation, locationFields, resolveLocation } from "./location-input";
import { guarded, type RetailToolDeps } from "./retail-tool-deps";
import { storeSummary, type StoreSummary } from "./stores-find";
import { fail, ok, type Tool, type ToolContext, type ToolResult } from "./tool";

const input = z
  .strictObject({
    sku: z.string().trim().min(1).max(64).optional().describe("Variant SKU: one exact variant"),
    productId: z.string().trim().min(1).max(64).optional().describe("Product id: stock of its variants, narrowed by options"),
    options: z
      .record(z.string().trim().min(1).max(32), z.string().trim().min(1).max(64))
      .optional()
      .describe('Options the shopper named, e.g. {"size":"M","colour":"Navy"}; matched exactly, never substituted'),
    quantity: z.number().int().min(1, "quantity must be at least 1").max(1000).default(1),
    storeCode: z.string().trim().min(1).max(64).optional(),
    ...locationFields,
    limit: z.number().int().min(1).max(20).default(5),
  })
  .refine((v) => Boolean(v.sku) !== Boolean(v.productId), { message: "give a sku or a productId", path: ["sku"] })
  .refine((v) => !(v.sku && v.options), { message: "options narrow a productId; a sku is already one variant", path: ["options"] });
type Input = z.output<typeof input>;

export type VariantStock = {
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

export type InventoryCheckOutput =
  /** One variant: the SKU given, or the only variant with every option named. */
  | (VariantStock & { match: "sku" | "exact" })
  /** The options named fit several variants: the stock of each, so the shopper sees what is there. */
  | {
      match: "several";
      product: { id: string; title: string };
      requested: Record<string, string>;
      store: StoreSummary | null;
      variants: { sku: string; options: Record<string, string>; quantity: number; inStock: boolean }[];
      offered: Record<string, string[]>;
    }
  /** No variant has the options named: what the product does come in. */
  | { match: "none"; product: { id: string; title: string }; requested: Record<string, string>; offered: Record<string, string[]> };

type Located = { stores: Store[]; connectors: WorkspaceConnectors };

/** Stock of one variant at the requested store, online, and in the nearest stores. */
async function variantStock(ctx: ToolContext, args: Input, where: Located, variant: { sku: string; options: Record<string, string> }, product: { id: string; title: string }): Promise<ToolResult<VariantStock>> {
  const { stores, connectors } = where;
  const levels = await connectors.inventory.levels(ctx.workspaceId, variant.sku);
  const qty = new Map(levels.map((level) => [level.location, level.quantity]));
  const centres = new Set(stores.filter((s) => s.kind === "fulfilment_centre").map((s) => s.code));
  let atStore: VariantStock["atStore"] = null;
  let origin = null as { latitude: number; longitude: number } | null;
  const store = args.storeCode ? stores.find((s) => s.code === args.storeCode) : undefined;
  if (store) {
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
  return ok({ sku: variant.sku, product, options: variant.options, quantityWanted: args.quantity, atStore, nearby, onlineQuantity });
}

/** Stock of a variant (by SKU, or by a product and the options the shopper named) at a store or nearby. */
export function inventoryCheckTool(deps: RetailToolDeps): Tool<Input, InventoryCheckOutput> {
  return {
    name: "inventory.check",
    description:
      "Check stock at a store, online or nearby: of one variant (SKU), or of a product's variants matching the options the shopper named (exact match; several matches list each variant's stock).",
    input,
    requiresVerifiedCustomer: false,
    mutates: false,
    run: (ctx, args) =>
      guarded(async () => {
        const connectors = await deps.connectors.forWorkspace(ctx.workspaceId);
        const stores = await connectors.stores.list(ctx.workspaceId);
        const store = args.storeCode ? stores.find((s) => s.code === args.storeCode) : undefined;
        if (args.storeCode && !store) return fail({ code: "STORES_NOT_FOUND", message: `no store with code ${args.storeCode}` });
        const where = { stores, connectors };
        if (args.sku) {
          const variant = await connectors.catalogue.getVariant(ctx.workspaceId, args.sku);
          if (!variant) return fail({ code: "PRODUCTS_VARIANT_NOT_FOUND", message: `no product variant with SKU ${args.sku}` });
          const stock = await variantStock(ctx, args, where, variant, { id: variant.product.id, title: variant.product.title });
          return stock.ok ? ok({ ...stock.data, match: "sku" as const }) : stock;
        }
        const productId = args.productId ?? "";
        const found = await connectors.catalogue.getProduct(ctx.workspaceId, productId);
        if (!found) return fail({ code: "PRODUCTS_NOT_FOUND", message: `no product ${productId}` });
        const product = { id: found.id, title: found.title };
        const requested = args.options ?? {};
        const { matches, offered } = matchVariants(found.variants, requested);
        if (matches.length === 0) return ok({ match: "none" as const, product, requested, offered });
        const [only] = matches;
        if (only && matches.length === 1) {
          const stock = await variantStock(ctx, args, where, only, product);
          return stock.ok ? ok({ ...stock.data, match: "exact" as const }) : stock;
        }
        const centres = new Set(stores.filter((s) => s.kind === "fulfilment_centre").map((s) => s.code));
        const variants = [];
        for (const variant of matches) {
          const levels = await connectors.inventory.levels(ctx.workspaceId, variant.sku);
          // At a named store, its shelf; otherwise what can be ordered online.
          const quantity = levels
            .filter((l) => (store ? l.location === store.code : centres.has(l.location)))
            .reduce((sum, l) => sum + l.quantity, 0);
          variants.push({ sku: variant.sku, options: variant.options, quantity, inStock: quantity >= args.quantity && variant.available });
        }
        return ok({
          match: "several" as const,
          product,
          requested,
          store: store ? storeSummary(store, 0, ctx.now) : null,
          variants,
          offered,
        });
      }),
  };
}
