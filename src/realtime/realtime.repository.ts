import { and, asc, desc, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { realtimeConversations, realtimeEvents } from "./realtime.schema";

export type ConversationRow = typeof realtimeConversations.$inferSelect;
export type EventRow = typeof realtimeEvents.$inferSelect;

/** An event to append; `messageId` makes it idempotent (one event per message per conversation). */
export type NewEvent = { kind: string; messageId: string | null; payload: Record<string, unknown>; at: Date };

export type ConversationPatch = Partial<
  Pick<
    ConversationRow,
    | "customerId"
    | "caseId"
    | "syncedUntil"
    | "caseStatus"
    | "caseAssigneeId"
    | "deviceId"
    | "devicePlatform"
    | "pushToken"
    | "context"
  >
>;

export function realtimeRepository(db: Db) {
  return {
    async insertConversation(row: typeof realtimeConversations.$inferInsert): Promise<ConversationRow> {
      const [created] = await db.insert(realtimeConversations).values(row).returning();
      if (!created) throw new Error("conversation insert returned nothing");
      return created;
    },

    async findByTokenHash(workspaceId: string, hash: string): Promise<ConversationRow | undefined> {
      const [row] = await db
        .select()
        .from(realtimeConversations)
        .where(and(eq(realtimeConversations.workspaceId, workspaceId), eq(realtimeConversations.resumeTokenHash, hash)));
      return row;
    },

    async find(workspaceId: string, id: string): Promise<ConversationRow | undefined> {
      const [row] = await db
        .select()
        .from(realtimeConversations)
        .where(and(eq(realtimeConversations.workspaceId, workspaceId), eq(realtimeConversations.id, id)));
      return row;
    },

    async findByCase(workspaceId: string, caseId: string): Promise<ConversationRow[]> {
      return db
        .select()
        .from(realtimeConversations)
        .where(and(eq(realtimeConversations.workspaceId, workspaceId), eq(realtimeConversations.caseId, caseId)));
    },

    async update(workspaceId: string, id: string, patch: ConversationPatch, at: Date): Promise<void> {
      await db
        .update(realtimeConversations)
        .set({ ...patch, updatedAt: at })
        .where(and(eq(realtimeConversations.workspaceId, workspaceId), eq(realtimeConversations.id, id)));
    },

    /** Raises the customer's read mark; false when `seq` is not past it or past the last event. */
    async markCustomerRead(workspaceId: string, id: string, seq: number): Promise<boolean> {
      const rows = await db
        .update(realtimeConversations)
        .set({ customerReadSeq: seq })
        .where(
          and(
            eq(realtimeConversations.workspaceId, workspaceId),
            eq(realtimeConversations.id, id),
            lt(realtimeConversations.customerReadSeq, seq),
            sql`${realtimeConversations.lastSeq} >= ${seq}`,
          ),
        )
        .returning({ id: realtimeConversations.id });
      return rows.length > 0;
    },

    /**
     * Appends events with the next sequence numbers, skipping messages the conversation already
     * has, and applies `patch` — all under the conversation's row lock, so sequence numbers have
     * no gaps and no duplicates whichever node appends.
     */
    async appendEvents(
      workspaceId: string,
      conversationId: string,
      events: NewEvent[],
      patch: ConversationPatch,
      at: Date,
    ): Promise<EventRow[]> {
      return db.transaction(async (tx) => {
        const [locked] = await tx
          .select({ lastSeq: realtimeConversations.lastSeq })
          .from(realtimeConversations)
          .where(and(eq(realtimeConversations.workspaceId, workspaceId), eq(realtimeConversations.id, conversationId)))
          .for("update");
        if (!locked) return [];
        const messageIds = events.flatMap((event) => (event.messageId ? [event.messageId] : []));
        const known = new Set(
          messageIds.length
            ? (
                await tx
                  .select({ messageId: realtimeEvents.messageId })
                  .from(realtimeEvents)
                  .where(
                    and(eq(realtimeEvents.conversationId, conversationId), inArray(realtimeEvents.messageId, messageIds)),
                  )
              ).map((row) => row.messageId)
            : [],
        );
        let seq = locked.lastSeq;
        const rows = events
          .filter((event) => !event.messageId || !known.has(event.messageId))
          .map((event) => ({
            conversationId,
            workspaceId,
            seq: ++seq,
            kind: event.kind,
            messageId: event.messageId,
            payload: event.payload,
            createdAt: event.at,
          }));
        const inserted = rows.length ? await tx.insert(realtimeEvents).values(rows).returning() : [];
        await tx
          .update(realtimeConversations)
          .set({ ...patch, lastSeq: seq, updatedAt: at })
          .where(and(eq(realtimeConversations.workspaceId, workspaceId), eq(realtimeConversations.id, conversationId)));
        return inserted;
      });
    },

    async eventsAfter(conversationId: string, afterSeq: number, limit: number): Promise<EventRow[]> {
      return db
        .select()
        .from(realtimeEvents)
        .where(and(eq(realtimeEvents.conversationId, conversationId), gt(realtimeEvents.seq, afterSeq)))
        .orderBy(asc(realtimeEvents.seq))
        .limit(limit);
    },

    async lastEvents(conversationId: string, limit: number): Promise<EventRow[]> {
      const rows = await db
        .select()
        .from(realtimeEvents)
        .where(eq(realtimeEvents.conversationId, conversationId))
        .orderBy(desc(realtimeEvents.seq))
        .limit(limit);
      return rows.reverse();
    },

    async seqOfMessage(conversationId: string, messageId: string): Promise<number | undefined> {
      const [row] = await db
        .select({ seq: realtimeEvents.seq })
        .from(realtimeEvents)
        .where(and(eq(realtimeEvents.conversationId, conversationId), eq(realtimeEvents.messageId, messageId)));
      return row?.seq;
    },
  };
}
