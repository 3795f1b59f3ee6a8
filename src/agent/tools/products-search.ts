import { z } from "zod";
import type { ProductHit } from "../../connectors";
import { guarded, type RetailToolDeps } from "./retail-tool-deps";
import { ok, type Tool } from "./tool";

const input = z.strictObject({
  query: z.string().trim().min(1).max(200),
  category: z.string().trim().min(1).max(64).optional(),
  limit: z.number().int().min(1).max(50).default(10),
});

/** Full-text catalogue search that tolerates small typos. */
export function productsSearchTool(deps: RetailToolDeps): Tool<z.output<typeof input>, { products: ProductHit[] }> {
  return {
    name: "products.search",
    description: "Search the product catalogue by words in the name, brand, category or description; tolerant of small typos.",
    input,
    requiresVerifiedCustomer: false,
    mutates: false,
    run: (ctx, args) =>
      guarded(async () => {
        const connectors = await deps.connectors.forWorkspace(ctx.workspaceId);
        const products = await connectors.catalogue.search(ctx.workspaceId, args.query, {
          limit: args.limit,
          category: args.category,
        });
        return ok({ products });
      }),
  };
}
