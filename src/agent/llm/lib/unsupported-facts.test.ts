import { describe, expect, it } from "vitest";
import { unsupportedFacts } from "./unsupported-facts";

describe("unsupportedFacts", () => {
  const grounding = '{"number":"1001","status":"shipped","estimatedDeliveryAt":"2026-01-15T00:00:00Z","total":129.5}';
  it("accepts numbers that appear in tool results", () => {
    expect(unsupportedFacts("Order 1001 ships and should arrive on 15 January; total $129.50.", grounding)).toEqual([]);
  });
  it("flags invented numbers, links and emails", () => {
    expect(unsupportedFacts("Order 1002 arrives on the 17th.", grounding)).toEqual(["1002", "17"]);
    expect(unsupportedFacts("Track at https://evil.example/x or mail help@evil.example", grounding)).toEqual([
      "https://evil.example/x",
      "help@evil.example",
    ]);
  });
  it("accepts a reply with no facts at all", () => {
    expect(unsupportedFacts("", grounding)).toEqual([]);
    expect(unsupportedFacts("You're welcome!", "")).toEqual([]);
  });
});
