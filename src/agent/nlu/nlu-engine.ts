import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { catalogueGazetteer, EntityExtractor, storeGazetteer } from "./entity-extractor";
import type { Gazetteer } from "./gazetteer";
import { fingerprintOf, IntentClassifier, type ClassifierJson, type IntentScores } from "./intent-classifier";
import { segmentMessage, stripPleasantries } from "./message-segmenter";
import {
  OUT_OF_SCOPE,
  SOCIAL_INTENTS,
  type CatalogueItem,
  type NluEngine,
  type NluOptions,
  type PredictContext,
  type ScoredIntent,
  type StoreItem,
  type Understanding,
} from "./nlu.types";
import { analyseSentiment } from "./sentiment";
import { loadTrainingSet } from "./training-data";

export const DEFAULT_OUT_OF_SCOPE_THRESHOLD = 0.25;

// Below this share of known words the text is mostly vocabulary no retail example ever used.
const MIN_COVERAGE = 0.34;
// A second request must be reasonably sure of itself to be reported.
const SECONDARY_MIN_CONFIDENCE = 0.45;

type Read = { text: string; scores: IntentScores; top: ScoredIntent };

function substantive(intent: string): boolean {
  return intent !== OUT_OF_SCOPE && !SOCIAL_INTENTS.has(intent);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function loadSavedModel(path: string | undefined, fingerprint: string): IntentClassifier | undefined {
  if (!path || !existsSync(path)) return undefined;
  try {
    const json = JSON.parse(readFileSync(path, "utf8")) as ClassifierJson;
    // A model trained on other examples would silently ignore the retailer's edits, so it is retrained instead.
    if (json.version !== 1 || json.fingerprint !== fingerprint) return undefined;
    return IntentClassifier.fromJSON(json);
  } catch {
    return undefined;
  }
}

/** Loads the training data (built-in plus `extraTrainingDir`), trains the classifier and returns the engine. */
export async function createNluEngine(options: NluOptions = {}): Promise<NluEngine> {
  const started = performance.now();
  const data = loadTrainingSet(options.extraTrainingDir);
  const classifier = loadSavedModel(options.modelPath, fingerprintOf(data)) ?? IntentClassifier.train(data);
  const trainingMs = Math.round(performance.now() - started);
  const threshold = options.outOfScopeThreshold ?? DEFAULT_OUT_OF_SCOPE_THRESHOLD;
  const extractor = new EntityExtractor(options);
  let products: Gazetteer | undefined;
  let stores: Gazetteer | undefined;

  const read = (text: string): Read => {
    const scores = classifier.classify(text);
    const top = scores.ranking[0] ?? { intent: OUT_OF_SCOPE, confidence: 0 };
    return { text, scores, top };
  };

  const understandIntent = (
    text: string,
  ): Pick<Understanding, "intent" | "confidence" | "secondary" | "ranking"> => {
    const whole = read(stripPleasantries(text));
    const parts = segmentMessage(text);
    const segments = parts.length > 1 ? parts.map((p) => read(stripPleasantries(p))) : [];
    const requests = segments.filter((s) => substantive(s.top.intent));
    // Prefer the reading of the whole message when it finds a request; otherwise the most confident
    // request among the sentences, so a greeting or thank-you never hides what the customer asked.
    let primary = whole;
    if (!substantive(whole.top.intent) || whole.top.confidence < threshold) {
      const best = [...requests].sort((a, b) => b.top.confidence - a.top.confidence)[0];
      if (best && best.top.confidence >= threshold) primary = best;
    }
    const ranking = primary.scores.ranking
      .slice(0, 3)
      .map((r) => ({ intent: r.intent, confidence: round(r.confidence) }));
    let intent = primary.top.intent;
    let confidence = primary.top.confidence;
    if (confidence < threshold || primary.scores.coverage < MIN_COVERAGE) {
      const oos = primary.scores.ranking.find((r) => r.intent === OUT_OF_SCOPE)?.confidence ?? 0;
      intent = OUT_OF_SCOPE;
      confidence = Math.max(oos, 1 - confidence, 1 - primary.scores.coverage) * 0.9;
    }
    const secondaryRead = requests
      .filter((s) => s.top.intent !== intent && s.top.confidence >= SECONDARY_MIN_CONFIDENCE)
      .sort((a, b) => b.top.confidence - a.top.confidence)[0];
    return {
      intent,
      confidence: round(confidence),
      ranking,
      ...(secondaryRead && intent !== OUT_OF_SCOPE
        ? { secondary: { intent: secondaryRead.top.intent, confidence: round(secondaryRead.top.confidence) } }
        : {}),
    };
  };

  return {
    trainingMs,
    intents: () => [...classifier.intents],
    setCatalogue(items: CatalogueItem[]) {
      products = catalogueGazetteer(items);
    },
    setStores(items: StoreItem[]) {
      stores = storeGazetteer(items);
    },
    async save(path: string) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, JSON.stringify(classifier.toJSON()));
    },
    predict(text: string, ctx: PredictContext = {}): Understanding {
      const entities = extractor.extract(text, {
        products: ctx.catalogue ? catalogueGazetteer(ctx.catalogue) : products,
        stores: ctx.stores ? storeGazetteer(ctx.stores) : stores,
        ...(ctx.now ? { now: ctx.now } : {}),
      });
      return { text, ...understandIntent(text), entities, sentiment: analyseSentiment(text), language: "en" };
    },
  };
}
