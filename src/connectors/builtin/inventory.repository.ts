import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { InventoryLevel } from "../inventory";
import type { InventoryRecord } from "../retail-records";
import type { UpsertCounts } from "./orders.repository";
import { retailInventory } from "./retail.schema";

export function inventoryRepository(db: Db) {
  return {
    async upsert(workspaceId: string, items: InventoryRecord[], now: Date): Promise<UpsertCounts> {
      if (items.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      const written = await db
        .insert(retailInventory)
        .values(
          items.map((item) => ({
            workspaceId,
            sku: item.sku,
            locationCode: item.location,
            quantity: item.quantity,
            updatedAt: now,
          })),
        )
        .onConflictDoUpdate({
          target: [retailInventory.workspaceId, retailInventory.sku, retailInventory.locationCode],
          set: { quantity: sql`excluded.quantity`, updatedAt: sql`excluded.updated_at` },
          setWhere: sql`${retailInventory.quantity} <> excluded.quantity`,
        })
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      const inserted = written.filter((row) => row.inserted).length;
      return { inserted, updated: written.length - inserted, unchanged: items.length - written.length };
    },

    async levels(workspaceId: string, sku: string, locations?: string[]): Promise<InventoryLevel[]> {
      const rows = await db
        .select()
        .from(retailInventory)
        .where(
          and(
            eq(retailInventory.workspaceId, workspaceId),
            eq(retailInventory.sku, sku),
            locations ? inArray(retailInventory.locationCode, locations.length ? locations : [""]) : undefined,
          ),
        );
      return rows.map((row) => ({
        sku: row.sku,
        location: row.locationCode,
        quantity: row.quantity,
        updatedAt: row.updatedAt.toISOString(),
      }));
    },
  };
}
