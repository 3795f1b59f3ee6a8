import { describe, expect, it } from "vitest";
import { ESCALATION_REASONS } from "../handoff.types";
import { escalationCategory } from "./escalation-category";

describe("escalationCategory", () => {
  it.each([
    ["customer_requested_human", "customer_requested", "asked for a person"],
    ["sentiment_worsening", "negative_sentiment", "mood worsening"],
    ["sentiment_negative_persistent", "negative_sentiment", "upset over several messages"],
    ["same_need_failed_twice", "repeated_failure", "the same need failed twice"],
    ["low_confidence_twice", "low_confidence", "the AI could not understand the request"],
    ["verification_failed_twice", "verification_failed", "identity could not be verified"],
    ["sensitive_topic:fraud", "sensitive_topic", "possible fraud"],
    ["action_not_allowed:change_order", "policy_exception", "order change requested"],
    ["complaint", "complaint", "complaint"],
    ["delivery_problem_needs_investigation", "needs_investigation", "delivery problem to investigate"],
  ])("reads %s as %s", (raw, reason, detail) => {
    expect(escalationCategory(raw)).toEqual({ reason, detail });
  });

  it("calls a case escalated without an agent turn a staff escalation, and anything unknown other", () => {
    expect(escalationCategory(null).reason).toBe("staff_escalated");
    expect(escalationCategory("something_new").reason).toBe("other");
    expect(ESCALATION_REASONS).toContain(escalationCategory("something_new").reason);
  });
});
