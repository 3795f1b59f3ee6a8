import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { catalogueGazetteer, EntityExtractor, storeGazetteer } from "./entity-extractor";
import type { Gazetteer } from "./gazetteer";
import { fingerprintOf, IntentClassifier, type ClassifierJson, type IntentScores } from "./intent-classifier";
import { isRequest, segmentMessage, stripPleasantries } from "./message-segmenter";
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
import { isAboutAnotherCompany } from "./text-normaliser";
import { loadTrainingSet } from "./training-data";

export const DEFAULT_OUT_OF_SCOPE_THRESHOLD = 0.25;

// Below this share of known words the text is mostly vocabulary no retail example ever used.
const MIN_COVERAGE = 0.34;
// A second request must be reasonably sure of itself to be reported.
const SECONDARY_MIN_CONFIDENCE = 0.45;
// Below this an out_of_scope reading is a failure to understand rather than a recognised other topic.
const CLEAR_OUT_OF_SCOPE = 0.5;
// A named other company is strong evidence, but the request could still be a misreading of ours.
const OTHER_COMPANY_CONFIDENCE = 0.7;
// Raw network output below which a reading rests on faint evidence (a clear request scores above 0.7).
const FAINT_EVIDENCE = 0.35;
// Share of the whole-message reading an earlier sentence's request needs before it may lead.
const SECOND_REQUEST_SUPPORT = 0.05;
// How sure each of two sentences must be before a message counts as two requests.
const MULTI_MIN_CONFIDENCE = 0.5;

type Read = { text: string; scores: IntentScores; top: ScoredIntent };

function substantive(intent: string): boolean {
  return intent !== OUT_OF_SCOPE && !SOCIAL_INTENTS.has(intent);
}

// Weight of a request sentence against the whole message when the two are read together.
const SENTENCE_WEIGHT = 0.6;

