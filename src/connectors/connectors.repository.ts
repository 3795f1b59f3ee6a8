import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { connectorSettings, connectorWebhookEvents } from "./connectors.schema";

export type ConnectorSettingsRow = typeof connectorSettings.$inferSelect;

export function connectorsRepository(db: Db) {
  return {
    async getSettings(workspaceId: string): Promise<ConnectorSettingsRow | undefined> {
      const [row] = await db.select().from(connectorSettings).where(eq(connectorSettings.workspaceId, workspaceId));
      return row;
    },

    async saveSettings(
      workspaceId: string,
      patch: Partial<Omit<ConnectorSettingsRow, "workspaceId">>,
      now: Date,
    ): Promise<ConnectorSettingsRow> {
      const [row] = await db
        .insert(connectorSettings)
        .values({ workspaceId, ...patch, updatedAt: now })
        .onConflictDoUpdate({ target: connectorSettings.workspaceId, set: { ...patch, updatedAt: now } })
        .returning();
      if (!row) throw new Error("connector settings upsert returned nothing");
      return row;
    },

    /** False when the event id or the signature was already seen (a replay). */
    async recordWebhookEvent(row: typeof connectorWebhookEvents.$inferInsert): Promise<boolean> {
      const inserted = await db
        .insert(connectorWebhookEvents)
        .values(row)
        .onConflictDoNothing()
        .returning({ eventId: connectorWebhookEvents.eventId });
      return inserted.length > 0;
    },

    /** Events older than the signature tolerance can never be replayed successfully; forget them. */
    async pruneWebhookEvents(workspaceId: string, before: Date): Promise<void> {
      await db
        .delete(connectorWebhookEvents)
        .where(and(eq(connectorWebhookEvents.workspaceId, workspaceId), lt(connectorWebhookEvents.receivedAt, before)));
    },
  };
}
