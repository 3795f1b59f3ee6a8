import type { CasesService } from "../cases";
import { newId } from "../core/ids";
import type { Db } from "../db/client";
import type { TimelineService } from "../timeline";
import { agentRepository, type AgentTurnRow } from "./agent.repository";
import type {
  AgentDecision,
  AgentEngineName,
  KnowledgeUse,
  ToolCallRecord,
  TurnNotes,
  UnderstandingRecord,
} from "./agent.types";
import type { DialogueState } from "./dialogue/dialogue.types";

export type TurnDraft = {
  id: string;
  workspaceId: string;
  caseId: string;
  customerId: string;
  messageId: string;
  channel: string;
  engine: AgentEngineName;
  intent: string;
  understanding: UnderstandingRecord;
  decision: AgentDecision;
  reason: string;
  tools: ToolCallRecord[];
  knowledge: KnowledgeUse[];
  reply: string;
  escalated: boolean;
  notes: TurnNotes;
  at: Date;
  /** performance.now() when the turn started, for its latency. */
  started: number;
  /** False when a person holds the case: the reply is a draft for them, never sent to the customer. */
  send?: boolean;
};

/**
 * Records a turn atomically: the AI reply as an outbound message, the turn, the dialogue state
 * and the `agent.replied` timeline entry. A crash leaves either all of them or none.
 */
export function recordTurn(
  deps: { db: Db; cases: CasesService; timeline: TimelineService },
  turn: TurnDraft,
  state: DialogueState,
): Promise<AgentTurnRow> {
  return deps.db.transaction(async (tx) => {
    const replyMessage =
      turn.send === false
        ? null
        : (
            await deps.cases.appendMessage(tx, {
              workspaceId: turn.workspaceId,
              caseId: turn.caseId,
              customerId: turn.customerId,
              direction: "outbound",
              authorKind: "ai",
              authorId: turn.engine,
              channel: turn.channel,
              body: turn.reply,
              metadata: { turnId: turn.id, decision: turn.decision },
              at: turn.at,
            })
          ).message;
    return agentRepository(tx).recordTurnWithState(
      {
        id: turn.id,
        workspaceId: turn.workspaceId,
        caseId: turn.caseId,
        customerId: turn.customerId,
        messageId: turn.messageId,
        replyMessageId: replyMessage?.id ?? null,
        channel: turn.channel,
        engine: turn.engine,
        understanding: turn.understanding,
        decision: turn.decision,
        reason: turn.reason,
        tools: turn.tools,
        knowledge: turn.knowledge,
        reply: turn.reply,
        escalated: turn.escalated,
        notes: turn.notes,
        latencyMs: Math.round(performance.now() - turn.started),
        createdAt: turn.at,
      },
      state,
      {
        id: newId("event", turn.at.getTime()),
        kind: "agent.replied",
        summary: `${turn.intent} → ${turn.decision} (${turn.reason})`,
        data: {
          turnId: turn.id,
          intent: turn.intent,
          decision: turn.decision,
          tools: turn.tools.map((t) => ({ name: t.name, ok: t.ok, summary: t.summary })),
          knowledge: turn.knowledge,
        },
      },
    );
  });
}
