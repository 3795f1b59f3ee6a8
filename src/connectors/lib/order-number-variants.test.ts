import { describe, expect, it } from "vitest";
import { orderNumberVariants } from "./order-number-variants";

describe("orderNumberVariants", () => {
  it("tries the number with and without a leading hash", () => {
    expect(orderNumberVariants("1001")).toEqual(["1001", "#1001"]);
    expect(orderNumberVariants(" #W2378156 ")).toEqual(["#W2378156", "W2378156"]);
  });
  it("gives nothing for blank or hash-only input", () => {
    expect(orderNumberVariants("   ")).toEqual([]);
    expect(orderNumberVariants("#")).toEqual([]);
  });
});
