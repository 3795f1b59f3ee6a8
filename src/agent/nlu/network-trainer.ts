import type { NeuralCorpusRow, NeuralJson, NeuralSettings } from "@nlpjs/neural";

// The training loop of `@nlpjs/neural` (one leaky-ReLU perceptron per intent, momentum SGD, a
// learning rate that decays per pass), step for step and in the same floating-point order, so the
// weights are identical to the library's. The library keeps each example as an object keyed by
// feature number and sums with `reduce`; over thousands of examples, dozens of intents and 40
// passes that was most of the start-up time. Here each example is a slice of two typed arrays. The
// result is the library's own JSON, so prediction and saved models still go through the library.

type Settings = Required<Omit<NeuralSettings, "log">>;

// The library's defaults, for any setting the caller leaves out.
const DEFAULTS: Settings & { log: boolean } = {
  iterations: 20000,
  errorThresh: 0.00005,
  deltaErrorThresh: 0.000001,
  learningRate: 0.6,
  momentum: 0.5,
  alpha: 0.07,
  log: false,
};

function indexOf(dict: Map<string, number>, items: string[], key: string): number {
  let i = dict.get(key);
  if (i === undefined) {
    i = items.length;
    dict.set(key, i);
    items.push(key);
  }
  return i;
}

/** Trains as `new NeuralNetwork(settings).train(corpus)` would and returns that network's `toJSON()`. */
export function trainNetwork(corpus: NeuralCorpusRow[], settings: NeuralSettings = {}): NeuralJson {
  const s: Settings = { ...DEFAULTS, ...settings };
  // Feature and intent numbering in first-seen order, as the library's lookup assigns them.
  const featureDict = new Map<string, number>();
  const features: string[] = [];
  const intentDict = new Map<string, number>();
  const intents: string[] = [];
  for (const row of corpus) for (const key of Object.keys(row.input)) indexOf(featureDict, features, key);
  for (const row of corpus) for (const key of Object.keys(row.output)) indexOf(intentDict, intents, key);

  const start = new Int32Array(corpus.length + 1);
  let size = 0;
  for (let n = 0; n < corpus.length; n += 1) {
    start[n] = size;
    size += Object.keys((corpus[n] as NeuralCorpusRow).input).length;
  }
  start[corpus.length] = size;
  const keys = new Int32Array(size);
  const values = new Float64Array(size);
  // Expected output of every intent for every example, row-major by intent.
  const expected = new Float64Array(intents.length * corpus.length);
  for (let n = 0; n < corpus.length; n += 1) {
    const row = corpus[n] as NeuralCorpusRow;
    let at = start[n] as number;
    for (const [key, v] of Object.entries(row.input)) {
      keys[at] = featureDict.get(key) as number;
      values[at] = v;
      at += 1;
    }
    for (const [key, v] of Object.entries(row.output)) {
      expected[(intentDict.get(key) as number) * corpus.length + n] = v;
    }
  }

  const weights = intents.map(() => new Float32Array(features.length));
  const changes = intents.map(() => new Float32Array(features.length));
  const bias = new Float64Array(intents.length);
  const { alpha, momentum } = s;
  let error = Infinity;
  let deltaError = Infinity;
  let iterations = 0;
  while (iterations < s.iterations && error > s.errorThresh && deltaError > s.deltaErrorThresh) {
    iterations += 1;
    const rate = s.learningRate / (1 + 0.001 * iterations);
    const lastError = error;
    error = 0;
    for (let p = 0; p < intents.length; p += 1) {
      const w = weights[p] as Float32Array;
      const ch = changes[p] as Float32Array;
      let perceptronError = 0;
      for (let n = 0; n < corpus.length; n += 1) {
        const from = start[n] as number;
        const to = start[n + 1] as number;
        let sum = bias[p] as number;
        for (let j = from; j < to; j += 1) sum += (values[j] as number) * (w[keys[j] as number] as number);
        const actual = sum <= 0 ? 0 : alpha * sum;
        const currentError = (expected[p * corpus.length + n] as number) - actual;
        if (currentError) {
          perceptronError += currentError ** 2;
          const delta = (actual > 0 ? 1 : alpha) * currentError * rate;
          for (let j = from; j < to; j += 1) {
            const key = keys[j] as number;
            const change = delta * (values[j] as number) + momentum * (ch[key] as number);
            ch[key] = change;
            w[key] = (w[key] as number) + change;
          }
          bias[p] = (bias[p] as number) + delta;
        }
      }
      error += perceptronError;
    }
    error /= intents.length * corpus.length;
    deltaError = Math.abs(error - lastError);
  }

  // As the library's toJSON: only settings that differ from its defaults, one row of weights plus
  // the bias per intent.
  const saved: NeuralSettings = {};
  for (const [key, v] of Object.entries({ ...DEFAULTS, ...settings }) as [keyof typeof DEFAULTS, never][]) {
    if (v !== DEFAULTS[key]) saved[key] = v;
  }
  return {
    settings: saved,
    features,
    intents,
    perceptrons: intents.map((_, p) => [...(weights[p] as Float32Array), bias[p] as number]),
  };
}
