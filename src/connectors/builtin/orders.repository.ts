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

/** node-postgres and PGlite both put result rows under `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

export function ordersRepository(db: Db) {
  return {
    /** Inserts new orders, rewrites changed ones and leaves identical ones untouched. */
    async upsert(workspaceId: string, items: OrderUpsert[], now: Date): Promise<UpsertCounts> {
      if (items.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      const updatedAt = now.toISOString();
      const rows = items.map(({ order, hash, source }) => ({
        id: newId("order", now.getTime()),
        workspace_id: workspaceId,
        number: order.number,
        status: order.status,
        customer_email: order.customer.email?.toLowerCase() ?? null,
        customer_ref: order.customer.externalId ?? null,
        placed_at: order.placedAt ?? null,
        total: order.totals.total.toFixed(2),
        doc: order,
        content_hash: hash,
        source,
        updated_at: updatedAt,
      }));
      // One JSON parameter per batch instead of ~10 per row: the query stays small and cheap to
      // build, which is most of the cost of a large import.
      const result = await db.execute<{ inserted: boolean }>(sql`
        INSERT INTO retail_orders AS o
          (id, workspace_id, number, status, customer_email, customer_ref, placed_at, total, doc, content_hash, source, updated_at)
        SELECT r.id, r.workspace_id, r.number, r.status, r.customer_email, r.customer_ref, r.placed_at, r.total, r.doc,
               r.content_hash, r.source, r.updated_at
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(
          id text, workspace_id text, number text, status text, customer_email text, customer_ref text,
          placed_at timestamptz, total numeric, doc jsonb, content_hash text, source text, updated_at timestamptz)
        ON CONFLICT (workspace_id, number) DO UPDATE SET
          status = excluded.status, customer_email = excluded.customer_email, customer_ref = excluded.customer_ref,
          placed_at = excluded.placed_at, total = excluded.total, doc = excluded.doc,
          content_hash = excluded.content_hash, source = excluded.source, updated_at = excluded.updated_at
        WHERE o.content_hash <> excluded.content_hash
        RETURNING (xmax = 0) AS inserted`);
      const written = rowsOf<{ inserted: boolean }>(result);
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
