import { and, desc, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { cases, messages } from "./cases.schema";
import type { CaseStatus } from "./cases.types";

export type CaseRow = typeof cases.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

export function casesRepository(db: Db) {
  return {
    async insertCase(row: typeof cases.$inferInsert): Promise<CaseRow> {
      const [inserted] = await db.insert(cases).values(row).returning();
      if (!inserted) throw new Error("case insert returned nothing");
      return inserted;
    },

    async findCase(workspaceId: string, id: string): Promise<CaseRow | undefined> {
      const [row] = await db
        .select()
        .from(cases)
        .where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, id)));
      return row;
    },

    async openCasesSince(workspaceId: string, customerId: string, since: Date): Promise<CaseRow[]> {
      return db
        .select()
        .from(cases)
        .where(
          and(
            eq(cases.workspaceId, workspaceId),
            eq(cases.customerId, customerId),
            ne(cases.status, "resolved"),
            gte(cases.lastActivityAt, since),
          ),
        )
        .orderBy(desc(cases.lastActivityAt))
        .limit(20);
    },

    async listCases(
      workspaceId: string,
      filter: {
        status?: CaseStatus[];
        customerId?: string;
        assigneeId?: string;
        beforeId?: string;
        limit: number;
      },
    ): Promise<CaseRow[]> {
      return db
        .select()
        .from(cases)
        .where(
          and(
            eq(cases.workspaceId, workspaceId),
            filter.status?.length ? inArray(cases.status, filter.status) : undefined,
            filter.customerId ? eq(cases.customerId, filter.customerId) : undefined,
            filter.assigneeId ? eq(cases.assigneeId, filter.assigneeId) : undefined,
            filter.beforeId ? lt(cases.id, filter.beforeId) : undefined,
          ),
        )
        .orderBy(desc(cases.id))
        .limit(filter.limit);
    },

    async updateCase(
      workspaceId: string,
      id: string,
      patch: Partial<Omit<typeof cases.$inferInsert, "id" | "workspaceId">>,
    ): Promise<CaseRow | undefined> {
      const [row] = await db
        .update(cases)
        .set(patch)
        .where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, id)))
        .returning();
      return row;
    },

    /** Records activity and remembers every channel the case has been on, in order of first use. */
    async touch(
      workspaceId: string,
      id: string,
      channel: string | null,
      at: Date,
    ): Promise<CaseRow | undefined> {
      const [row] = await db
        .update(cases)
        .set({
          lastActivityAt: sql`greatest(${cases.lastActivityAt}, ${at.toISOString()}::timestamptz)`,
          updatedAt: at,
          ...(channel
            ? {
                channels: sql`case when ${channel}::text = any(${cases.channels}) then ${cases.channels}
                  else array_append(${cases.channels}, ${channel}::text) end`,
              }
            : {}),
        })
        .where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, id)))
        .returning();
      return row;
    },

    /** Returns undefined when the channel already delivered a message with this external id. */
    async insertMessage(row: typeof messages.$inferInsert): Promise<MessageRow | undefined> {
      const [inserted] = await db.insert(messages).values(row).onConflictDoNothing().returning();
      return inserted;
    },

    async findMessageByExternalId(
      workspaceId: string,
      channel: string,
      externalId: string,
    ): Promise<MessageRow | undefined> {
      const [row] = await db
        .select()
        .from(messages)
        .where(
          and(
            eq(messages.workspaceId, workspaceId),
            eq(messages.channel, channel),
            eq(messages.externalId, externalId),
          ),
        );
      return row;
    },

    async listMessages(workspaceId: string, caseId: string, limit: number): Promise<MessageRow[]> {
      return db
        .select()
        .from(messages)
        .where(and(eq(messages.workspaceId, workspaceId), eq(messages.caseId, caseId)))
        .orderBy(messages.createdAt, messages.id)
        .limit(limit);
    },

    async reassignCustomer(
      workspaceId: string,
      fromId: string,
      toId: string,
    ): Promise<{ cases: number; messages: number }> {
      const movedCases = await db
        .update(cases)
        .set({ customerId: toId })
        .where(and(eq(cases.workspaceId, workspaceId), eq(cases.customerId, fromId)))
        .returning({ id: cases.id });
      const movedMessages = await db
        .update(messages)
        .set({ customerId: toId })
        .where(and(eq(messages.workspaceId, workspaceId), eq(messages.customerId, fromId)))
        .returning({ id: messages.id });
      return { cases: movedCases.length, messages: movedMessages.length };
    },
  };
}
