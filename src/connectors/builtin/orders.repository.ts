import { and, eq, inArray, or, sql, desc, type SQL } from "drizzle-orm";
import { newId } from "../../core/ids";
import type { Db } from "../../db/client";
import type { Order } from "../retail-records";
import { orderNumberVariants } from "../lib/order-number-variants";
import type { OrderOwnerKeys } from "../order-system";
import { retailActionRequests, retailOrders, retailReturns, type ReturnLine } from "./retail.schema";

export type OrderRow = typeof retailOrders.$inferSelect;
/** An incoming record not written because Throughline changed the order after the record's version. */
export type UpsertConflict = { key: string; reason: string };
export type UpsertCounts = { inserted: number; updated: number; unchanged: number; conflicts?: UpsertConflict[] };
/** `json`, when given, is `JSON.stringify(order)` already computed for the hash. */
export type OrderUpsert = { order: Order; hash: string; source: string; json?: string };

/** node-postgres and PGlite both put result rows under `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

type StoredTimes = { localChangedAt: Date | null; sourceUpdatedAt: Date | null };

/**
 * Why an incoming version must not replace the stored order: it is older than the stored
 * version, or Throughline changed the order itself (an agent's cancel) and the record is not
 * newer than that change, or carries no update time to tell.
 */
function reasonToKeepStored(order: Order, stored: StoredTimes | undefined): string | null {
  if (stored?.sourceUpdatedAt && order.updatedAt && new Date(order.updatedAt) < stored.sourceUpdatedAt) {
    // Webhooks arrive out of order and exports go stale: an older version never replaces a newer one.
    return `the stored version is newer (updatedAt ${stored.sourceUpdatedAt.toISOString()}) than this record's ${order.updatedAt}`;
  }
  const localChangedAt = stored?.localChangedAt;
  if (!localChangedAt) return null;
  if (!order.updatedAt) {
    return `changed in Throughline at ${localChangedAt.toISOString()}; the record has no updatedAt to show it is newer, so the change is kept`;
  }
  if (new Date(order.updatedAt) > localChangedAt) return null;
  return `changed in Throughline at ${localChangedAt.toISOString()}, after this record's updatedAt ${order.updatedAt}; the change is kept`;
}

