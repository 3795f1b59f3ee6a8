// The NLP.js packages and vader-sentiment ship no type declarations; these cover only what this folder uses.

declare module "@nlpjs/neural" {
  export type NeuralFeatures = Record<string, number>;
  export type NeuralCorpusRow = { input: NeuralFeatures; output: Record<string, number> };
  export type NeuralSettings = {
    iterations?: number;
    errorThresh?: number;
    deltaErrorThresh?: number;
    learningRate?: number;
    momentum?: number;
    alpha?: number;
    log?: boolean;
  };
  export type NeuralJson = {
    settings: NeuralSettings;
    features?: string[];
    intents?: string[];
    perceptrons?: number[][];
  };
  export class NeuralNetwork {
    constructor(settings?: NeuralSettings);
    train(corpus: NeuralCorpusRow[]): { error: number; iterations: number };
    run(input: NeuralFeatures): Record<string, number> | undefined;
    toJSON(): NeuralJson;
    fromJSON(json: NeuralJson): void;
  }
}

declare module "@nlpjs/lang-en-min" {
  export class StemmerEn {
    stemWord(word: string): string;
  }
}

declare module "vader-sentiment" {
  export type VaderScores = { neg: number; neu: number; pos: number; compound: number };
  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): VaderScores;
  };
}

declare module "parse-address" {
  export type ParsedLocation = {
    number?: string;
    prefix?: string;
    street?: string;
    type?: string;
    suffix?: string;
    sec_unit_type?: string;
    sec_unit_num?: string;
    city?: string;
    state?: string;
    zip?: string;
    plus4?: string;
  };
  const parser: { parseLocation(text: string): ParsedLocation | null };
  export default parser;
}
