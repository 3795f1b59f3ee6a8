import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { routingAgentLoad, routingAgents, routingItems, routingQueues, routingTransfers } from "./routing.schema";
import type { WorkChannel } from "./routing.types";

export type QueueRow = typeof routingQueues.$inferSelect;
export type AgentRow = typeof routingAgents.$inferSelect;
export type LoadRow = typeof routingAgentLoad.$inferSelect;
export type ItemRow = typeof routingItems.$inferSelect;
export type TransferRow = typeof routingTransfers.$inferSelect;

/** A raw row from db.execute, on either driver. */
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

export type Candidate = { userId: string; open: number; capacity: number };

export function routingRepository(db: Db) {
  return {
    // Queues

    listQueues(workspaceId: string): Promise<QueueRow[]> {
      return db
        .select()
        .from(routingQueues)
        .where(eq(routingQueues.workspaceId, workspaceId))
        .orderBy(asc(routingQueues.createdAt), asc(routingQueues.id));
    },

    async findQueue(workspaceId: string, id: string): Promise<QueueRow | undefined> {
      const [row] = await db
        .select()
        .from(routingQueues)
        .where(and(eq(routingQueues.workspaceId, workspaceId), eq(routingQueues.id, id)));
      return row;
    },

    async insertQueue(row: typeof routingQueues.$inferInsert): Promise<QueueRow | undefined> {
      const [inserted] = await db.insert(routingQueues).values(row).onConflictDoNothing().returning();
      return inserted;
    },

    async updateQueue(
      workspaceId: string,
      id: string,
      patch: Partial<typeof routingQueues.$inferInsert>,
    ): Promise<QueueRow | undefined> {
      const [row] = await db
        .update(routingQueues)
        .set(patch)
        .where(and(eq(routingQueues.workspaceId, workspaceId), eq(routingQueues.id, id)))
        .returning();
      return row;
    },

    async clearDefault(workspaceId: string, exceptId: string): Promise<void> {
      await db
        .update(routingQueues)
        .set({ isDefault: false })
        .where(
          and(
            eq(routingQueues.workspaceId, workspaceId),
            eq(routingQueues.isDefault, true),
            sql`${routingQueues.id} <> ${exceptId}`,
          ),
        );
    },

    // Agents and their counters

    async findAgent(workspaceId: string, userId: string): Promise<AgentRow | undefined> {
      const [row] = await db
        .select()
        .from(routingAgents)
        .where(and(eq(routingAgents.workspaceId, workspaceId), eq(routingAgents.userId, userId)));
      return row;
    },

    listAgents(workspaceId: string): Promise<AgentRow[]> {
      return db
        .select()
        .from(routingAgents)
        .where(eq(routingAgents.workspaceId, workspaceId))
        .orderBy(asc(routingAgents.userId));
    },

    loadOf(workspaceId: string, userIds: string[]): Promise<LoadRow[]> {
      if (userIds.length === 0) return Promise.resolve([]);
      return db
        .select()
        .from(routingAgentLoad)
        .where(and(eq(routingAgentLoad.workspaceId, workspaceId), inArray(routingAgentLoad.userId, userIds)));
    },

    /** Creates the agent with default skills and capacity unless it exists; never overwrites. */
    async ensureAgent(
      workspaceId: string,
      userId: string,
      defaults: { skills: string[]; languages: string[]; capacity: Record<WorkChannel, number>; at: Date },
    ): Promise<void> {
      await db
        .insert(routingAgents)
        .values({
          workspaceId,
          userId,
          skills: defaults.skills,
          languages: defaults.languages,
          presenceChangedAt: defaults.at,
        })
        .onConflictDoNothing();
      await db
        .insert(routingAgentLoad)
        .values(
          Object.entries(defaults.capacity).map(([channel, capacity]) => ({
            workspaceId,
            userId,
            channel: channel as WorkChannel,
            capacity,
          })),
        )
        .onConflictDoNothing();
    },

    async updateAgent(
      workspaceId: string,
      userId: string,
      patch: Partial<Pick<AgentRow, "skills" | "languages" | "presence" | "presenceChangedAt">>,
    ): Promise<AgentRow | undefined> {
      const [row] = await db
        .update(routingAgents)
        .set(patch)
        .where(and(eq(routingAgents.workspaceId, workspaceId), eq(routingAgents.userId, userId)))
        .returning();
      return row;
    },

    async setCapacity(workspaceId: string, userId: string, channel: WorkChannel, capacity: number): Promise<void> {
      await db
        .update(routingAgentLoad)
        .set({ capacity })
        .where(
          and(
            eq(routingAgentLoad.workspaceId, workspaceId),
            eq(routingAgentLoad.userId, userId),
            eq(routingAgentLoad.channel, channel),
          ),
        );
    },

    /**
     * Takes one slot of the agent's capacity on a channel, only while they are online (or, for a
     * manual pick-up, not offline) and below capacity: the counter is the truth, checked and
     * changed in one statement, so concurrent assignments cannot overfill anyone.
     */
    async takeSlot(
      workspaceId: string,
      userId: string,
      channel: WorkChannel,
      presences: readonly string[],
      at: Date,
    ): Promise<boolean> {
      const result = await db.execute(sql`
        WITH slot AS (
          UPDATE routing_agent_load l SET open = l.open + 1
          FROM routing_agents a
          WHERE l.workspace_id = ${workspaceId} AND l.user_id = ${userId} AND l.channel = ${channel}
            AND l.open < l.capacity
            AND a.workspace_id = l.workspace_id AND a.user_id = l.user_id
            AND a.presence IN (${sql.join(
              presences.map((p) => sql`${p}`),
              sql`, `,
            )})
          RETURNING l.user_id
        ), stamp AS (
          UPDATE routing_agents SET last_assigned_at = ${at.toISOString()}::timestamptz
          WHERE workspace_id = ${workspaceId} AND user_id IN (SELECT user_id FROM slot)
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM slot`);
      return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0) > 0;
    },

    async releaseSlot(workspaceId: string, userId: string, channel: WorkChannel): Promise<void> {
      await db
        .update(routingAgentLoad)
        .set({ open: sql`greatest(${routingAgentLoad.open} - 1, 0)` })
        .where(
          and(
            eq(routingAgentLoad.workspaceId, workspaceId),
            eq(routingAgentLoad.userId, userId),
            eq(routingAgentLoad.channel, channel),
          ),
        );
    },

    /** Online agents who have the skill and language and a free slot on the channel, least loaded first. */
    async candidates(
      workspaceId: string,
      need: { skill: string; language: string; channel: WorkChannel },
      limit = 5,
    ): Promise<Candidate[]> {
      const result = await db.execute(sql`
        SELECT a.user_id AS "userId", l.open, l.capacity
        FROM routing_agents a
        JOIN routing_agent_load l ON l.workspace_id = a.workspace_id AND l.user_id = a.user_id AND l.channel = ${need.channel}
        WHERE a.workspace_id = ${workspaceId} AND a.presence = 'online'
          AND ${need.skill} = ANY(a.skills) AND ${need.language} = ANY(a.languages)
          AND l.open < l.capacity
        ORDER BY l.open ASC, a.last_assigned_at ASC NULLS FIRST, a.user_id
        LIMIT ${limit}`);
      return rowsOf<Candidate>(result).map((r) => ({ ...r, open: Number(r.open), capacity: Number(r.capacity) }));
    },

    // Items

    async insertItem(row: typeof routingItems.$inferInsert): Promise<ItemRow | undefined> {
      const [inserted] = await db.insert(routingItems).values(row).onConflictDoNothing().returning();
      return inserted;
    },

    async liveItem(workspaceId: string, caseId: string): Promise<ItemRow | undefined> {
      const [row] = await db
        .select()
        .from(routingItems)
        .where(
          and(
            eq(routingItems.workspaceId, workspaceId),
            eq(routingItems.caseId, caseId),
            sql`${routingItems.status} <> 'closed'`,
          ),
        );
      return row;
    },

    async findItem(workspaceId: string, id: string): Promise<ItemRow | undefined> {
      const [row] = await db
        .select()
        .from(routingItems)
        .where(and(eq(routingItems.workspaceId, workspaceId), eq(routingItems.id, id)));
      return row;
    },

    /** Moves a waiting item to an agent; undefined when someone else took it first. */
    async claimItem(workspaceId: string, id: string, assigneeId: string, at: Date): Promise<ItemRow | undefined> {
      const [row] = await db
        .update(routingItems)
        .set({ status: "assigned", assigneeId, assignedAt: at, revision: sql`${routingItems.revision} + 1` })
        .where(and(eq(routingItems.workspaceId, workspaceId), eq(routingItems.id, id), eq(routingItems.status, "queued")))
        .returning();
      return row;
    },

    /** Changes a live item only if it still has the status and assignee the caller saw. */
    async updateLiveItem(
      workspaceId: string,
      id: string,
      expected: { status: ItemRow["status"]; assigneeId: string | null },
      patch: Partial<typeof routingItems.$inferInsert>,
    ): Promise<ItemRow | undefined> {
      const [row] = await db
        .update(routingItems)
        .set({ ...patch, revision: sql`${routingItems.revision} + 1` })
        .where(
          and(
            eq(routingItems.workspaceId, workspaceId),
            eq(routingItems.id, id),
            eq(routingItems.status, expected.status),
            expected.assigneeId === null
              ? sql`${routingItems.assigneeId} IS NULL`
              : eq(routingItems.assigneeId, expected.assigneeId),
          ),
        )
        .returning();
      return row;
    },

    /** The best waiting item this agent may take: eligible by skill, language and a free slot; priority, then age. */
    async nextItemFor(workspaceId: string, userId: string): Promise<ItemRow | undefined> {
      const result = await db.execute(sql`
        SELECT i.id FROM routing_items i
        JOIN routing_agents a ON a.workspace_id = i.workspace_id AND a.user_id = ${userId}
        JOIN routing_agent_load l ON l.workspace_id = a.workspace_id AND l.user_id = a.user_id AND l.channel = i.channel
        WHERE i.workspace_id = ${workspaceId} AND i.status = 'queued'
          AND a.presence = 'online' AND i.skill = ANY(a.skills) AND i.language = ANY(a.languages)
          AND l.open < l.capacity
        ORDER BY i.priority_score DESC, i.enqueued_at ASC, i.id
        LIMIT 1`);
      const id = rowsOf<{ id: string }>(result)[0]?.id;
      return id ? this.findItem(workspaceId, id) : undefined;
    },

    /** Waiting items, best first. */
    listQueued(workspaceId: string, queueId?: string, limit = 200): Promise<ItemRow[]> {
      return db
        .select()
        .from(routingItems)
        .where(
          and(
            eq(routingItems.workspaceId, workspaceId),
            eq(routingItems.status, "queued"),
            queueId ? eq(routingItems.queueId, queueId) : undefined,
          ),
        )
        .orderBy(sql`${routingItems.priorityScore} DESC`, asc(routingItems.enqueuedAt), asc(routingItems.id))
        .limit(limit);
    },

    listAssigned(workspaceId: string, assigneeId: string): Promise<ItemRow[]> {
      return db
        .select()
        .from(routingItems)
        .where(
          and(
            eq(routingItems.workspaceId, workspaceId),
            eq(routingItems.status, "assigned"),
            eq(routingItems.assigneeId, assigneeId),
          ),
        )
        .orderBy(asc(routingItems.assignedAt));
    },

    /** 1-based place in its queue: items ahead score higher, or the same and waited longer. */
    async position(item: ItemRow): Promise<number> {
      const result = await db.execute(sql`
        SELECT count(*)::int AS n FROM routing_items
        WHERE workspace_id = ${item.workspaceId} AND queue_id = ${item.queueId} AND status = 'queued'
          AND (priority_score > ${item.priorityScore}
            OR (priority_score = ${item.priorityScore} AND (enqueued_at, id) < (${item.enqueuedAt.toISOString()}::timestamptz, ${item.id})))`);
      return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0) + 1;
    },

    /** Average minutes a person held an item, over the queue's last closed items. */
    async recentHandleMinutes(workspaceId: string, queueId: string, since: Date): Promise<number | null> {
      const result = await db.execute(sql`
        SELECT avg(extract(epoch FROM (closed_at - assigned_at))) / 60 AS minutes, count(*)::int AS n
        FROM (SELECT closed_at, assigned_at FROM routing_items
              WHERE workspace_id = ${workspaceId} AND queue_id = ${queueId} AND status = 'closed'
                AND assigned_at IS NOT NULL AND closed_at >= ${since.toISOString()}::timestamptz
              ORDER BY closed_at DESC LIMIT 50) recent`);
      const row = rowsOf<{ minutes: number | string | null; n: number }>(result)[0];
      return row && Number(row.n) > 0 && row.minutes !== null ? Number(row.minutes) : null;
    },

    /** Online agents who could take items of this queue's kind (any skill and language it serves). */
    async onlineAgentsFor(workspaceId: string, item: Pick<ItemRow, "skill" | "language" | "channel">): Promise<number> {
      const result = await db.execute(sql`
        SELECT count(*)::int AS n FROM routing_agents a
        JOIN routing_agent_load l ON l.workspace_id = a.workspace_id AND l.user_id = a.user_id AND l.channel = ${item.channel}
        WHERE a.workspace_id = ${workspaceId} AND a.presence = 'online' AND l.capacity > 0
          AND ${item.skill} = ANY(a.skills) AND ${item.language} = ANY(a.languages)`);
      return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
    },

    /** Whether a person replied to the customer on the case since `since`. */
    async staffRepliedSince(workspaceId: string, caseId: string, since: Date): Promise<Date | null> {
      const result = await db.execute(sql`
        SELECT min(created_at) AS at FROM messages
        WHERE workspace_id = ${workspaceId} AND case_id = ${caseId} AND author_kind = 'agent'
          AND direction = 'outbound' AND created_at >= ${since.toISOString()}::timestamptz`);
      const at = rowsOf<{ at: string | Date | null }>(result)[0]?.at;
      return at ? new Date(at) : null;
    },

    /**
     * Marks every live, unanswered item whose first-reply promise has passed as breached, once:
     * the conditional update is the guard, so with several nodes each breach is reported by one.
     * A breach also lifts the item's priority.
     */
    async breachDue(now: Date, bump: number, limit = 200): Promise<ItemRow[]> {
      const result = await db.execute(sql`
        UPDATE routing_items i SET sla_breached_at = ${now.toISOString()}::timestamptz,
          priority_score = i.priority_score + ${bump},
          priority_factors = jsonb_set(i.priority_factors, '{sla}', to_jsonb(((i.priority_factors->>'sla')::int + ${bump}))),
          revision = i.revision + 1
        WHERE i.id IN (
          SELECT id FROM routing_items
          WHERE sla_breached_at IS NULL AND answered_at IS NULL AND status <> 'closed'
            AND sla_due_at <= ${now.toISOString()}::timestamptz
          ORDER BY sla_due_at LIMIT ${limit})
          AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.workspace_id = i.workspace_id AND m.case_id = i.case_id
            AND m.author_kind = 'agent' AND m.direction = 'outbound' AND m.created_at >= i.enqueued_at)
        RETURNING i.id, i.workspace_id AS "workspaceId"`);
      const hits = rowsOf<{ id: string; workspaceId: string }>(result);
      const rows: ItemRow[] = [];
      for (const hit of hits) {
        const row = await this.findItem(hit.workspaceId, hit.id);
        if (row) rows.push(row);
      }
      return rows;
    },

    /** Items a person replied to since they joined the queue, stamped so they leave the SLA clock. */
    async stampAnswered(now: Date): Promise<number> {
      const result = await db.execute(sql`
        UPDATE routing_items i SET answered_at = m.first_reply
        FROM (SELECT i2.id, min(m.created_at) AS first_reply FROM routing_items i2
              JOIN messages m ON m.workspace_id = i2.workspace_id AND m.case_id = i2.case_id
                AND m.author_kind = 'agent' AND m.direction = 'outbound' AND m.created_at >= i2.enqueued_at
              WHERE i2.answered_at IS NULL AND i2.status <> 'closed' AND i2.enqueued_at <= ${now.toISOString()}::timestamptz
              GROUP BY i2.id) m
        WHERE i.id = m.id
        RETURNING i.id`);
      return rowsOf(result).length;
    },

    // Transfers

    async insertTransfer(row: TransferRow): Promise<void> {
      await db.insert(routingTransfers).values(row);
    },

    listTransfers(workspaceId: string, caseId: string): Promise<TransferRow[]> {
      return db
        .select()
        .from(routingTransfers)
        .where(and(eq(routingTransfers.workspaceId, workspaceId), eq(routingTransfers.caseId, caseId)))
        .orderBy(asc(routingTransfers.createdAt), asc(routingTransfers.id));
    },

    /** Live-item counts per queue: waiting, with a person, and the oldest wait. */
    async queueCounts(
      workspaceId: string,
    ): Promise<{ queueId: string; waiting: number; assigned: number; oldestEnqueuedAt: Date | null; breached: number }[]> {
      const result = await db.execute(sql`
        SELECT queue_id AS "queueId",
          count(*) FILTER (WHERE status = 'queued')::int AS waiting,
          count(*) FILTER (WHERE status = 'assigned')::int AS assigned,
          min(enqueued_at) FILTER (WHERE status = 'queued') AS "oldestEnqueuedAt",
          count(*) FILTER (WHERE sla_breached_at IS NOT NULL)::int AS breached
        FROM routing_items WHERE workspace_id = ${workspaceId} AND status <> 'closed'
        GROUP BY queue_id`);
      return rowsOf<{
        queueId: string;
        waiting: number;
        assigned: number;
        oldestEnqueuedAt: string | Date | null;
        breached: number;
      }>(result).map((r) => ({
        queueId: r.queueId,
        waiting: Number(r.waiting),
        assigned: Number(r.assigned),
        breached: Number(r.breached),
        oldestEnqueuedAt: r.oldestEnqueuedAt ? new Date(r.oldestEnqueuedAt) : null,
      }));
    },
  };
}

export type RoutingRepository = ReturnType<typeof routingRepository>;
