import { describe, expect, it } from "vitest";
import { SoftmaxRegression } from "./softmax-regression";

// Three separable classes, each marked by its own feature, with a shared noise feature.
const rows = [
  ...Array.from({ length: 20 }, (_, i) => ({ features: { red: 1, noise: i % 2 }, label: "r" })),
  ...Array.from({ length: 20 }, (_, i) => ({
    features: { green: 1, noise: i % 3 === 0 ? 1 : 0 },
    label: "g",
  })),
  ...Array.from({ length: 20 }, () => ({ features: { blue: 1, dark: 0.5 }, label: "b" })),
];

describe("SoftmaxRegression", () => {
  const model = SoftmaxRegression.train(rows);

  it("learns separable classes and gives probabilities that sum to one", () => {
    const p = model.predict({ green: 1 });
    expect([...p.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]).toBe("g");
    expect(p.get("g")).toBeGreaterThan(0.8);
    expect([...p.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(model.predict({ blue: 1 }).get("b")).toBeGreaterThan(0.8);
  });

  it("is unsure about features it never saw", () => {
    const p = model.predict({ purple: 1 });
    for (const v of p.values()) expect(v).toBeLessThan(0.6);
  });

  it("trains the same model from the same data", () => {
    const again = SoftmaxRegression.train(rows);
    expect(again.predict({ red: 1, noise: 1 }).get("r")).toBe(model.predict({ red: 1, noise: 1 }).get("r"));
  });

  it("round-trips through JSON and rejects inconsistent dimensions", () => {
    const json = model.toJSON();
    const loaded = SoftmaxRegression.fromJSON(JSON.parse(JSON.stringify(json)) as typeof json);
    expect(loaded.predict({ green: 1 }).get("g")).toBe(model.predict({ green: 1 }).get("g"));
    expect(() => SoftmaxRegression.fromJSON({ ...json, bias: [0] })).toThrow(/dimensions/);
  });
});
