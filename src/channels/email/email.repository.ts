import { and, asc, desc, eq, inArray, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { emailAttachments, emailCaseTokens, emailMessageIds, emailOutbound } from "./email.schema";

export type CaseTokenRow = typeof emailCaseTokens.$inferSelect;
export type OutboundRow = typeof emailOutbound.$inferSelect;
export type AttachmentRow = typeof emailAttachments.$inferSelect;

export function emailRepository(db: Db) {
  return {
    async insertCaseToken(row: typeof emailCaseTokens.$inferInsert): Promise<boolean> {
      const inserted = await db.insert(emailCaseTokens).values(row).onConflictDoNothing().returning();
      return inserted.length > 0;
    },

    async tokenOfCase(workspaceId: string, caseId: string): Promise<CaseTokenRow | undefined> {
      const [row] = await db
        .select()
        .from(emailCaseTokens)
        .where(and(eq(emailCaseTokens.workspaceId, workspaceId), eq(emailCaseTokens.caseId, caseId)));
      return row;
    },

    async casesOfTokens(workspaceId: string, tokens: string[]): Promise<CaseTokenRow[]> {
      if (!tokens.length) return [];
      return db
        .select()
        .from(emailCaseTokens)
        .where(and(eq(emailCaseTokens.workspaceId, workspaceId), inArray(emailCaseTokens.token, tokens)));
    },

    async casesOfRefs(workspaceId: string, refs: string[]): Promise<CaseTokenRow[]> {
      if (!refs.length) return [];
      return db
        .select()
        .from(emailCaseTokens)
        .where(and(eq(emailCaseTokens.workspaceId, workspaceId), inArray(emailCaseTokens.ref, refs)));
    },

    async casesOfMessageIds(
      workspaceId: string,
      ids: string[],
    ): Promise<{ messageIdHeader: string; caseId: string }[]> {
      if (!ids.length) return [];
      return db
        .select({ messageIdHeader: emailMessageIds.messageIdHeader, caseId: emailMessageIds.caseId })
        .from(emailMessageIds)
        .where(
          and(eq(emailMessageIds.workspaceId, workspaceId), inArray(emailMessageIds.messageIdHeader, ids)),
        );
    },

    async recordMessageId(row: typeof emailMessageIds.$inferInsert): Promise<void> {
      await db.insert(emailMessageIds).values(row).onConflictDoNothing();
    },

    /** The case's Message-IDs, oldest first: the References of our next reply. */
    async messageIdsOfCase(
      workspaceId: string,
      caseId: string,
    ): Promise<{ messageIdHeader: string; direction: "inbound" | "outbound" }[]> {
      return db
        .select({ messageIdHeader: emailMessageIds.messageIdHeader, direction: emailMessageIds.direction })
        .from(emailMessageIds)
        .where(and(eq(emailMessageIds.workspaceId, workspaceId), eq(emailMessageIds.caseId, caseId)))
        .orderBy(asc(emailMessageIds.createdAt));
    },

    async insertAttachments(rows: (typeof emailAttachments.$inferInsert)[]): Promise<void> {
      if (rows.length) await db.insert(emailAttachments).values(rows).onConflictDoNothing();
    },

    async attachmentsOfCase(workspaceId: string, caseId: string): Promise<AttachmentRow[]> {
      return db
        .select()
        .from(emailAttachments)
        .where(and(eq(emailAttachments.workspaceId, workspaceId), eq(emailAttachments.caseId, caseId)))
        .orderBy(asc(emailAttachments.createdAt), asc(emailAttachments.ordinal));
    },

    /** Queues a message once: a second call for the same message returns the first row. */
    async enqueue(row: typeof emailOutbound.$inferInsert): Promise<{ row: OutboundRow; created: boolean }> {
      const [inserted] = await db.insert(emailOutbound).values(row).onConflictDoNothing().returning();
      if (inserted) return { row: inserted, created: true };
      const [existing] = await db
        .select()
        .from(emailOutbound)
        .where(eq(emailOutbound.messageId, row.messageId));
      if (!existing) throw new Error("outbound insert conflicted on another key");
      return { row: existing, created: false };
    },

    async outboundOfMessage(messageId: string): Promise<OutboundRow | undefined> {
      const [row] = await db.select().from(emailOutbound).where(eq(emailOutbound.messageId, messageId));
      return row;
    },

    /**
     * Leases the next due row: pending and due, or a send whose lease ran out (its node died
     * mid-send). SKIP LOCKED lets several nodes drain the queue without taking the same row.
     */
    async leaseDue(now: Date, leaseMs: number): Promise<OutboundRow | undefined> {
      const due = db
        .select({ id: emailOutbound.id })
        .from(emailOutbound)
        .where(
          or(
            and(eq(emailOutbound.status, "pending"), lte(emailOutbound.nextAttemptAt, now)),
            and(eq(emailOutbound.status, "sending"), lte(emailOutbound.leaseUntil, now)),
          ),
        )
        .orderBy(asc(emailOutbound.nextAttemptAt))
        .limit(1)
        .for("update", { skipLocked: true });
      const [row] = await db
        .update(emailOutbound)
        .set({
          status: "sending",
          leaseUntil: new Date(now.getTime() + leaseMs),
          attempts: sql`${emailOutbound.attempts} + 1`,
        })
        .where(inArray(emailOutbound.id, due))
        .returning();
      return row;
    },

    async markSent(id: string, at: Date): Promise<void> {
      await db
        .update(emailOutbound)
        .set({ status: "sent", sentAt: at, leaseUntil: null, lastError: null })
        .where(eq(emailOutbound.id, id));
    },

    async markRetry(id: string, nextAttemptAt: Date, error: string): Promise<void> {
      await db
        .update(emailOutbound)
        .set({ status: "pending", nextAttemptAt, leaseUntil: null, lastError: error })
        .where(eq(emailOutbound.id, id));
    },

    async markFailed(id: string, error: string): Promise<void> {
      await db
        .update(emailOutbound)
        .set({ status: "failed", leaseUntil: null, lastError: error })
        .where(eq(emailOutbound.id, id));
    },

    async outboundOfCase(workspaceId: string, caseId: string): Promise<OutboundRow[]> {
      return db
        .select()
        .from(emailOutbound)
        .where(and(eq(emailOutbound.workspaceId, workspaceId), eq(emailOutbound.caseId, caseId)))
        .orderBy(desc(emailOutbound.createdAt));
    },
  };
}

export type EmailRepository = ReturnType<typeof emailRepository>;
