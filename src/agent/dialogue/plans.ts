import type { AgentDecision } from "../agent.types";
import type { ReplyLine, ReplyPlan } from "./dialogue.types";

type Lines = (string | ReplyLine)[];
const toLines = (lines: Lines): ReplyLine[] => lines.map((l) => (typeof l === "string" ? { text: l } : l));

export function plan(decision: AgentDecision, reason: string, lines: Lines, facts: string[] = []): ReplyPlan {
  return { decision, reason, lines: toLines(lines), facts };
}

export const detail = (text: string): ReplyLine => ({ text, detail: true });

export function escalation(
  reason: string,
  priority: "normal" | "high" | "urgent",
  lead?: string,
): ReplyPlan {
  return {
    decision: "escalate",
    reason,
    escalate: { reason, priority },
    facts: [],
    lines: toLines([
      ...(lead ? [lead] : []),
      "I'm passing this to a member of our team. They will see this whole conversation, so you won't need to repeat yourself.",
      detail("They will reply here as soon as they can."),
    ]),
  };
}

export function failed(p: ReplyPlan): ReplyPlan {
  return { ...p, failed: true };
}
