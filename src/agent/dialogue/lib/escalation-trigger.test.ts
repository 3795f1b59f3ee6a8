import { describe, expect, it } from "vitest";
import { escalationTrigger } from "./escalation-trigger";

const calm = { score: 0.1, label: "neutral", frustration: 0, urgency: 0 } as const;
const angry = { score: -0.7, label: "negative", frustration: 0.8, urgency: 0.2 } as const;
const base = { intent: "order_status", confidence: 0.9, sentiment: calm, scores: [0.1], trend: "stable" as const };

describe("escalationTrigger", () => {
  it("escalates on an explicit request for a person", () => {
    expect(escalationTrigger({ ...base, text: "can I talk to a real person" })?.reason).toBe(
      "customer_requested_human",
    );
    expect(escalationTrigger({ ...base, text: "agent" })?.reason).toBe("customer_requested_human");
    expect(escalationTrigger({ ...base, text: "hmm", intent: "human_agent", confidence: 0.8 })?.reason).toBe(
      "customer_requested_human",
    );
  });
  it("does not escalate one bad moment", () => {
    expect(escalationTrigger({ ...base, text: "this is late", sentiment: angry, scores: [0.1, -0.7] })).toBeNull();
  });
  it("escalates negative sentiment that persists", () => {
    const trigger = escalationTrigger({ ...base, text: "still nothing", sentiment: angry, scores: [-0.5, -0.7] });
    expect(trigger?.reason).toBe("sentiment_negative_persistent");
    expect(trigger?.priority).toBe("urgent");
  });
  it("escalates sentiment that keeps getting worse", () => {
    const trigger = escalationTrigger({
      ...base,
      text: "unbelievable",
      sentiment: angry,
      scores: [0.4, -0.1, -0.4],
      trend: "worsening",
    });
    expect(trigger?.reason).toBe("sentiment_worsening");
  });
  it("does not call one negative message after a calm conversation a slide", () => {
    expect(
      escalationTrigger({ ...base, text: "ignore that", sentiment: angry, scores: [0, 0, 0, 0, 0, -0.36], trend: "worsening" }),
    ).toBeNull();
  });
  it("ignores an empty message", () => {
    expect(escalationTrigger({ ...base, text: "" })).toBeNull();
  });
});
