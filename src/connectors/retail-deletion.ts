import { sql, type SQL } from "drizzle-orm";
import { notFound } from "../core/errors";
import type { Db } from "../db/client";

export type RetailDeletion = ReturnType<typeof createRetailDeletion>;

/**
 * Deletes retail records kept by the built-in connector. Tools read these tables on every call,
 * so the agent stops citing a deleted record at once. Dependent rows go in the same transaction.
 */
export function createRetailDeletion(deps: { db: Db }) {
  const affected = (result: unknown) => {
    const r = result as { affectedRows?: number; rowCount?: number | null };
    return r.affectedRows ?? r.rowCount ?? 0;
  };
  const removeOrFail = async (db: Db, query: SQL, code: string, what: string) => {
    if (!affected(await db.execute(query))) throw notFound(code, `${what} not found`);
  };

  return {
    async order(workspaceId: string, number: string): Promise<void> {
      await deps.db.transaction(async (tx) => {
        await tx.execute(sql`DELETE FROM retail_returns WHERE workspace_id = ${workspaceId}
          AND order_id IN (SELECT id FROM retail_orders WHERE workspace_id = ${workspaceId} AND number = ${number})`);
        await removeOrFail(tx, sql`DELETE FROM retail_orders WHERE workspace_id = ${workspaceId} AND number = ${number}`, "RETAIL_ORDER_NOT_FOUND", "order");
      });
    },

    async product(workspaceId: string, externalId: string): Promise<void> {
      await deps.db.transaction(async (tx) => {
        await tx.execute(sql`DELETE FROM retail_inventory WHERE workspace_id = ${workspaceId} AND sku IN (
          SELECT v.sku FROM retail_variants v JOIN retail_products p ON p.id = v.product_id
          WHERE p.workspace_id = ${workspaceId} AND p.external_id = ${externalId})`);
        await removeOrFail(tx, sql`DELETE FROM retail_products WHERE workspace_id = ${workspaceId} AND external_id = ${externalId}`, "RETAIL_PRODUCT_NOT_FOUND", "product");
      });
    },

    async variant(workspaceId: string, sku: string): Promise<void> {
      await deps.db.transaction(async (tx) => {
        await tx.execute(sql`DELETE FROM retail_inventory WHERE workspace_id = ${workspaceId} AND sku = ${sku}`);
        await removeOrFail(tx, sql`DELETE FROM retail_variants WHERE workspace_id = ${workspaceId} AND sku = ${sku}`, "RETAIL_VARIANT_NOT_FOUND", "variant");
      });
    },

    async store(workspaceId: string, code: string): Promise<void> {
      await deps.db.transaction(async (tx) => {
        await tx.execute(sql`DELETE FROM retail_inventory WHERE workspace_id = ${workspaceId} AND location_code = ${code}`);
        await removeOrFail(tx, sql`DELETE FROM retail_stores WHERE workspace_id = ${workspaceId} AND code = ${code}`, "RETAIL_STORE_NOT_FOUND", "store");
      });
    },

    async inventory(workspaceId: string, locationCode: string, sku: string): Promise<void> {
      await removeOrFail(
        deps.db,
        sql`DELETE FROM retail_inventory WHERE workspace_id = ${workspaceId} AND location_code = ${locationCode} AND sku = ${sku}`,
        "RETAIL_INVENTORY_NOT_FOUND",
        "inventory level",
      );
    },
  };
}