export function ordersRepository(db: Db) {
  return {
    /**
     * Inserts new orders, rewrites changed ones and leaves identical ones untouched. Two
     * statements per batch whatever its size: one reads the stored hashes of the batch's order
     * numbers, one upserts only the new and changed orders (column arrays through `unnest`, so
     * the statement text is constant and no row is sent twice). An unchanged re-import sends
     * nothing but the numbers and locks no row.
     */
    async upsert(workspaceId: string, items: OrderUpsert[], now: Date): Promise<UpsertCounts> {
      if (items.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      const stored = new Map<string, string>();
      const times = new Map<string, StoredTimes>();
      // One index probe per number. A plain `number = ANY(array)` is planned, while the table's
      // statistics lag behind a large import, as a scan of the whole workspace that compares every
      // row with every number of the array: quadratic, 60 ms per batch at 100k orders. LIMIT keeps
      // the lateral subquery from being flattened into such a join.
      type Existing = {
        number: string;
        content_hash: string;
        local_changed_at: Date | string | null;
        source_updated_at: Date | string | null;
      };
      const existing = await db.execute<Existing>(sql`
        SELECT k.number, o.content_hash, o.local_changed_at, o.source_updated_at
        FROM unnest(${sql.param(items.map((item) => item.order.number))}::text[]) AS k(number)
        CROSS JOIN LATERAL (
          SELECT content_hash, local_changed_at, source_updated_at FROM retail_orders
          WHERE workspace_id = ${workspaceId} AND number = k.number
          LIMIT 1
        ) AS o`);
      for (const row of rowsOf<Existing>(existing)) {
        stored.set(row.number, row.content_hash);
        times.set(row.number, {
          localChangedAt: row.local_changed_at ? new Date(row.local_changed_at) : null,
          sourceUpdatedAt: row.source_updated_at ? new Date(row.source_updated_at) : null,
        });
      }
      const conflicts: UpsertConflict[] = [];
      const changed = items.filter((item) => {
        if (stored.get(item.order.number) === item.hash) return false;
        const conflict = reasonToKeepStored(item.order, times.get(item.order.number));
        if (conflict) conflicts.push({ key: item.order.number, reason: conflict });
        return !conflict;
      });
      const kept = conflicts.length > 0 ? { conflicts } : {};
      if (changed.length === 0) return { inserted: 0, updated: 0, unchanged: items.length - conflicts.length, ...kept };

      const column = <T>(pick: (item: OrderUpsert) => T) => sql.param(changed.map(pick));
      // A row that appeared or changed since the read above is still handled by ON CONFLICT, and
      // the counts come from what the statement actually wrote.
      const result = await db.execute<{ written: number; inserted: number }>(sql`
        WITH written AS (
          INSERT INTO retail_orders AS o
            (id, workspace_id, number, status, customer_email, customer_ref, placed_at, total, doc, content_hash, source,
             source_updated_at, updated_at)
          SELECT r.id, ${workspaceId}::text, r.number, r.status, r.customer_email, r.customer_ref, r.placed_at, r.total, r.doc::jsonb,
                 r.content_hash, r.source, r.source_updated_at, ${now.toISOString()}::timestamptz
          FROM unnest(
            ${column(() => newId("order", now.getTime()))}::text[],
            ${column((item) => item.order.number)}::text[],
            ${column((item) => item.order.status)}::text[],
            ${column((item) => item.order.customer.email?.toLowerCase() ?? null)}::text[],
            ${column((item) => item.order.customer.externalId ?? null)}::text[],
            ${column((item) => item.order.placedAt ?? null)}::timestamptz[],
            ${column((item) => item.order.totals.total.toFixed(2))}::numeric[],
            ${column((item) => item.json ?? JSON.stringify(item.order))}::text[],
            ${column((item) => item.hash)}::text[],
            ${column((item) => item.source)}::text[],
            ${column((item) => item.order.updatedAt ?? null)}::timestamptz[]
          ) AS r(id, number, status, customer_email, customer_ref, placed_at, total, doc, content_hash, source, source_updated_at)
          ON CONFLICT (workspace_id, number) DO UPDATE SET
            status = excluded.status, customer_email = excluded.customer_email, customer_ref = excluded.customer_ref,
            placed_at = excluded.placed_at, total = excluded.total, doc = excluded.doc,
            content_hash = excluded.content_hash, source = excluded.source, updated_at = excluded.updated_at,
            source_updated_at = excluded.source_updated_at, local_changed_at = NULL
          -- The same guards as reasonToKeepStored, for a change that committed after the read above.
          WHERE o.content_hash <> excluded.content_hash
            AND (o.source_updated_at IS NULL OR excluded.source_updated_at IS NULL
              OR excluded.source_updated_at >= o.source_updated_at)
            AND (o.local_changed_at IS NULL
              OR (excluded.source_updated_at IS NOT NULL AND excluded.source_updated_at > o.local_changed_at))
          RETURNING (xmax = 0) AS inserted
        )
        SELECT count(*)::int AS written, (count(*) FILTER (WHERE inserted))::int AS inserted FROM written`);
      const [counts] = rowsOf<{ written: number; inserted: number }>(result);
      const written = Number(counts?.written ?? 0);
      const inserted = Number(counts?.inserted ?? 0);
      return { inserted, updated: written - inserted, unchanged: items.length - written - conflicts.length, ...kept };
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
        // local_changed_at: a later import of an older export must not undo this change.
        .set({ doc, status: doc.status, contentHash: hash, total: doc.totals.total.toFixed(2), updatedAt: now, localChangedAt: now })
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
