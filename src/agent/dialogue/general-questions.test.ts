import { describe, expect, it } from "vitest";
import { PRICE_MATCH } from "./general-questions";

describe("price-match questions", () => {
  it.each([
    "Do you price match?",
    "is there price-matching",
    "will you match a competitor's price",
    "can you beat that price",
    "If it gets cheaper next week, do you refund the difference?",
    "do you do price adjustments",
  ])("recognises %j", (text) => expect(PRICE_MATCH.test(text)).toBe(true));
  it.each(["what's the price of the jacket", "do you have any matching gloves"])("leaves %j alone", (text) =>
    expect(PRICE_MATCH.test(text)).toBe(false),
  );
});
