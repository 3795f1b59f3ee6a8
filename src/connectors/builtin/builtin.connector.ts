import type { Db } from "../../db/client";
import type { Catalogue } from "../catalogue";
import type { InventorySystem } from "../inventory";
import type { OrderSystem } from "../order-system";
import type { StoreDirectory } from "../store-directory";
import { catalogueRepository } from "./catalogue.repository";
import { inventoryRepository } from "./inventory.repository";
import { ordersRepository } from "./orders.repository";
import { storesRepository } from "./stores.repository";

export type BuiltinConnector = {
  orders: OrderSystem;
  inventory: InventorySystem;
  stores: StoreDirectory;
  catalogue: Catalogue;
};

/** The default connector: retail data kept in Throughline's own database, fed by imports and webhooks. */
export function createBuiltinConnector(deps: { db: Db }): BuiltinConnector {
  const { db } = deps;
  return {
    orders: {
      name: "builtin",
      async getOrder(workspaceId, number) {
        return (await ordersRepository(db).findByNumber(workspaceId, number))?.doc ?? null;
      },
      async listOrders(workspaceId, owner, options) {
        return (await ordersRepository(db).listByOwner(workspaceId, owner, options.limit)).map((row) => row.doc);
      },
    },
    inventory: {
      name: "builtin",
      levels: (workspaceId, sku, locations) => inventoryRepository(db).levels(workspaceId, sku, locations),
    },
    stores: {
      list: (workspaceId) => storesRepository(db).list(workspaceId),
      get: (workspaceId, code) => storesRepository(db).get(workspaceId, code),
      locatePostalCode: (workspaceId, country, postalCode) =>
        storesRepository(db).locatePostalCode(workspaceId, country, postalCode),
    },
    catalogue: {
      search: (workspaceId, query, options) => catalogueRepository(db).search(workspaceId, query, options),
      getProduct: (workspaceId, id) => catalogueRepository(db).getProduct(workspaceId, id),
      getVariant: (workspaceId, sku) => catalogueRepository(db).getVariant(workspaceId, sku),
    },
  };
}
