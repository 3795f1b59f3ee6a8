import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { agentSuggestions, handoffSummaries } from "./handoff.schema";

export type SummaryRow = typeof handoffSummaries.$inferSelect;
export type SuggestionRow = typeof agentSuggestions.$inferSelect;

export function handoffRepository(db: Db) {
  return {
    async latestSummary(workspaceId: string, caseId: string): Promise<SummaryRow | undefined> {
      const [row] = await db
        .select()
        .from(handoffSummaries)
        .where(and(eq(handoffSummaries.workspaceId, workspaceId), eq(handoffSummaries.caseId, caseId)))
        .orderBy(desc(handoffSummaries.version))
        .limit(1);
      return row;
    },

    listSummaries(workspaceId: string, caseId: string): Promise<SummaryRow[]> {
      return db
        .select()
        .from(handoffSummaries)
        .where(and(eq(handoffSummaries.workspaceId, workspaceId), eq(handoffSummaries.caseId, caseId)))
        .orderBy(asc(handoffSummaries.version));
    },

    /** Undefined when another request stored this version first. */
    async insertSummary(row: SummaryRow): Promise<SummaryRow | undefined> {
      const [inserted] = await db.insert(handoffSummaries).values(row).onConflictDoNothing().returning();
      return inserted;
    },

    async insertSuggestion(row: SuggestionRow): Promise<SuggestionRow> {
      const [inserted] = await db.insert(agentSuggestions).values(row).returning();
      if (!inserted) throw new Error("suggestion insert returned nothing");
      return inserted;
    },

    listSuggestions(workspaceId: string, caseId: string, limit: number): Promise<SuggestionRow[]> {
      return db
        .select()
        .from(agentSuggestions)
        .where(and(eq(agentSuggestions.workspaceId, workspaceId), eq(agentSuggestions.caseId, caseId)))
        .orderBy(desc(agentSuggestions.createdAt), desc(agentSuggestions.id))
        .limit(limit);
    },
  };
}
