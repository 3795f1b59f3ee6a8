/** Stock of one variant at one location (store or fulfilment centre). */
export type InventoryLevel = { sku: string; location: string; quantity: number; updatedAt: string | null };

/** Reads stock levels; a missing row means none in stock at that location. */
export interface InventorySystem {
  readonly name: string;
  /** Levels of a variant, optionally restricted to some locations. */
  levels(workspaceId: string, sku: string, locations?: string[]): Promise<InventoryLevel[]>;
}
