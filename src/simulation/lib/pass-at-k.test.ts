import { describe, expect, it } from "vitest";
import { overallRates, passRates } from "./pass-at-k";

describe("passRates", () => {
  it("gives pass^1 as the mean and pass^k only when every run passed", () => {
    expect(passRates([true, true, true])).toEqual({ runs: 3, passed: 3, pass1: 1, passK: 1 });
    expect(passRates([true, false, true])).toEqual({ runs: 3, passed: 2, pass1: 2 / 3, passK: 0 });
    expect(passRates([])).toEqual({ runs: 0, passed: 0, pass1: 0, passK: 0 });
  });

  it("weighs every scenario the same in the overall figures", () => {
    const overall = overallRates([passRates([true, true]), passRates([true, false]), passRates([false, false])]);
    expect(overall.scenarios).toBe(3);
    expect(overall.pass1).toBeCloseTo(0.5);
    expect(overall.passK).toBeCloseTo(1 / 3);
    expect(overallRates([])).toEqual({ scenarios: 0, pass1: 0, passK: 0 });
  });
});
