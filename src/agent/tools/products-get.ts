import { z } from "zod";
import type { Product } from "../../connectors";
import { guarded, type RetailToolDeps } from "./retail-tool-deps";
import { fail, ok, type Tool } from "./tool";

const input = z
  .strictObject({
    productId: z.string().trim().min(1).max(64).optional(),
    sku: z.string().trim().min(1).max(64).optional(),
  })
  .refine((v) => Boolean(v.productId) !== Boolean(v.sku), { message: "give exactly one of productId or sku", path: ["productId"] });

/** A product with all its variants, options, prices and availability. */
export function productsGetTool(deps: RetailToolDeps): Tool<z.output<typeof input>, { product: Product }> {
  return {
    name: "products.get",
    description: "Get a product with all its variants (options, price, availability) by product id or by a variant's SKU.",
    input,
    requiresVerifiedCustomer: false,
    mutates: false,
    run: (ctx, args) =>
      guarded(async () => {
        const connectors = await deps.connectors.forWorkspace(ctx.workspaceId);
        let productId = args.productId;
        if (args.sku) {
          const variant = await connectors.catalogue.getVariant(ctx.workspaceId, args.sku);
          if (!variant) return fail({ code: "PRODUCTS_VARIANT_NOT_FOUND", message: `no product variant with SKU ${args.sku}` });
          productId = variant.product.id;
        }
        const product = productId ? await connectors.catalogue.getProduct(ctx.workspaceId, productId) : null;
        if (!product) return fail({ code: "PRODUCTS_NOT_FOUND", message: `no product ${productId}` });
        return ok({ product });
      }),
  };
}
