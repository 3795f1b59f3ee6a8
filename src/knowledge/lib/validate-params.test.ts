import { describe, expect, it } from "vitest";
import { isAppError } from "../../core/errors";
import { validateParams } from "./validate-params";

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return error.field;
    throw error;
  }
  return undefined;
}

describe("validateParams", () => {
  it("completes a partial return policy with the defaults", () => {
    expect(validateParams("policy", "returns", { windowDays: 45 })).toEqual({
      windowDays: 45,
      categoryWindows: {},
      finalSaleCategories: [],
      restockingFeePercent: 0,
      requiresUnused: true,
      exchangesAllowed: true,
    });
  });

  it("accepts empty parameters for a return policy", () => {
    expect(validateParams("policy", "returns", undefined).windowDays).toBe(30);
  });

  it("names the field of a malformed parameter", () => {
    expect(fieldOf(() => validateParams("policy", "returns", { windowDays: -3 }))).toBe("params.windowDays");
    expect(fieldOf(() => validateParams("policy", "returns", { categoryWindows: { shoes: "sixty" } }))).toBe(
      "params.categoryWindows.shoes",
    );
    expect(fieldOf(() => validateParams("policy", "returns", { restockingFeePercent: 150 }))).toBe(
      "params.restockingFeePercent",
    );
  });

  it("refuses unknown parameters, naming them", () => {
    expect(fieldOf(() => validateParams("policy", "returns", { windowDayz: 10 }))).toBe("params.windowDayz");
  });

  it("checks transit ranges of a shipping policy", () => {
    expect(
      fieldOf(() => validateParams("policy", "shipping", { transitDays: { standard: { min: 5, max: 2 } } })),
    ).toBe("params.transitDays.standard.max");
    expect(fieldOf(() => validateParams("policy", "shipping", { currency: "usd" }))).toBe("params.currency");
  });

  it("refuses parameters on an article", () => {
    expect(fieldOf(() => validateParams("article", null, { windowDays: 1 }))).toBe("params.windowDays");
    expect(validateParams("article", null, {})).toEqual({});
  });

  it("refuses parameters larger than 16 KiB", () => {
    const big = { note: "x".repeat(20_000) };
    expect(fieldOf(() => validateParams("policy", "general", big))).toBe("params");
  });
});
