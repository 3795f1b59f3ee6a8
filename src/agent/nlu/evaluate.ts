import { readFileSync } from "node:fs";
import { DEFAULT_INTENTS } from "./nlu.types";

export type LabelledRow = {
  text: string;
  label: string;
  /** Other labels a careful reader could also accept (e.g. the second request of a two-part message). */
  also?: string[];
  /** A grouping such as the writing style, to report accuracy per group. */
  group?: string;
};

export type IntentMetrics = { precision: number; recall: number; f1: number; support: number };

export type GroupScore = { total: number; accuracy: number; lenientAccuracy: number };

export type EvalReport = {
  total: number;
  accuracy: number;
  /** Accuracy when a prediction matching one of the row's `also` labels counts as correct too. */
  lenientAccuracy: number;
  /** Strict and lenient accuracy per row group; empty when no row has a group. */
  byGroup: Record<string, GroupScore>;
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
  const groups = new Map<string, { total: number; correct: number; lenient: number }>();
  let correct = 0;
  let lenient = 0;
  const started = performance.now();
  for (const row of rows) {
    const predicted = engine.predict(row.text).intent;
    support.set(row.label, (support.get(row.label) ?? 0) + 1);
    const accepted = predicted === row.label || (row.also?.includes(predicted) ?? false);
    if (accepted) lenient += 1;
    if (row.group !== undefined) {
      const g = groups.get(row.group) ?? { total: 0, correct: 0, lenient: 0 };
      g.total += 1;
      g.correct += predicted === row.label ? 1 : 0;
      g.lenient += accepted ? 1 : 0;
      groups.set(row.group, g);
    }
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
    lenientAccuracy: ratio(lenient, rows.length),
    byGroup: Object.fromEntries(
      [...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, g]) => [
          name,
          { total: g.total, accuracy: ratio(g.correct, g.total), lenientAccuracy: ratio(g.lenient, g.total) },
        ]),
    ),
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
  /** Field holding a list (or one string) of other acceptable labels; mapped like the label. */
  alsoField?: string;
  /** Field whose value groups the rows in the report (e.g. "style"). */
  groupField?: string;
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

function mapLabel(label: string, map: LoadOptions["map"]): string | null | undefined {
  return map && Object.hasOwn(map, label) ? map[label] : label;
}

function extrasOf(
  record: Record<string, unknown>,
  options: LoadOptions,
  known: Set<string>,
): Pick<LabelledRow, "also" | "group"> {
  const extras: Pick<LabelledRow, "also" | "group"> = {};
  if (options.alsoField) {
    const raw = record[options.alsoField];
    const list = typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw : [];
    const also: string[] = [];
    for (const label of list) {
      if (typeof label !== "string") continue;
      const mapped = mapLabel(label, options.map);
      if (
        typeof mapped === "string" &&
        (known.has(mapped) || (options.map && Object.hasOwn(options.map, label)))
      ) {
        also.push(mapped);
      }
    }
    if (also.length > 0) extras.also = also;
  }
  if (options.groupField) {
    const raw = record[options.groupField];
    // Rows without the field still count, under a visible name rather than vanishing from the table.
    extras.group = typeof raw === "string" || typeof raw === "number" ? String(raw) : "(none)";
  }
  return extras;
}

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
    const mapped = mapLabel(label, options.map);
    if (mapped === null) {
      result.skippedByMap += 1;
    } else if (
      mapped !== undefined &&
      (known.has(mapped) || (options.map && Object.hasOwn(options.map, label)))
    ) {
      result.rows.push({
        text,
        label: mapped,
        ...extrasOf(record as Record<string, unknown>, options, known),
      });
    } else {
      result.unknownLabels[label] = (result.unknownLabels[label] ?? 0) + 1;
    }
  }
  return result;
}
