import type { EscalationReason } from "../handoff.types";

const DETAIL: Record<EscalationReason, string> = {
  customer_requested: "asked for a person",
  negative_sentiment: "customer upset",
  repeated_failure: "the same need failed twice",
  low_confidence: "the AI could not understand the request",
  verification_failed: "identity could not be verified",
  sensitive_topic: "sensitive matter",
  policy_exception: "needs a decision the AI may not make",
  complaint: "complaint",
  needs_investigation: "needs investigation",
  staff_escalated: "escalated by staff",
  other: "handed over",
};

const SPECIFIC: Record<string, string> = {
  sentiment_worsening: "mood worsening",
  sentiment_negative_persistent: "upset over several messages",
  "sensitive_topic:fraud": "possible fraud",
  "sensitive_topic:injury": "possible injury",
  "sensitive_topic:legal": "legal matter",
  "action_not_allowed:change_order": "order change requested",
  "action_not_allowed:payment_issue": "payment problem",
  "action_not_allowed:account_change": "account change requested",
  delivery_problem_needs_investigation: "delivery problem to investigate",
};

/** The fixed reason for a raw escalation reason the dialogue recorded, and its detail in words. */
export function escalationCategory(raw: string | null): { reason: EscalationReason; detail: string } {
  const reason: EscalationReason = !raw
    ? "staff_escalated"
    : raw === "customer_requested_human"
      ? "customer_requested"
      : raw.startsWith("sentiment_")
        ? "negative_sentiment"
        : raw === "same_need_failed_twice"
          ? "repeated_failure"
          : raw === "low_confidence_twice"
            ? "low_confidence"
            : raw === "verification_failed_twice"
              ? "verification_failed"
              : raw.startsWith("sensitive_topic")
                ? "sensitive_topic"
                : raw.startsWith("action_not_allowed")
                  ? "policy_exception"
                  : raw === "complaint"
                    ? "complaint"
                    : raw.endsWith("needs_investigation")
                      ? "needs_investigation"
                      : "other";
  return { reason, detail: (raw && SPECIFIC[raw]) || DETAIL[reason] };
}
