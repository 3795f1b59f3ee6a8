import { readFileSync } from "node:fs";
import { DEFAULT_INTENTS } from "./nlu.types";

export type LabelledRow = { text: string; label: string };

export type IntentMetrics = { precision: number; recall: number; f1: number; support: number };

export type EvalReport = {
  total: number;
  accuracy: number;
  /** Mean F1 over the labels present in the data. */
  macroF1: number;
  perIntent: Record<string, IntentMetrics>;
  /** (expected, predicted) pairs where the engine was wrong, most frequent first. */
  confusion: { expected: string; predicted: string; count: number }[];
  /** Mean `predict` time per utterance in milliseconds. */
  msPerUtterance: number;
};

/** The slice of the engine evaluation needs, so any classifier with the same surface can be measured. */
export type Predictor = { predict(text: string): { intent: string } };

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

export function evaluate(engine: Predictor, rows: LabelledRow[]): EvalReport {
  const truePositive = new Map<string, number>();
  const predictedCount = new Map<string, number>();
  const support = new Map<string, number>();
  const confusion = new Map<string, { expected: string; predicted: string; count: number }>();
  let correct = 0;
  const started = performance.now();
  for (const row of rows) {
    const predicted = engine.predict(row.text).intent;
    support.set(row.label, (support.get(row.label) ?? 0) + 1);
    predictedCount.set(predicted, (predictedCount.get(predicted) ?? 0) + 1);
    if (predicted === row.label) {
      correct += 1;
      truePositive.set(predicted, (truePositive.get(predicted) ?? 0) + 1);
    } else {
      const key = `${row.label}\u0000${predicted}`;
      const entry = confusion.get(key) ?? { expected: row.label, predicted, count: 0 };
      entry.count += 1;
      confusion.set(key, entry);
    }
  }
  const elapsed = performance.now() - started;
  const perIntent: Record<string, IntentMetrics> = {};
  for (const label of [...support.keys()].sort()) {
    const tp = truePositive.get(label) ?? 0;
    const precision = ratio(tp, predictedCount.get(label) ?? 0);
    const recall = ratio(tp, support.get(label) ?? 0);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perIntent[label] = { precision, recall, f1, support: support.get(label) ?? 0 };
  }
  const f1s = Object.values(perIntent).map((m) => m.f1);
  return {
    total: rows.length,
    accuracy: ratio(correct, rows.length),
    macroF1: ratio(
      f1s.reduce((a, b) => a + b, 0),
      f1s.length,
    ),
    perIntent,
    confusion: [...confusion.values()].sort((a, b) => b.count - a.count),
    msPerUtterance: ratio(elapsed, rows.length),
  };
}

export type LoadOptions = {
  textField?: string;
  labelField?: string;
  /** Source label → our intent; `null` drops rows with that label. */
  map?: Record<string, string | null>;
  /** Labels accepted without a map entry; defaults to the built-in taxonomy. */
  knownLabels?: Iterable<string>;
};

export type LoadedRows = {
  rows: LabelledRow[];
  /** Rows dropped because their label maps to null. */
  skippedByMap: number;
  /** Rows dropped because their label is neither mapped nor a known intent, by label. */
  unknownLabels: Record<string, number>;
  /** Rows that were not valid JSON or lacked the text or label field. */
  malformed: number;
};

/** Reads a JSON-lines file of labelled utterances, translating labels through `map`. */
export function loadLabelledJsonl(path: string, options: LoadOptions = {}): LoadedRows {
  const textField = options.textField ?? "text";
  const labelField = options.labelField ?? "label";
  const known = new Set<string>(options.knownLabels ?? DEFAULT_INTENTS);
  const result: LoadedRows = { rows: [], skippedByMap: 0, unknownLabels: {}, malformed: 0 };
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      result.malformed += 1;
      continue;
    }
    const text = (record as Record<string, unknown> | null)?.[textField];
    const label = (record as Record<string, unknown> | null)?.[labelField];
    if (typeof text !== "string" || typeof label !== "string") {
      result.malformed += 1;
      continue;
    }
    const mapped = options.map && Object.hasOwn(options.map, label) ? options.map[label] : label;
    if (mapped === null) {
      result.skippedByMap += 1;
    } else if (
      mapped !== undefined &&
      (known.has(mapped) || (options.map && Object.hasOwn(options.map, label)))
    ) {
      result.rows.push({ text, label: mapped });
    } else {
      result.unknownLabels[label] = (result.unknownLabels[label] ?? 0) + 1;
    }
  }
  return result;
}
