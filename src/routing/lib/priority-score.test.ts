import { describe, expect, it } from "vitest";
import { priorityScore } from "./priority-score";

const base = { tier: "standard", sentiment: 0, frustration: 0, recentCases: 0, casePriority: "normal", slaSeconds: 3600 };

describe("priorityScore", () => {
  it("scores a calm standard customer on a relaxed queue at zero", () => {
    expect(priorityScore(base).score).toBe(0);
  });

  it("ranks a platinum customer above a gold one above a standard one", () => {
    const [platinum, gold, standard] = ["platinum", "Gold", "standard"].map((tier) => priorityScore({ ...base, tier }).score);
    expect(platinum).toBeGreaterThan(gold!);
    expect(gold).toBeGreaterThan(standard!);
  });

  it("adds points for anger, a repeat contact within the week, an urgent case and a tight promise", () => {
    const { score, factors } = priorityScore({
      ...base,
      sentiment: -0.8,
      frustration: 0.5,
      recentCases: 2,
      casePriority: "urgent",
      slaSeconds: 120,
    });
    expect(factors).toEqual({ tier: 0, sentiment: 16, repeatContact: 15, casePriority: 40, sla: 10 });
    expect(score).toBe(81);
  });

  it("treats an unknown tier or priority as neutral", () => {
    expect(priorityScore({ ...base, tier: "", casePriority: "whatever" }).score).toBe(0);
  });
});
