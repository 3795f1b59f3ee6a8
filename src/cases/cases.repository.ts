import { and, asc, desc, eq, gt, gte, inArray, lt, ne, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { cases, messages } from "./cases.schema";
import { timelineEvents } from "../timeline/timeline.schema";
import type { CasePriority, CaseStatus } from "./cases.types";

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

    /** Kinds of identity the customer has (email, phone, device…): which channels can reach them. */
    async identityKinds(workspaceId: string, customerId: string): Promise<string[]> {
      const result = await db.execute(sql`
        SELECT DISTINCT kind FROM customer_identities WHERE workspace_id = ${workspaceId} AND customer_id = ${customerId}`);
      return (result as unknown as { rows: { kind: string }[] }).rows.map((row) => row.kind);
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

    /**
     * Message, case activity and the customer's timeline entry in one statement: this runs for
     * every message on every channel, and on the embedded engine each round trip costs more
     * than the work. Writes nothing and returns `inserted: false` when the channel already
     * delivered this external id.
     */
    async insertMessageWithActivity(
      row: typeof messages.$inferInsert & { createdAt: Date },
      event: { id: string; kind: string; summary: string; data: Record<string, unknown> },
      touchChannel: string | null,
    ): Promise<{ inserted: boolean; case: CaseRow | undefined }> {
      const at = row.createdAt.toISOString();
      const result = await db.execute(sql`
        WITH m AS (
          INSERT INTO ${messages} (id, workspace_id, case_id, customer_id, direction, author_kind, author_id,
            channel, body, metadata, external_id, created_at)
          VALUES (${row.id}, ${row.workspaceId}, ${row.caseId}, ${row.customerId}, ${row.direction},
            ${row.authorKind}, ${row.authorId ?? null}, ${row.channel}, ${row.body},
            ${JSON.stringify(row.metadata ?? {})}::jsonb, ${row.externalId ?? null}, ${at}::timestamptz)
          ON CONFLICT DO NOTHING
          RETURNING id
        ), c AS (
          UPDATE ${cases} SET
            last_activity_at = greatest(last_activity_at, ${at}::timestamptz),
            updated_at = ${at}::timestamptz,
            channels = CASE WHEN ${touchChannel}::text IS NULL OR ${touchChannel}::text = ANY(channels) THEN channels
              ELSE array_append(channels, ${touchChannel}::text) END
          WHERE workspace_id = ${row.workspaceId} AND id = ${row.caseId} AND EXISTS (SELECT 1 FROM m)
          RETURNING *
        ), t AS (
          INSERT INTO ${timelineEvents} (id, workspace_id, customer_id, case_id, kind, channel, ref_id, summary, data, occurred_at)
          SELECT ${event.id}, ${row.workspaceId}, ${row.customerId}, ${row.caseId}, ${event.kind}, ${row.channel},
            m.id, ${event.summary}, ${JSON.stringify(event.data)}::jsonb, ${at}::timestamptz
          FROM m
          RETURNING id
        )
        SELECT (SELECT id FROM m) AS message_id, (SELECT count(*) FROM t)::int AS events, c.*
        FROM (SELECT 1) AS one LEFT JOIN c ON true`);
      const first = (result as unknown as { rows: Record<string, unknown>[] }).rows[0];
      if (!first?.message_id) return { inserted: false, case: undefined };
      return { inserted: true, case: first.id ? caseFromRaw(first) : undefined };
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

    /** Oldest first; `after` is the (createdAt, id) of the last message of the previous page. */
    async listMessages(
      workspaceId: string,
      caseId: string,
      limit: number,
      after?: { createdAt: Date; id: string },
    ): Promise<MessageRow[]> {
      const keyset = after
        ? or(
            gt(messages.createdAt, after.createdAt),
            and(eq(messages.createdAt, after.createdAt), gt(messages.id, after.id)),
          )
        : undefined;
      return db
        .select()
        .from(messages)
        .where(and(eq(messages.workspaceId, workspaceId), eq(messages.caseId, caseId), keyset))
        .orderBy(asc(messages.createdAt), asc(messages.id))
        .limit(limit);
    },

    async reassignCustomer(
      workspaceId: string,
      fromId: string,
      toId: string,
    ): Promise<{ cases: number; messages: number; caseIds: string[] }> {
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
      return { cases: movedCases.length, messages: movedMessages.length, caseIds: movedCases.map((c) => c.id) };
    },

    /** Gives these cases, and every message in them, to another customer (reverting a merge). */
    async moveCases(workspaceId: string, caseIds: string[], toId: string): Promise<number> {
      if (caseIds.length === 0) return 0;
      const moved = await db
        .update(cases)
        .set({ customerId: toId })
        .where(and(eq(cases.workspaceId, workspaceId), inArray(cases.id, caseIds)))
        .returning({ id: cases.id });
      await db
        .update(messages)
        .set({ customerId: toId })
        .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.caseId, caseIds)));
      return moved.length;
    },

    /**
     * Folds one case into another of the same customer: its messages join the other case, which
     * takes its channels, and the folded case is resolved. Returns the moved message ids so the
     * fold can be undone.
     */
    async foldCase(workspaceId: string, fromId: string, intoId: string, at: Date): Promise<string[]> {
      const [from] = await db
        .select()
        .from(cases)
        .where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, fromId)));
      if (!from) return [];
      const moved = await db
        .update(messages)
        .set({ caseId: intoId })
        .where(and(eq(messages.workspaceId, workspaceId), eq(messages.caseId, fromId)))
        .returning({ id: messages.id });
      await db
        .update(cases)
        .set({
          channels: sql`array(select distinct unnest(${cases.channels} || (select f.channels from cases f where f.id = ${fromId} and f.workspace_id = ${workspaceId})))`,
          lastActivityAt: sql`greatest(${cases.lastActivityAt}, (select f.last_activity_at from cases f where f.id = ${fromId} and f.workspace_id = ${workspaceId}))`,
          updatedAt: at,
        })
        .where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, intoId)));
      await db
        .update(cases)
        .set({ status: "resolved", resolvedAt: at, updatedAt: at })
        .where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, fromId)));
      return moved.map((m) => m.id);
    },

    /** Undoes a fold: the messages go back and the folded case is open again. */
    async unfoldCase(workspaceId: string, fromId: string, messageIds: string[], at: Date): Promise<void> {
      if (messageIds.length) {
        await db
          .update(messages)
          .set({ caseId: fromId })
          .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.id, messageIds)));
      }
      await db
        .update(cases)
        .set({ status: "open", resolvedAt: null, updatedAt: at })
        .where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, fromId)));
    },
  };
}

const asDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
const asDateOrNull = (value: unknown): Date | null =>
  value === null || value === undefined ? null : asDate(value);
const asStringOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

/** Raw `cases` row (snake_case, driver-dependent timestamp types) to the typed row. */
function caseFromRaw(raw: Record<string, unknown>): CaseRow {
  return {
    id: String(raw.id),
    workspaceId: String(raw.workspace_id),
    customerId: String(raw.customer_id),
    status: raw.status as CaseStatus,
    subject: asStringOrNull(raw.subject),
    topic: asStringOrNull(raw.topic),
    intent: asStringOrNull(raw.intent),
    orderRef: asStringOrNull(raw.order_ref),
    assigneeId: asStringOrNull(raw.assignee_id),
    priority: raw.priority as CasePriority,
    originChannel: String(raw.origin_channel),
    channels: Array.isArray(raw.channels) ? raw.channels.map(String) : [],
    createdAt: asDate(raw.created_at),
    updatedAt: asDate(raw.updated_at),
    lastActivityAt: asDate(raw.last_activity_at),
    resolvedAt: asDateOrNull(raw.resolved_at),
  };
}
