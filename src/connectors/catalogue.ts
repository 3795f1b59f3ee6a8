import type { Product, Variant } from "./retail-records";

export type ProductHit = {
  id: string;
  title: string;
  category: string;
  brand: string;
  finalSale: boolean;
  priceFrom: number;
  currency: string;
  available: boolean;
  score: number;
};

export type VariantWithProduct = Variant & {
  product: { id: string; title: string; category: string; finalSale: boolean };
};

/** The product catalogue: full-text, typo-tolerant search and lookups by product id or SKU. */
export interface Catalogue {
  search(workspaceId: string, query: string, options: { limit: number; category?: string }): Promise<ProductHit[]>;
  getProduct(workspaceId: string, productId: string): Promise<Product | null>;
  getVariant(workspaceId: string, sku: string): Promise<VariantWithProduct | null>;
}
