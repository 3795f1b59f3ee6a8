import { StemmerEn } from "@nlpjs/lang-en-min";
import type { SpellingCorrector } from "./spelling-corrector";
import { normaliseText, tokenise } from "./text-normaliser";

export type FeatureVector = Record<string, number>;

// Words too common to separate intents on their own; they still take part in bigrams.
const WEAK_WORDS: ReadonlySet<string> = new Set([
  "a",
  "an",
  "the",
  "i",
  "me",
  "my",
  "to",
  "of",
  "and",
  "or",
  "is",
  "are",
  "am",
  "be",
  "it",
  "this",
  "that",
  "please",
  "you",
  "your",
  "for",
  "on",
  "in",
  "at",
  "with",
  "some",
  "would",
  "could",
  "can",
  "will",
  "do",
  "just",
  "so",
  "there",
  "any",
  "know",
  "need",
  "want",
  "help",
  "like",
  "get",
]);

const stemmer = new StemmerEn();
const stemCache = new Map<string, string>();

function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s =
      word.length <= 3 || (word.startsWith("x") && /^x(id|num|email|money|url)$/.test(word))
        ? word
        : stemmer.stemWord(word);
    if (stemCache.size > 100_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/** Canonical tokens of a text, spelling-corrected against the training vocabulary when a corrector is given. */
export function wordsOf(text: string, corrector?: SpellingCorrector): string[] {
  const tokens = tokenise(normaliseText(text));
  return corrector ? tokens.map((t) => corrector.correct(t)) : tokens;
}

/**
 * Sparse features: word stems, stem bigrams and character 3/4-grams. The n-grams let rare or
 * misspelt words that share a root with training words ("reimbursing", "deliverys") still count.
 */
export function featuresOf(words: string[]): FeatureVector {
  const features: FeatureVector = {};
  const stems = words.map(stem);
  for (let i = 0; i < stems.length; i += 1) {
    const s = stems[i] as string;
    const w = words[i] as string;
    features[`w:${s}`] = WEAK_WORDS.has(w) ? 0.5 : 1;
    if (i > 0) features[`b:${stems[i - 1]}_${s}`] = 0.6;
    if (w.length >= 4 && !w.startsWith("x")) for (const gram of charGramsOf(w)) features[gram] = 0.25;
  }
  return features;
}

const gramCache = new Map<string, string[]>();

// The same few thousand words recur across every training example and its wrapped variants;
// building their n-gram names once rather than per occurrence is a large share of training time.
function charGramsOf(word: string): string[] {
  let grams = gramCache.get(word);
  if (grams === undefined) {
    grams = [];
    const padded = `<${word}>`;
    for (let n = 3; n <= 4; n += 1) {
      for (let j = 0; j + n <= padded.length; j += 1) grams.push(`c:${padded.slice(j, j + n)}`);
    }
    if (gramCache.size > 100_000) gramCache.clear();
    gramCache.set(word, grams);
  }
  return grams;
}

/** Labelled examples with every feature name replaced by its number, ready for the models' training loops. */
export type EncodedRows = {
  /** Feature names in first-seen order; a row's `index` points into this. */
  features: string[];
  /** Labels in first-seen order; a row's `y` points into this. */
  labels: string[];
  /** Each row's features in the order its vector lists them, with their raw values. */
  rows: { index: Int32Array; value: Float64Array; y: number }[];
};

/**
 * Numbers the features once so the linear model and naive Bayes can share the work: looking up
 * hundreds of thousands of feature names was a large part of each model's training time.
 */
export function encodeRows(rows: readonly { features: FeatureVector; label: string }[]): EncodedRows {
  const featureIndex = new Map<string, number>();
  const labelIndex = new Map<string, number>();
  const features: string[] = [];
  const labels: string[] = [];
  const encoded = rows.map((row) => {
    let y = labelIndex.get(row.label);
    if (y === undefined) {
      y = labels.length;
      labelIndex.set(row.label, y);
      labels.push(row.label);
    }
    const names = Object.keys(row.features);
    const index = new Int32Array(names.length);
    const value = new Float64Array(names.length);
    for (let j = 0; j < names.length; j += 1) {
      const name = names[j] as string;
      let f = featureIndex.get(name);
      if (f === undefined) {
        f = features.length;
        featureIndex.set(name, f);
        features.push(name);
      }
      index[j] = f;
      value[j] = row.features[name] as number;
    }
    return { index, value, y };
  });
  return { features, labels, rows: encoded };
}
