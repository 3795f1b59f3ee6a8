import { and, eq, inArray, or, sql, desc, type SQL } from "drizzle-orm";
import { newId } from "../../core/ids";
import type { Db } from "../../db/client";
import type { Order } from "../retail-records";
import { orderNumberVariants } from "../lib/order-number-variants";
import type { OrderOwnerKeys } from "../order-system";
import { retailActionRequests, retailOrders, retailReturns, type ReturnLine } from "./retail.schema";

export type OrderRow = typeof retailOrders.$inferSelect;
export type UpsertCounts = { inserted: number; updated: number; unchanged: number };
export type OrderUpsert = { order: Order; hash: string; source: string };

export function ordersRepository(db: Db) {
  return {
    /** Inserts new orders, rewrites changed ones and leaves identical ones untouched. */
    async upsert(workspaceId: string, items: OrderUpsert[], now: Date): Promise<UpsertCounts> {
      if (items.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      const rows = items.map(({ order, hash, source }) => ({
        id: newId("order", now.getTime()),
        workspaceId,
        number: order.number,
        status: order.status,
        customerEmail: order.customer.email?.toLowerCase() ?? null,
        customerRef: order.customer.externalId ?? null,
        placedAt: order.placedAt ? new Date(order.placedAt) : null,
        total: order.totals.total.toFixed(2),
        doc: order,
        contentHash: hash,
        source,
        updatedAt: now,
      }));
      const written = await db
        .insert(retailOrders)
        .values(rows)
        .onConflictDoUpdate({
          target: [retailOrders.workspaceId, retailOrders.number],
          set: {
            status: sql`excluded.status`,
            customerEmail: sql`excluded.customer_email`,
            customerRef: sql`excluded.customer_ref`,
            placedAt: sql`excluded.placed_at`,
            total: sql`excluded.total`,
            doc: sql`excluded.doc`,
            contentHash: sql`excluded.content_hash`,
            source: sql`excluded.source`,
            updatedAt: sql`excluded.updated_at`,
          },
          setWhere: sql`${retailOrders.contentHash} <> excluded.content_hash`,
        })
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      const inserted = written.filter((row) => row.inserted).length;
      return { inserted, updated: written.length - inserted, unchanged: items.length - written.length };
    },

    async findByNumber(workspaceId: string, number: string, lock = false): Promise<OrderRow | undefined> {
      const variants = orderNumberVariants(number);
      if (variants.length === 0) return undefined;
      const query = db
        .select()
        .from(retailOrders)
        .where(and(eq(retailOrders.workspaceId, workspaceId), inArray(retailOrders.number, variants)))
        .limit(1);
      const [row] = lock ? await query.for("update") : await query;
      return row;
    },

    async listByOwner(workspaceId: string, owner: OrderOwnerKeys, limit: number): Promise<OrderRow[]> {
      const matches: SQL[] = [];
      if (owner.emails.length) matches.push(inArray(retailOrders.customerEmail, owner.emails));
      if (owner.externalIds.length) matches.push(inArray(retailOrders.customerRef, owner.externalIds));
      if (matches.length === 0) return [];
      return db
        .select()
        .from(retailOrders)
        .where(and(eq(retailOrders.workspaceId, workspaceId), or(...matches)))
        .orderBy(desc(retailOrders.placedAt), desc(retailOrders.number))
        .limit(limit);
    },

    async replaceDoc(workspaceId: string, id: string, doc: Order, hash: string, now: Date): Promise<void> {
      await db
        .update(retailOrders)
        .set({ doc, status: doc.status, contentHash: hash, total: doc.totals.total.toFixed(2), updatedAt: now })
        .where(and(eq(retailOrders.workspaceId, workspaceId), eq(retailOrders.id, id)));
    },

    async insertReturn(row: {
      workspaceId: string;
      orderId: string;
      kind: "return" | "exchange";
      lines: ReturnLine[];
      reason: string;
      refundAmount: number;
      customerId: string | null;
      createdAt: Date;
    }): Promise<string> {
      const id = newId("return", row.createdAt.getTime());
      await db.insert(retailReturns).values({ ...row, id, refundAmount: row.refundAmount.toFixed(2) });
      return id;
    },

    async findRequest(workspaceId: string, requestId: string) {
      const [row] = await db
        .select()
        .from(retailActionRequests)
        .where(and(eq(retailActionRequests.workspaceId, workspaceId), eq(retailActionRequests.requestId, requestId)));
      return row;
    },

    /** False when the request id was taken meanwhile (a concurrent duplicate). */
    async insertRequest(row: typeof retailActionRequests.$inferInsert): Promise<boolean> {
      const inserted = await db
        .insert(retailActionRequests)
        .values(row)
        .onConflictDoNothing()
        .returning({ requestId: retailActionRequests.requestId });
      return inserted.length > 0;
    },
  };
}
