import { describe, expect, it } from "vitest";
import { dayRenderings, describeFact, matchFact } from "./match-fact";

describe("matchFact", () => {
  it("matches a string case-insensitively", () => {
    expect(matchFact("Order 1007 was Delivered.", "delivered")).toBe(true);
    expect(matchFact("Order 1007 is on its way.", "delivered")).toBe(false);
  });

  it("never matches part of a longer number", () => {
    expect(matchFact("ships to 10012", "1001")).toBe(false);
    expect(matchFact("order 1001.", "1001")).toBe(true);
    expect(matchFact("arrives Dec 21", "Dec 2")).toBe(false);
  });

  it("matches a list when any alternative appears", () => {
    expect(matchFact("closes at 4 pm", ["16:00", "4 pm"])).toBe(true);
    expect(matchFact("closes at 9 pm", ["16:00", "4 pm"])).toBe(false);
  });

  it("matches a day in its common renderings and not its neighbours", () => {
    for (const text of ["on 2026-12-02", "Wednesday 2 December", "Dec 2", "December 2nd", "12/2/2026"]) {
      expect(matchFact(text, { date: "2026-12-02" }), text).toBe(true);
    }
    expect(matchFact("Wednesday 12 December", { date: "2026-12-02" })).toBe(false);
    expect(dayRenderings("2026-01-05")).toContain("January 5");
  });

  it("finds any date, Markdown and URLs with the named patterns", () => {
    expect(matchFact("was delivered on 2026-12-09", { named: "any-date" })).toBe(true);
    expect(matchFact("between Monday 7 December and Wednesday", { named: "any-date" })).toBe(true);
    expect(matchFact("I don't have a delivery date for this order yet.", { named: "any-date" })).toBe(false);
    expect(matchFact("| Footwear | 60 days |", { named: "markdown" })).toBe(true);
    expect(matchFact("**30 days**", { named: "markdown" })).toBe(true);
    expect(matchFact("You have 30 days - no receipt needed.", { named: "markdown" })).toBe(false);
    expect(matchFact("Track it at https://ups.example/t", { named: "url" })).toBe(true);
    expect(matchFact("Track it with UPS.", { named: "url" })).toBe(false);
  });

  it("applies a pattern case-insensitively", () => {
    expect(matchFact("Open NOW until 22:00", { pattern: "open now" })).toBe(true);
  });

  it("describes each kind of fact for failure messages", () => {
    expect(describeFact("UPS")).toBe('"UPS"');
    expect(describeFact(["a", "b"])).toBe('"a" or "b"');
    expect(describeFact({ date: "2026-12-02" })).toBe("the date 2026-12-02");
    expect(describeFact({ pattern: "x+" })).toBe("/x+/i");
    expect(describeFact({ named: "url" })).toBe("<url>");
  });
});
