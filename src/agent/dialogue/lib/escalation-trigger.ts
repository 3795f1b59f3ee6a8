import type { Sentiment } from "../../nlu";

export type EscalationTrigger = { reason: string; priority: "normal" | "high" | "urgent" };

const HUMAN_REQUEST =
  /\b(speak|talk|chat|connect|transfer|put) (me )?(to|with|through to) (a |an |some |your )?(real |live |actual )?(human|person|people|agent|someone|somebody|representative|rep|manager|supervisor|operator|staff)\b|\b(real|live|actual) (human|person|agent)\b|\bhuman please\b|^\s*(agent|human|representative|operator)\s*[.!?]*\s*$/i;

/**
 * Escalation rules that read the message and the conversation's mood: an explicit request for a
 * person, and negative sentiment that persists or worsens. `scores` holds this case's sentiment
 * scores including the current message, oldest first.
 */
export function escalationTrigger(input: {
  text: string;
  intent: string;
  confidence: number;
  sentiment: Sentiment;
  scores: number[];
  trend: "improving" | "stable" | "worsening";
}): EscalationTrigger | null {
  if (HUMAN_REQUEST.test(input.text) || (input.intent === "human_agent" && input.confidence >= 0.5)) {
    return { reason: "customer_requested_human", priority: "normal" };
  }
  const recent = input.scores.slice(-2);
  const negative = (s: number) => s <= -0.3;
  if (recent.length === 2 && recent.every(negative)) {
    return {
      reason: input.trend === "worsening" ? "sentiment_worsening" : "sentiment_negative_persistent",
      priority: input.sentiment.frustration >= 0.7 ? "urgent" : "high",
    };
  }
  const last = input.scores.at(-1) ?? 0;
  const previous = input.scores.at(-2) ?? 0;
  // Worsening means a slide, not one sharp word after a calm conversation.
  if (input.scores.length >= 3 && input.trend === "worsening" && negative(last) && previous < -0.05 && last < previous) {
    return { reason: "sentiment_worsening", priority: "high" };
  }
  return null;
}
