import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { oneTimeCodes, verificationDeliveries, verificationFailures } from "./verification.schema";

export type OneTimeCodeRow = typeof oneTimeCodes.$inferSelect;
export type FailureSubjectKind = (typeof verificationFailures.$inferSelect)["subjectKind"];

/** Counters of failed proofs, one-time codes and queued verification messages. */
export function verificationRepository(db: Db) {
  return {
    /** Failures of each subject inside its window (subjects whose window ended count 0). */
    async failures(
      workspaceId: string,
      subjects: { kind: FailureSubjectKind; subject: string }[],
      windowStartedAfter: Date,
    ): Promise<number[]> {
      const rows = await Promise.all(
        subjects.map(({ kind, subject }) =>
          db
            .select({ failures: verificationFailures.failures })
            .from(verificationFailures)
            .where(
              and(
                eq(verificationFailures.workspaceId, workspaceId),
                eq(verificationFailures.subjectKind, kind),
                eq(verificationFailures.subject, subject),
                gt(verificationFailures.windowStartedAt, windowStartedAfter),
              ),
            ),
        ),
      );
      return rows.map((found) => found[0]?.failures ?? 0);
    },

    /** One more failure; a subject whose window ended starts a new one. Atomic under concurrency. */
    async addFailure(
      workspaceId: string,
      kind: FailureSubjectKind,
      subject: string,
      now: Date,
      windowStartedAfter: Date,
    ): Promise<number> {
      const expired = sql`${verificationFailures.windowStartedAt} <= ${windowStartedAfter.toISOString()}::timestamptz`;
      const [row] = await db
        .insert(verificationFailures)
        .values({ workspaceId, subjectKind: kind, subject, failures: 1, windowStartedAt: now })
        .onConflictDoUpdate({
          target: [verificationFailures.workspaceId, verificationFailures.subjectKind, verificationFailures.subject],
          set: {
            failures: sql`CASE WHEN ${expired} THEN 1 ELSE ${verificationFailures.failures} + 1 END`,
            windowStartedAt: sql`CASE WHEN ${expired} THEN ${now.toISOString()}::timestamptz ELSE ${verificationFailures.windowStartedAt} END`,
          },
        })
        .returning({ failures: verificationFailures.failures });
      return row?.failures ?? 1;
    },

    async clearFailures(workspaceId: string, kind: FailureSubjectKind, subject: string): Promise<void> {
      await db
        .delete(verificationFailures)
        .where(
          and(
            eq(verificationFailures.workspaceId, workspaceId),
            eq(verificationFailures.subjectKind, kind),
            eq(verificationFailures.subject, subject),
          ),
        );
    },

    async insertCode(row: typeof oneTimeCodes.$inferInsert): Promise<OneTimeCodeRow> {
      const [inserted] = await db.insert(oneTimeCodes).values(row).returning();
      if (!inserted) throw new Error("one-time code insert returned nothing");
      return inserted;
    },

    /** Codes still open for a case, newest first. */
    async openCodesForCase(workspaceId: string, caseId: string): Promise<OneTimeCodeRow[]> {
      return db
        .select()
        .from(oneTimeCodes)
        .where(
          and(
            eq(oneTimeCodes.workspaceId, workspaceId),
            eq(oneTimeCodes.caseId, caseId),
            isNull(oneTimeCodes.consumedAt),
            isNull(oneTimeCodes.supersededAt),
          ),
        )
        .orderBy(desc(oneTimeCodes.createdAt));
    },

    /** Locks the code so two answers at once are checked one after the other. */
    async lockCode(workspaceId: string, id: string): Promise<OneTimeCodeRow | undefined> {
      const [row] = await db
        .select()
        .from(oneTimeCodes)
        .where(and(eq(oneTimeCodes.workspaceId, workspaceId), eq(oneTimeCodes.id, id)))
        .for("update");
      return row;
    },

    async updateCode(
      workspaceId: string,
      id: string,
      patch: Partial<Pick<OneTimeCodeRow, "attempts" | "consumedAt" | "supersededAt">>,
    ): Promise<void> {
      await db
        .update(oneTimeCodes)
        .set(patch)
        .where(and(eq(oneTimeCodes.workspaceId, workspaceId), eq(oneTimeCodes.id, id)));
    },

    async supersedeCodesForCase(workspaceId: string, caseId: string, at: Date): Promise<void> {
      await db
        .update(oneTimeCodes)
        .set({ supersededAt: at })
        .where(
          and(
            eq(oneTimeCodes.workspaceId, workspaceId),
            eq(oneTimeCodes.caseId, caseId),
            isNull(oneTimeCodes.consumedAt),
            isNull(oneTimeCodes.supersededAt),
          ),
        );
    },

    /** Codes sent to one identity since a time: bounds how often anyone can make us message it. */
    async codesSentTo(workspaceId: string, identityId: string, since: Date): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(oneTimeCodes)
        .where(
          and(
            eq(oneTimeCodes.workspaceId, workspaceId),
            eq(oneTimeCodes.identityId, identityId),
            gt(oneTimeCodes.createdAt, since),
          ),
        );
      return row?.n ?? 0;
    },

    /** Queues a message once per key; a retried send finds the earlier entry. */
    async enqueueDelivery(row: typeof verificationDeliveries.$inferInsert): Promise<void> {
      await db.insert(verificationDeliveries).values(row).onConflictDoNothing();
    },

    async listDeliveries(workspaceId: string, limit = 100) {
      return db
        .select()
        .from(verificationDeliveries)
        .where(eq(verificationDeliveries.workspaceId, workspaceId))
        .orderBy(desc(verificationDeliveries.createdAt))
        .limit(limit);
    },
  };
}
