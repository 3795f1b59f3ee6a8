// Scores the ensemble under several mixes (model weights and network temperature) without retraining:
// each text's per-model readings are computed once and recombined. Choose a mix on Bitext dev and
// half A of the realistic set; half B and Bitext test are the check that it generalises.
//   npx tsx bench/nlu-mix.ts --data <messages.jsonl> --bitext <file.jsonl> [--map bench/bitext-label-map.json]
//     [--mixes "0.4,0.3,10;0.5,0.3,10"] [--reliability]
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  combineReadings,
  DEFAULT_MIX,
  IntentClassifier,
  type EnsembleMix,
  type IntentScores,
  type ModelReadings,
} from "../src/agent/nlu/intent-classifier";
import { createNluEngine, evaluate, loadLabelledJsonl, type LabelledRow } from "../src/agent/nlu/index";

const { values } = parseArgs({
  options: {
    data: { type: "string" },
    bitext: { type: "string" },
    map: { type: "string", default: "bench/bitext-label-map.json" },
    mixes: { type: "string" },
    reliability: { type: "boolean", default: false },
  },
});
if (!values.data || !values.bitext) {
  console.error("usage: npx tsx bench/nlu-mix.ts --data <messages.jsonl> --bitext <file.jsonl> [--mixes l,b,t;…] [--reliability]");
  process.exit(2);
}

const mixes: EnsembleMix[] = (values.mixes ?? `${DEFAULT_MIX.linear},${DEFAULT_MIX.bayes},${DEFAULT_MIX.temperature}`)
  .split(";")
  .map((m) => {
    const [linear, bayes, temperature] = m.split(",").map(Number);
    return { linear: linear ?? 0, bayes: bayes ?? 0, temperature: temperature ?? DEFAULT_MIX.temperature };
  });

// Readings are cached by text, so every mix after the first costs only the engine's own logic.
let mix: EnsembleMix = DEFAULT_MIX;
const cache = new Map<string, ModelReadings>();
const readings = IntentClassifier.prototype.readings;
IntentClassifier.prototype.classify = function classify(this: IntentClassifier, text: string): IntentScores {
  let r = cache.get(text);
  if (!r) {
    r = readings.call(this, text);
    cache.set(text, r);
  }
  return combineReadings(r, mix);
};

type Row = { id: string; text: string; intent: string; also?: string[]; style?: string };
const raw: Row[] = readFileSync(values.data, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as Row);
const halfOf = (id: string): "a" | "b" => ((createHash("sha256").update(id).digest()[0] as number) < 128 ? "a" : "b");
const toRow = (r: Row): LabelledRow => ({
  text: r.text,
  label: r.intent,
  ...(r.also ? { also: r.also } : {}),
  ...(r.style ? { group: r.style } : {}),
});
const halfA = raw.filter((r) => halfOf(r.id) === "a").map(toRow);
const halfB = raw.filter((r) => halfOf(r.id) === "b").map(toRow);
const map = JSON.parse(readFileSync(values.map, "utf8")) as Record<string, string | null>;
const bitext = loadLabelledJsonl(values.bitext, { labelField: "intent", map }).rows;
const isTest = (text: string): boolean => (createHash("sha256").update(text).digest()[0] as number) >= 128;
const bitextDev = bitext.filter((r) => !isTest(r.text));
const bitextTest = bitext.filter((r) => isTest(r.text));

const engine = await createNluEngine();
const f = (x: number): string => x.toFixed(3);
console.log(`training ${engine.trainingMs} ms`);
console.log("mix (linear,bayes,T)   A strict/lenient   B strict/lenient   bitext dev   bitext test   worst style (all)");
for (const m of mixes) {
  mix = m;
  const a = evaluate(engine, halfA);
  const b = evaluate(engine, halfB);
  const all = evaluate(engine, [...halfA, ...halfB]);
  const dev = evaluate(engine, bitextDev);
  const test = evaluate(engine, bitextTest);
  const worst = Object.entries(all.byGroup).sort((x, y) => x[1].accuracy - y[1].accuracy)[0];
  console.log(
    `${`${m.linear},${m.bayes},${m.temperature}`.padEnd(22)} ${f(a.accuracy)} / ${f(a.lenientAccuracy)}      ${f(b.accuracy)} / ${f(b.lenientAccuracy)}      ${f(dev.accuracy)}        ${f(test.accuracy)}         ${worst?.[0]} ${f(worst?.[1].accuracy ?? 0)}`,
  );
}

if (values.reliability) {
  // Top ranking score (what the dialogue compares with its thresholds: below 0.4 it asks) against
  // share correct, per bucket, on Bitext dev and the realistic half A.
  mix = mixes[0] ?? DEFAULT_MIX;
  const buckets = [0.9, 0.7, 0.5, 0.4, 0.25, 0];
  for (const [name, rows] of [["bitext dev", bitextDev], ["realistic A", halfA]] as const) {
    const tally = buckets.map(() => ({ n: 0, ok: 0, sum: 0 }));
    for (const row of rows) {
      const u = engine.predict(row.text);
      const top = u.ranking[0]?.confidence ?? 0;
      const i = buckets.findIndex((lo) => top >= lo);
      const t = tally[i];
      if (!t) continue;
      t.n += 1;
      t.sum += top;
      if (u.intent === row.label || (row.also?.includes(u.intent) ?? false)) t.ok += 1;
    }
    console.log(`\nreliability, ${name} (top score >= bucket: rows, mean top score, share correct)`);
    buckets.forEach((lo, i) => {
      const t = tally[i];
      if (t && t.n > 0) console.log(`  >= ${lo.toFixed(2)}  ${String(t.n).padStart(5)}  ${f(t.sum / t.n)}  ${f(t.ok / t.n)}`);
    });
  }
}
