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

describe("unsupportedFacts: dates, carriers and amounts", () => {
  const grounding = [
    "Order 1001 is on its way with UPS (tracking 1Z999). Expected on Friday 16 January.",
    '{"number":"1001","delivery":{"from":"2026-01-16T20:00:00.000Z","to":"2026-01-16T20:00:00.000Z"},"totals":{"total":129.5},"days":[7,12]}',
  ].join("\n");

  it("rejects a date the results do not hold, even when its numbers appear elsewhere", () => {
    expect(unsupportedFacts("It was delivered on 7 December.", grounding)).toEqual(["7 December"]);
    expect(unsupportedFacts("It was delivered on 2026-12-07.", grounding)).toContain("2026-12-07");
    expect(unsupportedFacts("It should arrive by Dec 12th.", grounding)).toEqual(["Dec 12th"]);
  });

  it("accepts a date the results hold, in words or as ISO, in any time zone's day", () => {
    expect(unsupportedFacts("It should arrive on 16 January.", grounding)).toEqual([]);
    expect(unsupportedFacts("Expected January 16th.", grounding)).toEqual([]);
    expect(unsupportedFacts("Expected 2026-01-16.", grounding)).toEqual([]);
    expect(unsupportedFacts("In Tokyo that is 17 January.", grounding)).toEqual([]);
  });

  it("rejects a carrier the results do not name", () => {
    expect(unsupportedFacts("It is with FedEx.", grounding)).toEqual(["FedEx"]);
    expect(unsupportedFacts("It is with ups.", grounding)).toEqual([]);
  });

  it("rejects an amount the results do not hold", () => {
    expect(unsupportedFacts("Your refund is $25.00.", grounding)).toEqual(["25.00"]);
    expect(unsupportedFacts("Your total was $129.50.", grounding)).toEqual([]);
  });
});