/** A sentence's reading mixed with the whole message's, keeping the sentence's own word coverage. */
function blendedRead(sentence: Read, whole: Read): Read {
  const wholeBy = new Map(whole.scores.ranking.map((r) => [r.intent, r.confidence]));
  const ranking = sentence.scores.ranking
    .map((r) => ({
      intent: r.intent,
      confidence: SENTENCE_WEIGHT * r.confidence + (1 - SENTENCE_WEIGHT) * (wholeBy.get(r.intent) ?? 0),
    }))
    .sort((a, b) => b.confidence - a.confidence);
  const top = ranking[0] ?? { intent: OUT_OF_SCOPE, confidence: 0 };
  return { text: sentence.text, scores: { ...sentence.scores, ranking }, top };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function loadSavedModel(path: string | undefined, fingerprint: string): IntentClassifier | undefined {
  if (!path || !existsSync(path)) return undefined;
  try {
    const json = JSON.parse(readFileSync(path, "utf8")) as ClassifierJson;
    // A model trained on other examples would silently ignore the retailer's edits, so it is retrained instead.
    if (json.version !== 3 || json.fingerprint !== fingerprint) return undefined;
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
    const stripped = stripPleasantries(text);
    let whole = read(stripped);
    if (stripped !== text && (!substantive(whole.top.intent) || whole.top.confidence < threshold)) {
      // Nothing but courtesies ("Hello, good evening to you."): stripping them leaves a scrap that
      // reads as off-topic, while the message as written is a plain greeting or goodbye.
      const asWritten = read(text);
      if (SOCIAL_INTENTS.has(asWritten.top.intent) && asWritten.top.confidence > whole.top.confidence)
        whole = asWritten;
    }
    const parts = segmentMessage(text);
    const segments = parts.length > 1 ? parts.map((p) => read(stripPleasantries(p))) : [];
    // Sentences that each make a confident request of their own, in the order the customer wrote them.
    const requests = segments.filter(
      (s) => substantive(s.top.intent) && s.top.confidence >= MULTI_MIN_CONFIDENCE,
    );
    const asked = requests.filter((s) => isRequest(s.text));
    const distinct: Read[] = [];
    for (const s of asked) if (!distinct.some((d) => d.top.intent === s.top.intent)) distinct.push(s);
    let primary = whole;
    let second: Read | undefined;
    if (distinct.length > 1) {
      // Two different requests: the one the customer leads with is primary, the next one secondary.
      primary = distinct[0] as Read;
      second = distinct[1];
    } else if (!substantive(whole.top.intent) || whole.top.confidence < threshold) {
      // A greeting, thank-you or unclear whole: the clearest request sentence, read with its context,
      // so "Is it there yet?" still knows what "it" was.
      const best = segments
        .map((s) => blendedRead(s, whole))
        .filter((s) => substantive(s.top.intent))
        .sort((a, b) => b.top.confidence - a.top.confidence)[0];
      if (best && best.top.confidence >= threshold) primary = best;
    }
    // Mostly unknown words, or only a weak off-topic reading, means nothing was understood, which is
    // not the same as understanding an off-topic request: the ranking then shows the nearest in-scope
    // readings, all weak, so the dialogue asks the customer to rephrase rather than answering as if
    // the topic were known.
    // A clear off-topic reading also needs evidence: nonsense words that the spelling corrector
    // pulled towards training words ("blorp" → a real word) leave the network's output faint.
    const understood =
      primary.scores.coverage >= MIN_COVERAGE &&
      (primary.top.intent !== OUT_OF_SCOPE ||
        (primary.top.confidence >= CLEAR_OUT_OF_SCOPE && primary.scores.strength >= FAINT_EVIDENCE));
    const ranking = primary.scores.ranking
      .filter((r) => understood || r.intent !== OUT_OF_SCOPE)
      .slice(0, 3)
      .map((r) => ({ intent: r.intent, confidence: round(r.confidence) }));
    let intent = primary.top.intent;
    let confidence = primary.top.confidence;
    if (isAboutAnotherCompany(text)) {
      // Another company's account, parcel or shop: we cannot act on it whatever the request is.
      const oos = primary.scores.ranking.find((r) => r.intent === OUT_OF_SCOPE)?.confidence ?? 0;
      intent = OUT_OF_SCOPE;
      confidence = Math.max(oos, OTHER_COMPANY_CONFIDENCE);
    } else if (confidence < threshold || primary.scores.coverage < MIN_COVERAGE) {
      const oos = primary.scores.ranking.find((r) => r.intent === OUT_OF_SCOPE)?.confidence ?? 0;
      intent = OUT_OF_SCOPE;
      confidence = Math.max(oos, 1 - confidence, 1 - primary.scores.coverage) * 0.9;
    }
    const secondaryRead =
      second ??
      segments
        .filter(
          (s) =>
            substantive(s.top.intent) &&
            s.top.intent !== intent &&
            s.top.confidence >= SECONDARY_MIN_CONFIDENCE,
        )
        .sort((a, b) => b.top.confidence - a.top.confidence)[0];
    // The network's raw output stays near zero when nothing it learnt is in the text ("so about that
    // order and money"); the normalised models still name a winner, so the reported confidence is
    // flattened towards uniform and the dialogue asks rather than acts. The intent itself is kept.
    // Only for a message that asks nothing: the network's output is low on any long message, and a
    // story that ends "Can I return the lamp?" has made its request plainly.
    const asks = isRequest(text) || parts.some((p) => isRequest(p));
    const evidence = asks ? 1 : Math.min(1, primary.scores.strength / FAINT_EVIDENCE);
    const uniform = 1 / Math.max(1, primary.scores.ranking.length);
    const flatten = (c: number): number => evidence * c + (1 - evidence) * uniform;
    if (evidence < 1) {
      confidence = intent === primary.top.intent ? flatten(confidence) : confidence;
      for (const r of ranking) r.confidence = round(flatten(r.confidence));
    }
    if (
      secondaryRead &&
      second === undefined &&
      intent !== OUT_OF_SCOPE &&
      isRequest(secondaryRead.text) &&
      // The whole message must lend the earlier request some support: a vague opener ("any update?")
      // misread on its own must not take the lead from a clear request after it.
      (primary.scores.ranking.find((r) => r.intent === secondaryRead.top.intent)?.confidence ?? 0) >=
        SECOND_REQUEST_SUPPORT &&
      secondaryRead.top.confidence >= MULTI_MIN_CONFIDENCE &&
      segments.indexOf(secondaryRead) < segments.findIndex((s) => s.top.intent === intent)
    ) {
      // Two requests, found by the whole-message reading and one sentence: the customer's first-named
      // request leads, as it does when each sentence is read on its own.
      return {
        intent: secondaryRead.top.intent,
        confidence: round(secondaryRead.top.confidence),
        ranking: secondaryRead.scores.ranking
          .slice(0, 3)
          .map((r) => ({ intent: r.intent, confidence: round(r.confidence) })),
        secondary: { intent, confidence: round(confidence) },
      };
    }
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
