import { NeuralNetwork } from "@nlpjs/neural";
import { describe, expect, it } from "vitest";
import { trainNetwork } from "./network-trainer";

// Overlapping features and uneven classes, so momentum, the leaky branch and the bias all matter.
const corpus = [
  ...Array.from({ length: 12 }, (_, i) => ({
    input: { "w:refund": 1, "w:money": i % 3 === 0 ? 0.5 : 1, "b:my_order": 0.6 },
    output: { refund: 1 },
  })),
  ...Array.from({ length: 5 }, (_, i) => ({
    input: { "w:cancel": 1, "b:my_order": 0.6, ...(i % 2 ? { "w:money": 0.5 } : {}) },
    output: { cancel: 1 },
  })),
  ...Array.from({ length: 9 }, () => ({ input: { "w:hours": 1, "w:shop": 0.5 }, output: { hours: 1 } })),
];

describe("trainNetwork", () => {
  it("learns exactly the weights the library's own training does", () => {
    for (const settings of [{ iterations: 40, errorThresh: 0.00005, log: false }, { iterations: 3 }, {}]) {
      const library = new NeuralNetwork({ ...settings });
      library.train(corpus.map((r) => ({ input: { ...r.input }, output: { ...r.output } })));
      expect(trainNetwork(corpus, settings)).toEqual(library.toJSON());
    }
  });

  it("gives a network the library can load and run", () => {
    const network = new NeuralNetwork();
    network.fromJSON(trainNetwork(corpus, { iterations: 40 }));
    const out = network.run({ "w:cancel": 1 }) ?? {};
    expect(Object.entries(out).sort((a, b) => b[1] - a[1])[0]?.[0]).toBe("cancel");
  });
});
