import { describe, expect, it } from "vitest";
import { expectationSchema } from "../scenario.types";
import { checkExpectation } from "./check-expectation";

const expectation = (input: unknown) => expectationSchema.parse(input);

describe("checkExpectation", () => {
  it("passes when every fact is there, nothing forbidden is, and the flags agree", () => {
    const problems = checkExpectation(expectation({ include: ["UPS"], exclude: [{ named: "url" }], verified: true, escalated: false }), {
      text: "Order 1002 is on its way with UPS.",
      verified: true,
      escalated: false,
    });
    expect(problems).toEqual([]);
  });

  it("names each missing fact, each forbidden one and each wrong flag", () => {
    const problems = checkExpectation(expectation({ include: ["UPS"], exclude: ["not shipped"], verified: false, escalated: true }), {
      text: "Order 1002 has not shipped yet.",
      verified: true,
      escalated: false,
    });
    expect(problems).toEqual([
      'missing "UPS"',
      'must not state "not shipped"',
      "shopper was verified but must not be",
      "expected a hand-off to a person",
    ]);
  });
});
