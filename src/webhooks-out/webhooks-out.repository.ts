import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { webhookEndpoints } from "./webhooks-out.schema";

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

export function webhookEndpointsRepository(db: Db) {
  return {
    async insert(row: EndpointRow): Promise<EndpointRow> {
      const [stored] = await db.insert(webhookEndpoints).values(row).returning();
      return stored!;
    },

    async find(workspaceId: string, id: string): Promise<EndpointRow | null> {
      const [row] = await db
        .select()
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)));
      return row ?? null;
    },

    list(workspaceId: string): Promise<EndpointRow[]> {
      return db
        .select()
        .from(webhookEndpoints)
        .where(eq(webhookEndpoints.workspaceId, workspaceId))
        .orderBy(asc(webhookEndpoints.id));
    },

    /** Enabled endpoints that receive `type`. */
    subscribers(workspaceId: string, type: string): Promise<EndpointRow[]> {
      return db
        .select()
        .from(webhookEndpoints)
        .where(
          and(
            eq(webhookEndpoints.workspaceId, workspaceId),
            eq(webhookEndpoints.enabled, true),
            sql`${type} = ANY(${webhookEndpoints.eventTypes})`,
          ),
        )
        .orderBy(asc(webhookEndpoints.id));
    },

    async update(
      workspaceId: string,
      id: string,
      patch: Partial<Pick<EndpointRow, "url" | "description" | "eventTypes" | "enabled" | "secret">>,
      now: Date,
    ): Promise<EndpointRow | null> {
      const [row] = await db
        .update(webhookEndpoints)
        .set({ ...patch, updatedAt: now })
        .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
        .returning();
      return row ?? null;
    },

    async remove(workspaceId: string, id: string): Promise<boolean> {
      const removed = await db
        .delete(webhookEndpoints)
        .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.id, id)))
        .returning({ id: webhookEndpoints.id });
      return removed.length > 0;
    },
  };
}
