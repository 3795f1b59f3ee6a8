import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { agentStates, agentTurns } from "./agent.schema";
import type { DialogueState } from "./dialogue/dialogue.types";

export type AgentTurnRow = typeof agentTurns.$inferSelect;

export function agentRepository(db: Db) {
  return {
    /**
     * The turn, the case's dialogue state and the `agent.replied` timeline entry in one
     * statement: recording runs on every turn, and on the embedded engine each round trip costs
     * more than the write itself.
     */
    async recordTurnWithState(
      row: Omit<AgentTurnRow, "seq">,
      state: DialogueState,
      event: { id: string; kind: string; summary: string; data: Record<string, unknown> },
    ): Promise<AgentTurnRow> {
      const at = row.createdAt.toISOString();
      const json = (value: unknown) => JSON.stringify(value);
      const result = await db.execute(sql`
        WITH turn AS (
          INSERT INTO ${agentTurns} (id, workspace_id, case_id, customer_id, message_id, reply_message_id, channel,
            engine, understanding, decision, reason, tools, knowledge, reply, escalated, notes, latency_ms, created_at)
          VALUES (${row.id}, ${row.workspaceId}, ${row.caseId}, ${row.customerId}, ${row.messageId},
            ${row.replyMessageId}, ${row.channel}, ${row.engine}, ${json(row.understanding)}::jsonb, ${row.decision},
            ${row.reason}, ${json(row.tools)}::jsonb, ${json(row.knowledge)}::jsonb, ${row.reply}, ${row.escalated},
            ${json(row.notes)}::jsonb, ${row.latencyMs}, ${at}::timestamptz)
          RETURNING seq
        ), state AS (
          INSERT INTO ${agentStates} (case_id, workspace_id, state, updated_at)
          VALUES (${row.caseId}, ${row.workspaceId}, ${json(state)}::jsonb, ${at}::timestamptz)
          ON CONFLICT (case_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
            WHERE agent_states.workspace_id = excluded.workspace_id
          RETURNING 1
        ), event AS (
          INSERT INTO timeline_events (id, workspace_id, customer_id, case_id, kind, channel, ref_id, summary, data, occurred_at)
          VALUES (${event.id}, ${row.workspaceId}, ${row.customerId}, ${row.caseId}, ${event.kind}, ${row.channel},
            ${row.id}, ${event.summary}, ${json(event.data)}::jsonb, ${at}::timestamptz)
          RETURNING 1
        )
        SELECT (SELECT seq FROM turn) AS seq, (SELECT count(*) FROM state)::int AS states, (SELECT count(*) FROM event)::int AS events`);
      const first = (result as unknown as { rows: { seq: unknown }[] }).rows[0];
      if (first?.seq === undefined || first.seq === null) throw new Error("turn insert returned nothing");
      return { ...row, seq: Number(first.seq) };
    },

    async insertTurn(row: typeof agentTurns.$inferInsert): Promise<AgentTurnRow> {
      const [inserted] = await db.insert(agentTurns).values(row).returning();
      if (!inserted) throw new Error("turn insert returned nothing");
      return inserted;
    },

    async findTurnByMessage(workspaceId: string, messageId: string): Promise<AgentTurnRow | undefined> {
      const [row] = await db
        .select()
        .from(agentTurns)
        .where(and(eq(agentTurns.workspaceId, workspaceId), eq(agentTurns.messageId, messageId)));
      return row;
    },

    /** Oldest first; `afterSeq` is the seq of the last turn of the previous page. */
    async listTurns(
      workspaceId: string,
      caseId: string,
      limit: number,
      afterSeq?: number,
    ): Promise<AgentTurnRow[]> {
      return db
        .select()
        .from(agentTurns)
        .where(
          and(
            eq(agentTurns.workspaceId, workspaceId),
            eq(agentTurns.caseId, caseId),
            afterSeq === undefined ? undefined : gt(agentTurns.seq, afterSeq),
          ),
        )
        .orderBy(asc(agentTurns.seq))
        .limit(limit);
    },

    async loadState(workspaceId: string, caseId: string): Promise<DialogueState | undefined> {
      const [row] = await db
        .select({ state: agentStates.state })
        .from(agentStates)
        .where(and(eq(agentStates.workspaceId, workspaceId), eq(agentStates.caseId, caseId)));
      return row?.state;
    },

    async saveState(workspaceId: string, caseId: string, state: DialogueState, at: Date): Promise<void> {
      await db
        .insert(agentStates)
        .values({ caseId, workspaceId, state, updatedAt: at })
        .onConflictDoUpdate({
          target: agentStates.caseId,
          set: { state: sql`excluded.state`, updatedAt: sql`excluded.updated_at` },
          where: eq(agentStates.workspaceId, workspaceId),
        });
    },
  };
}
