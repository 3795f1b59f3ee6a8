import { describe, expect, it } from "vitest";
import { NaiveBayes } from "./naive-bayes";

// Three classes, each marked by its own feature, plus background words every class uses.
const rows = [
  ...Array.from({ length: 20 }, (_, i) => ({ features: { refund: 1, story: i % 2 }, label: "r" })),
  ...Array.from({ length: 5 }, () => ({ features: { cancel: 1, story: 1 }, label: "c" })),
  ...Array.from({ length: 20 }, () => ({ features: { hours: 1, shop: 0.5 }, label: "h" })),
];

describe("NaiveBayes", () => {
  const model = NaiveBayes.train(rows);
  const top = (p: Map<string, number>): string | undefined =>
    [...p.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];

  it("gives probabilities that sum to one and favour the class a feature marks", () => {
    const p = model.predict({ hours: 1 });
    expect(top(p)).toBe("h");
    expect([...p.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    // Five examples are enough: the prior is uniform, so a rarely described intent is not outvoted.
    expect(top(model.predict({ cancel: 1 }))).toBe("c");
  });

  it("lets the one telling word win over a long shared background", () => {
    expect(top(model.predict({ cancel: 1, story: 3 }))).toBe("c");
  });

  it("is no surer of a longer message saying the same, and is uniform on unseen features", () => {
    const short = model.predict({ refund: 1, story: 1 }).get("r") as number;
    expect(model.predict({ refund: 3, story: 3 }).get("r")).toBeCloseTo(short, 10);
    for (const v of model.predict({ purple: 1 }).values()) expect(v).toBeCloseTo(1 / 3, 10);
  });

  it("round-trips through JSON and rejects inconsistent dimensions", () => {
    const json = model.toJSON();
    const loaded = NaiveBayes.fromJSON(JSON.parse(JSON.stringify(json)) as typeof json);
    expect(loaded.predict({ refund: 1 }).get("r")).toBe(model.predict({ refund: 1 }).get("r"));
    expect(() => NaiveBayes.fromJSON({ ...json, logLikelihood: [0] })).toThrow(/dimensions/);
  });
});
