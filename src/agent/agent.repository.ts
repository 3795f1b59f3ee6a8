import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { agentStates, agentTurns } from "./agent.schema";
import type { DialogueState } from "./dialogue/dialogue.types";

export type AgentTurnRow = typeof agentTurns.$inferSelect;

export function agentRepository(db: Db) {
  return {
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

    async listTurns(workspaceId: string, caseId: string, limit: number): Promise<AgentTurnRow[]> {
      return db
        .select()
        .from(agentTurns)
        .where(and(eq(agentTurns.workspaceId, workspaceId), eq(agentTurns.caseId, caseId)))
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
