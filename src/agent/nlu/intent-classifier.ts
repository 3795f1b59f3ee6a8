import { createHash } from "node:crypto";
import { NeuralNetwork, type NeuralJson } from "@nlpjs/neural";
import { NaiveBayes, type BayesJson } from "./naive-bayes";
import { trainNetwork } from "./network-trainer";
import { encodeRows, featuresOf, wordsOf, type FeatureVector } from "./feature-extractor";
import type { ScoredIntent } from "./nlu.types";
import { augmentExample } from "./training-augmenter";
import { SoftmaxRegression, type SoftmaxJson } from "./softmax-regression";
import { englishDictionary, SpellingCorrector } from "./spelling-corrector";
import type { TrainingSet } from "./training-data";

export type ClassifierJson = {
  version: 3;
  fingerprint: string;
  vocabulary: [string, number][];
  network: NeuralJson;
  linear: SoftmaxJson;
  bayes: BayesJson;
};

export type IntentScores = {
  ranking: ScoredIntent[];
  /** Share of the message's words the training data has seen; near 0 means the text is about something else. */
  coverage: number;
  /** The strongest raw network output, before normalisation across intents. */
  strength: number;
};

// Sharpness of the softmax over network outputs. Chosen so that a top score of 0.8 is right about
// 80 % of the time on held-out messages, rather than reporting near-certainty on everything; 8
// rather than 10 since the weights below were re-chosen (bench/nlu-mix.ts, on the Bitext dev split
// and the inspected half of the realistic set).
const TEMPERATURE = 8;

// Shares of the ensemble. The network separates formulaic requests sharply; the linear model,
// trained on normalised features with a proper likelihood, is steadier on long and unusual phrasing;
// naive Bayes weighs each feature on its own, so the one telling word of a long story still counts.
// Averaging their probabilities beats any one alone on held-out messages (the network gets the rest,
// 0.4: once real words stopped being "corrected" into retail ones, its sharper reading of
// formulaic requests earned more weight).
export const LINEAR_WEIGHT = 0.3;
export const BAYES_WEIGHT = 0.3;

// Capped: the network has settled well before 40 passes, and start-up time is part of the budget
// (each pass costs about 10 ms on the built-in examples with network-trainer.ts).
const NETWORK_SETTINGS = { iterations: 40, errorThresh: 0.00005, log: false } as const;

// The network sees words and word pairs only: its training time grows with the number of distinct
// features, and the character n-grams, which carry the typo tolerance, are the linear model's job.
function wordFeatures(features: FeatureVector): FeatureVector {
  const out: FeatureVector = {};
  for (const [name, v] of Object.entries(features)) if (!name.startsWith("c:")) out[name] = v;
  return out;
}

export function fingerprintOf(data: TrainingSet): string {
  const hash = createHash("sha256");
  for (const intent of [...data.keys()].sort()) {
    hash.update(intent);
    for (const example of data.get(intent) ?? []) hash.update(`\u0000${example}`);
  }
  return hash.digest("hex").slice(0, 16);
}

export class IntentClassifier {
  private readonly network: NeuralNetwork;
  private readonly linear: SoftmaxRegression;
  private readonly bayes: NaiveBayes;
  private readonly corrector: SpellingCorrector;
  private readonly vocabulary: Map<string, number>;
  readonly intents: string[];
  readonly fingerprint: string;

  private constructor(
    network: NeuralNetwork,
    linear: SoftmaxRegression,
    bayes: NaiveBayes,
    vocabulary: Map<string, number>,
    intents: string[],
    fingerprint: string,
  ) {
    this.network = network;
    this.linear = linear;
    this.bayes = bayes;
    this.vocabulary = vocabulary;
    this.corrector = new SpellingCorrector(vocabulary, englishDictionary());
    this.intents = intents;
    this.fingerprint = fingerprint;
  }

