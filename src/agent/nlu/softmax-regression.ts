import { encodeRows, type EncodedRows, type FeatureVector } from "./feature-extractor";

// Multinomial logistic regression over sparse features, trained by seeded SGD.
// Written here because the maintained JavaScript option (ml-logistic-regression) works on dense
// matrices: tens of thousands of n-gram features times thousands of examples would not fit the
// start-up budget. This one touches only the non-zero features of each example, so training on a
// few thousand messages takes well under a second and prediction is a few hundred multiply-adds.

export type SoftmaxJson = {
  labels: string[];
  features: string[];
  /** Row-major: weights[f * labels.length + k]. */
  weights: number[];
  bias: number[];
};

export type SoftmaxSettings = {
  epochs: number;
  learningRate: number;
  /** L2 penalty; keeps rare n-grams from dominating a class on one example. */
  l2: number;
  seed: number;
};

export const DEFAULT_SOFTMAX_SETTINGS: SoftmaxSettings = { epochs: 8, learningRate: 0.5, l2: 2e-5, seed: 7 };

type Sparse = { index: Int32Array; value: Float64Array };

// Deterministic shuffling: the same data always gives the same model, so behaviour is reproducible.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let k = 0; k < z.length; k += 1) {
    const e = Math.exp((z[k] as number) - max);
    z[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k += 1) z[k] = (z[k] as number) / sum;
}

// Unit length, so a long narrative does not produce larger scores than a terse request.
function unitLength(x: Sparse): Sparse {
  let norm = 0;
  for (const v of x.value) norm += v * v;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return { index: x.index, value: x.value.map((v) => v * scale) };
}

export class SoftmaxRegression {
  readonly labels: string[];
  private readonly featureIndex: Map<string, number>;
  private readonly weights: Float64Array;
  private readonly bias: Float64Array;

  private constructor(labels: string[], features: string[], weights: Float64Array, bias: Float64Array) {
    this.labels = labels;
    this.featureIndex = new Map(features.map((f, i) => [f, i]));
    this.weights = weights;
    this.bias = bias;
  }

  private sparse(features: FeatureVector): Sparse {
    const index: number[] = [];
    const value: number[] = [];
    for (const [name, v] of Object.entries(features)) {
      const i = this.featureIndex.get(name);
      if (i === undefined) continue;
      index.push(i);
      value.push(v);
    }
    return unitLength({ index: Int32Array.from(index), value: Float64Array.from(value) });
  }

  private scores(x: Sparse, out: Float64Array): void {
    const k = this.labels.length;
    out.set(this.bias);
    for (let j = 0; j < x.index.length; j += 1) {
      const base = (x.index[j] as number) * k;
      const v = x.value[j] as number;
      for (let c = 0; c < k; c += 1) out[c] = (out[c] as number) + v * (this.weights[base + c] as number);
    }
  }

  /** Trains on examples given as feature vectors, or already numbered by `encodeRows`. */
  static train(
    rows: { features: FeatureVector; label: string }[] | EncodedRows,
    settings: SoftmaxSettings = DEFAULT_SOFTMAX_SETTINGS,
  ): SoftmaxRegression {
    const encoded = Array.isArray(rows) ? encodeRows(rows) : rows;
    const { labels } = encoded;
    const k = labels.length;
    const model = new SoftmaxRegression(
      labels,
      encoded.features,
      new Float64Array(encoded.features.length * k),
      new Float64Array(k),
    );
    const data = encoded.rows.map((r) => ({ x: unitLength(r), y: r.y }));
    // Classes with many examples (a broad out_of_scope, say) would otherwise win every message that
    // carries little evidence; square-root balancing tempers that without ignoring real frequency.
    const counts = new Float64Array(k);
    for (const { y } of data) counts[y] = (counts[y] as number) + 1;
    const mean = data.length / k;
    const classWeight = Array.from(counts, (c) => (c > 0 ? Math.sqrt(mean / c) : 1));
    const random = mulberry32(settings.seed);
    const order = data.map((_, i) => i);
    const p = new Float64Array(k);
    const { weights, bias } = model;
    let step = 0;
    const total = settings.epochs * data.length;
    for (let epoch = 0; epoch < settings.epochs; epoch += 1) {
      for (let i = order.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      for (const n of order) {
        const { x, y } = data[n] as { x: Sparse; y: number };
        // Linear decay to a tenth of the rate: large early steps, stable final weights.
        const rate = settings.learningRate * (1 - (0.9 * step) / total);
        step += 1;
        model.scores(x, p);
        softmaxInPlace(p);
        p[y] = (p[y] as number) - 1;
        const w = classWeight[y] as number;
        for (let c = 0; c < k; c += 1) p[c] = (p[c] as number) * w;
        const biasRate = rate * 0.1;
        for (let c = 0; c < k; c += 1) bias[c] = (bias[c] as number) - biasRate * (p[c] as number);
        const shrink = 1 - rate * settings.l2;
        const { index, value } = x;
        for (let j = 0; j < index.length; j += 1) {
          const base = (index[j] as number) * k;
          // Hoisted products are the same floating-point operations in the same order.
          const scaled = rate * (value[j] as number);
          for (let c = 0; c < k; c += 1) {
            weights[base + c] = (weights[base + c] as number) * shrink - scaled * (p[c] as number);
          }
        }
      }
    }
    return model;
  }

  /** Probability of every label, summing to 1. */
  predict(features: FeatureVector): Map<string, number> {
    const p = new Float64Array(this.labels.length);
    this.scores(this.sparse(features), p);
    softmaxInPlace(p);
    return new Map(this.labels.map((l, i) => [l, p[i] as number]));
  }

  toJSON(): SoftmaxJson {
    const features: string[] = [];
    for (const [name, i] of this.featureIndex) features[i] = name;
    return { labels: this.labels, features, weights: Array.from(this.weights), bias: Array.from(this.bias) };
  }

  static fromJSON(json: SoftmaxJson): SoftmaxRegression {
    if (
      json.weights.length !== json.features.length * json.labels.length ||
      json.bias.length !== json.labels.length
    ) {
      throw new Error("saved linear model has inconsistent dimensions");
    }
    return new SoftmaxRegression(
      json.labels,
      json.features,
      Float64Array.from(json.weights),
      Float64Array.from(json.bias),
    );
  }
}
