import { and, asc, eq, gt, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { newId } from "../core/ids";
import { timelineEvents } from "./timeline.schema";
import type { NewTimelineEvent, TimelineEvent } from "./timeline.types";

export type TimelineCursor = { occurredAt: Date; seq: number };

export function timelineRepository(db: Db) {
  return {
    async insert(event: NewTimelineEvent): Promise<string> {
      const id = newId("event");
      await db.insert(timelineEvents).values({
        id,
        workspaceId: event.workspaceId,
        customerId: event.customerId,
        caseId: event.caseId ?? null,
        kind: event.kind,
        channel: event.channel ?? null,
        refId: event.refId ?? null,
        summary: event.summary,
        data: event.data ?? {},
        occurredAt: event.occurredAt,
      });
      return id;
    },

    async page(
      workspaceId: string,
      customerId: string,
      after: TimelineCursor | null,
      limit: number,
    ): Promise<(TimelineEvent & { seq: number })[]> {
      const keyset = after
        ? or(
            gt(timelineEvents.occurredAt, after.occurredAt),
            and(eq(timelineEvents.occurredAt, after.occurredAt), gt(timelineEvents.seq, after.seq)),
          )
        : undefined;
      const rows = await db
        .select()
        .from(timelineEvents)
        .where(
          and(eq(timelineEvents.workspaceId, workspaceId), eq(timelineEvents.customerId, customerId), keyset),
        )
        .orderBy(asc(timelineEvents.occurredAt), asc(timelineEvents.seq))
        .limit(limit);
      return rows.map((row) => ({
        id: row.id,
        customerId: row.customerId,
        caseId: row.caseId,
        kind: row.kind,
        channel: row.channel,
        refId: row.refId,
        summary: row.summary,
        data: row.data,
        occurredAt: row.occurredAt,
        seq: row.seq,
      }));
    },

    /** Returns the moved events' ids, so that a merge can be reverted exactly. */
    async reassignCustomer(workspaceId: string, fromId: string, toId: string): Promise<string[]> {
      const moved = await db
        .update(timelineEvents)
        .set({ customerId: toId })
        .where(and(eq(timelineEvents.workspaceId, workspaceId), eq(timelineEvents.customerId, fromId)))
        .returning({ id: timelineEvents.id });
      return moved.map((event) => event.id);
    },

    /** Gives these events, and every event of these cases, to another customer (reverting a merge). */
    async moveEvents(workspaceId: string, ids: string[], caseIds: string[], toId: string): Promise<number> {
      if (ids.length === 0 && caseIds.length === 0) return 0;
      const moved = await db
        .update(timelineEvents)
        .set({ customerId: toId })
        .where(
          and(
            eq(timelineEvents.workspaceId, workspaceId),
            or(
              ids.length ? inArray(timelineEvents.id, ids) : undefined,
              caseIds.length ? inArray(timelineEvents.caseId, caseIds) : undefined,
            ),
          ),
        )
        .returning({ id: timelineEvents.id });
      return moved.length;
    },

    async countForCustomer(workspaceId: string, customerId: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(timelineEvents)
        .where(and(eq(timelineEvents.workspaceId, workspaceId), eq(timelineEvents.customerId, customerId)));
      return row?.n ?? 0;
    },
  };
}
