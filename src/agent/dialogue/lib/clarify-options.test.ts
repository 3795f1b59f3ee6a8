import { describe, expect, it } from "vitest";
import { chosenOption, clarifyingQuestion } from "./clarify-options";

const ranking = [
  { intent: "refund_status", confidence: 0.3 },
  { intent: "greeting", confidence: 0.2 },
  { intent: "return_request", confidence: 0.25 },
];

describe("clarifying an unclear message", () => {
  it("offers the two best readings that name a real request", () => {
    const q = clarifyingQuestion(ranking);
    expect(q.options).toEqual(["refund_status", "return_request"]);
    expect(q.text).toMatch(/a refund, or returning or exchanging an item\?/);
  });

  it("falls back to the list of what it can do when there is nothing concrete to offer", () => {
    const q = clarifyingQuestion([{ intent: "greeting", confidence: 0.3 }]);
    expect(q.options).toEqual([]);
    const noise = clarifyingQuestion([
      { intent: "account_access", confidence: 0.037 },
      { intent: "cancel_order", confidence: 0.037 },
    ]);
    expect(noise.options).toEqual([]);
    // A vague message scores every reading low: offering two of them would be a guess.
    const vague = clarifyingQuestion([
      { intent: "complaint", confidence: 0.215 },
      { intent: "feedback", confidence: 0.127 },
    ]);
    expect(vague.options).toEqual([]);
    expect(vague.text).toMatch(/orders and deliveries, returns, stores/);
    expect(q.text).toMatch(/orders and deliveries/);
  });

  it.each([
    ["the first one", "refund_status"],
    ["2", "return_request"],
    ["the second one", "return_request"],
    ["the refund please", "refund_status"],
    ["returning it", "return_request"],
    ["something about my cat and also the weather being cold today", undefined],
  ])("reads %j as %s", (text, expected) => {
    expect(chosenOption(text, ["refund_status", "return_request"])).toBe(expected);
  });
});
