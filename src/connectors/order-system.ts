import type { Order } from "./retail-records";

/** Keys that tie an order to a customer: their email addresses and external (OMS) ids. */
export type OrderOwnerKeys = { emails: string[]; externalIds: string[] };

/**
 * Reads orders from a retail system: the built-in one over our database, or a retailer's API.
 * Implementations throw `AppError("unavailable", "CONNECTORS_UPSTREAM_UNAVAILABLE")` when the
 * system cannot answer in time, and return `null` for an unknown order.
 */
export interface OrderSystem {
  readonly name: string;
  getOrder(workspaceId: string, number: string): Promise<Order | null>;
  listOrders(workspaceId: string, owner: OrderOwnerKeys, options: { limit: number }): Promise<Order[]>;
}