  static train(data: TrainingSet): IntentClassifier {
    const vocabulary = new Map<string, number>();
    const rows: { features: FeatureVector; label: string }[] = [];
    const augmented: { features: FeatureVector; label: string }[] = [];
    let index = 0;
    for (const [intent, examples] of data) {
      for (const example of examples) {
        const words = wordsOf(example);
        for (const w of words) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
        rows.push({ features: featuresOf(words), label: intent });
        for (const variant of augmentExample(example, index).slice(1)) {
          augmented.push({ features: featuresOf(wordsOf(variant)), label: intent });
        }
        index += 1;
      }
    }
    // Same weights as the library's own `train`, in a fraction of the time (see network-trainer.ts).
    const network = new NeuralNetwork();
    network.fromJSON(
      trainNetwork(
        rows.map((r) => ({ input: wordFeatures(r.features), output: { [r.label]: 1 } })),
        NETWORK_SETTINGS,
      ),
    );
    const encoded = encodeRows([...rows, ...augmented]);
    const linear = SoftmaxRegression.train(encoded);
    const bayes = NaiveBayes.train(encoded);
    return new IntentClassifier(network, linear, bayes, vocabulary, [...data.keys()], fingerprintOf(data));
  }

  static fromJSON(json: ClassifierJson): IntentClassifier {
    const network = new NeuralNetwork();
    network.fromJSON(json.network);
    return new IntentClassifier(
      network,
      SoftmaxRegression.fromJSON(json.linear),
      NaiveBayes.fromJSON(json.bayes),
      new Map(json.vocabulary),
      json.network.intents ?? [],
      json.fingerprint,
    );
  }

  toJSON(): ClassifierJson {
    return {
      version: 3,
      fingerprint: this.fingerprint,
      vocabulary: [...this.vocabulary],
      network: this.network.toJSON(),
      linear: this.linear.toJSON(),
      bayes: this.bayes.toJSON(),
    };
  }

  /** Each model's reading of a text before they are combined; `classify` is `combineReadings` of this. */
  readings(text: string): ModelReadings {
    const words = wordsOf(text, this.corrector);
    const content = words.filter((w) => w.length > 2 && !w.startsWith("x"));
    const known = content.filter((w) => this.corrector.knows(w)).length;
    const coverage = content.length === 0 ? (words.length > 0 ? 1 : 0) : known / content.length;
    const features = featuresOf(words);
    const network = new Map(Object.entries(this.network.run(wordFeatures(features)) ?? {}));
    return { network, linear: this.linear.predict(features), bayes: this.bayes.predict(features), coverage };
  }

  classify(text: string): IntentScores {
    return combineReadings(this.readings(text));
  }
}

export type ModelReadings = {
  /** Raw network outputs per intent (not normalised). */
  network: Map<string, number>;
  linear: Map<string, number>;
  bayes: Map<string, number>;
  coverage: number;
};

export type EnsembleMix = { linear: number; bayes: number; temperature: number };

export const DEFAULT_MIX: EnsembleMix = { linear: LINEAR_WEIGHT, bayes: BAYES_WEIGHT, temperature: TEMPERATURE };

/** The ensemble: the network's outputs through a softmax, averaged with the two probabilistic models. */
export function combineReadings(r: ModelReadings, mix: EnsembleMix = DEFAULT_MIX): IntentScores {
  let max = 0;
  for (const v of r.network.values()) max = Math.max(max, v);
  let total = 0;
  const exp = [...r.network].map(([intent, v]) => {
    const e = Math.exp(mix.temperature * (v - max));
    total += e;
    return { intent, e };
  });
  const ranking = exp
    .map(({ intent, e }) => {
      const p =
        (1 - mix.linear - mix.bayes) * (total > 0 ? e / total : 0) +
        mix.linear * (r.linear.get(intent) ?? 0) +
        mix.bayes * (r.bayes.get(intent) ?? 0);
      // Capped below 1: no reading of free text is certain, and downstream rules compare against thresholds.
      return { intent, confidence: Math.min(0.99, p) };
    })
    .sort((a, b) => b.confidence - a.confidence);
  return { ranking, coverage: r.coverage, strength: max };
}
