import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { voiceCalls } from "./voice.schema";
import type { ScreenPop, VoiceCall } from "./voice.types";

export function voiceRepository(db: Db) {
  return {
    /** The first webhook for a CallSid creates the row; a redelivery finds it. */
    async startCall(row: { workspaceId: string; callSid: string; caseId: string; customerId: string; at: Date }) {
      await db
        .insert(voiceCalls)
        .values({ ...row, status: "in-progress", startedAt: row.at })
        .onConflictDoNothing();
      return this.findCall(row.workspaceId, row.callSid);
    },

    async findCall(workspaceId: string, callSid: string): Promise<VoiceCall | undefined> {
      const [row] = await db
        .select()
        .from(voiceCalls)
        .where(and(eq(voiceCalls.workspaceId, workspaceId), eq(voiceCalls.callSid, callSid)));
      return row;
    },

    async recordTurn(workspaceId: string, callSid: string, turns: number): Promise<void> {
      await db
        .update(voiceCalls)
        .set({ turns })
        .where(and(eq(voiceCalls.workspaceId, workspaceId), eq(voiceCalls.callSid, callSid)));
    },

    /** True only for the first transfer of the call: a redelivered webhook does not pop twice. */
    async markTransferred(workspaceId: string, callSid: string, screenPop: ScreenPop, at: Date): Promise<boolean> {
      const updated = await db
        .update(voiceCalls)
        .set({ transferredAt: at, screenPop, status: "transferred" })
        .where(
          and(eq(voiceCalls.workspaceId, workspaceId), eq(voiceCalls.callSid, callSid), isNull(voiceCalls.transferredAt)),
        )
        .returning({ callSid: voiceCalls.callSid });
      return updated.length > 0;
    },

    async recordStatus(workspaceId: string, callSid: string, status: string, endedAt: Date | null): Promise<void> {
      await db
        .update(voiceCalls)
        .set({ status, ...(endedAt ? { endedAt } : {}) })
        .where(and(eq(voiceCalls.workspaceId, workspaceId), eq(voiceCalls.callSid, callSid)));
    },
  };
}
