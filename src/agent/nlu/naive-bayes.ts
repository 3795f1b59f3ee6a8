import { encodeRows, type EncodedRows, type FeatureVector } from "./feature-extractor";

// Multinomial naive Bayes over the same sparse features as the linear model. It learns in one
// counting pass, and it makes different mistakes from the two discriminative models: it weighs every
// feature independently, so one strong request word is not drowned by a long story around it, and it
// has no learned interactions to overfit on a few thousand examples. That difference is what an
// ensemble gains from.

export type BayesJson = {
  labels: string[];
  features: string[];
  /** Row-major log P(feature | label): logLikelihood[f * labels.length + k]. */
  logLikelihood: number[];
  logPrior: number[];
};

// Additive smoothing; small, because most features are rare and a large value flattens them all.
const ALPHA = 0.1;
// Naive Bayes sums one log term per feature, so its raw posterior is near 0 or 1 for any long
// message. Dividing the log scores by the message's feature mass (then sharpening by this factor)
// turns it into a probability comparable with the other models' outputs.
const SHARPNESS = 6;

export class NaiveBayes {
  readonly labels: string[];
  private readonly featureIndex: Map<string, number>;
  private readonly logLikelihood: Float64Array;
  private readonly logPrior: Float64Array;

  private constructor(
    labels: string[],
    features: string[],
    logLikelihood: Float64Array,
    logPrior: Float64Array,
  ) {
    this.labels = labels;
    this.featureIndex = new Map(features.map((f, i) => [f, i]));
    this.logLikelihood = logLikelihood;
    this.logPrior = logPrior;
  }

  /** Trains on examples given as feature vectors, or already numbered by `encodeRows`. */
  static train(rows: { features: FeatureVector; label: string }[] | EncodedRows): NaiveBayes {
    const encoded = Array.isArray(rows) ? encodeRows(rows) : rows;
    const { labels, features: featureNames } = encoded;
    const k = labels.length;
    const counts = new Float64Array(featureNames.length * k);
    const mass = new Float64Array(k);
    for (const { index, value, y: c } of encoded.rows) {
      for (let j = 0; j < index.length; j += 1) {
        const v = value[j] as number;
        const at = (index[j] as number) * k + c;
        counts[at] = (counts[at] as number) + v;
        mass[c] = (mass[c] as number) + v;
      }
    }
    const vocabulary = featureNames.length;
    const logLikelihood = new Float64Array(counts.length);
    for (let f = 0; f < vocabulary; f += 1) {
      for (let c = 0; c < k; c += 1) {
        const at = f * k + c;
        logLikelihood[at] = Math.log(
          ((counts[at] as number) + ALPHA) / ((mass[c] as number) + ALPHA * vocabulary),
        );
      }
    }
    // Uniform prior: how often an intent appears in the training files says how hard it was to
    // describe, not how often customers ask for it.
    const logPrior = new Float64Array(k).fill(Math.log(1 / k));
    return new NaiveBayes(labels, featureNames, logLikelihood, logPrior);
  }

  /** Probability of every label, summing to 1. */
  predict(features: FeatureVector): Map<string, number> {
    const k = this.labels.length;
    const z = Float64Array.from(this.logPrior);
    let weight = 0;
    for (const [name, v] of Object.entries(features)) {
      const f = this.featureIndex.get(name);
      // A feature no training example had says nothing about any intent.
      if (f === undefined) continue;
      weight += v;
      for (let c = 0; c < k; c += 1) z[c] = (z[c] as number) + v * (this.logLikelihood[f * k + c] as number);
    }
    let max = -Infinity;
    for (let c = 0; c < k; c += 1) {
      z[c] = ((z[c] as number) * SHARPNESS) / Math.max(1, weight);
      max = Math.max(max, z[c] as number);
    }
    let sum = 0;
    for (let c = 0; c < k; c += 1) {
      z[c] = Math.exp((z[c] as number) - max);
      sum += z[c] as number;
    }
    return new Map(this.labels.map((l, c) => [l, (z[c] as number) / sum]));
  }

  toJSON(): BayesJson {
    const features: string[] = [];
    for (const [name, i] of this.featureIndex) features[i] = name;
    return {
      labels: this.labels,
      features,
      logLikelihood: Array.from(this.logLikelihood),
      logPrior: Array.from(this.logPrior),
    };
  }

  static fromJSON(json: BayesJson): NaiveBayes {
    if (json.logLikelihood.length !== json.features.length * json.labels.length) {
      throw new Error("saved naive Bayes model has inconsistent dimensions");
    }
    return new NaiveBayes(
      json.labels,
      json.features,
      Float64Array.from(json.logLikelihood),
      Float64Array.from(json.logPrior),
    );
  }
}
