import { createHash } from "node:crypto";
import { NeuralNetwork, type NeuralJson } from "@nlpjs/neural";
import { featuresOf, wordsOf } from "./feature-extractor";
import type { ScoredIntent } from "./nlu.types";
import { SpellingCorrector } from "./spelling-corrector";
import type { TrainingSet } from "./training-data";

export type ClassifierJson = {
  version: 1;
  fingerprint: string;
  vocabulary: [string, number][];
  network: NeuralJson;
};

export type IntentScores = {
  ranking: ScoredIntent[];
  /** Share of the message's words the training data has seen; near 0 means the text is about something else. */
  coverage: number;
  /** The strongest raw network output, before normalisation across intents. */
  strength: number;
};

// Sharpness of the softmax over network outputs. Chosen so that a top score of 0.8 is right about
// 80 % of the time on held-out messages, rather than reporting near-certainty on everything.
const TEMPERATURE = 10;

const NETWORK_SETTINGS = { iterations: 300, errorThresh: 0.00005, log: false } as const;

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
  private readonly corrector: SpellingCorrector;
  private readonly vocabulary: Map<string, number>;
  readonly intents: string[];
  readonly fingerprint: string;

  private constructor(
    network: NeuralNetwork,
    vocabulary: Map<string, number>,
    intents: string[],
    fingerprint: string,
  ) {
    this.network = network;
    this.vocabulary = vocabulary;
    this.corrector = new SpellingCorrector(vocabulary);
    this.intents = intents;
    this.fingerprint = fingerprint;
  }

  static train(data: TrainingSet): IntentClassifier {
    const vocabulary = new Map<string, number>();
    const tokenised: { intent: string; words: string[] }[] = [];
    for (const [intent, examples] of data) {
      for (const example of examples) {
        const words = wordsOf(example);
        for (const w of words) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
        tokenised.push({ intent, words });
      }
    }
    const corpus = tokenised.map(({ intent, words }) => ({
      input: featuresOf(words),
      output: { [intent]: 1 },
    }));
    const network = new NeuralNetwork({ ...NETWORK_SETTINGS });
    network.train(corpus);
    return new IntentClassifier(network, vocabulary, [...data.keys()], fingerprintOf(data));
  }

  static fromJSON(json: ClassifierJson): IntentClassifier {
    const network = new NeuralNetwork();
    network.fromJSON(json.network);
    return new IntentClassifier(
      network,
      new Map(json.vocabulary),
      json.network.intents ?? [],
      json.fingerprint,
    );
  }

  toJSON(): ClassifierJson {
    return {
      version: 1,
      fingerprint: this.fingerprint,
      vocabulary: [...this.vocabulary],
      network: this.network.toJSON(),
    };
  }

  classify(text: string): IntentScores {
    const words = wordsOf(text, this.corrector);
    const content = words.filter((w) => w.length > 2 && !w.startsWith("x"));
    const known = content.filter((w) => this.corrector.knows(w)).length;
    const coverage = content.length === 0 ? (words.length > 0 ? 1 : 0) : known / content.length;
    const raw = this.network.run(featuresOf(words)) ?? {};
    const entries = Object.entries(raw);
    let max = 0;
    for (const [, v] of entries) max = Math.max(max, v);
    let total = 0;
    const exp = entries.map(([intent, v]) => {
      const e = Math.exp(TEMPERATURE * (v - max));
      total += e;
      return { intent, e };
    });
    const ranking = exp
      // Capped below 1: no reading of free text is certain, and downstream rules compare against thresholds.
      .map(({ intent, e }) => ({ intent, confidence: total > 0 ? Math.min(0.99, e / total) : 0 }))
      .sort((a, b) => b.confidence - a.confidence);
    return { ranking, coverage, strength: max };
  }
}
