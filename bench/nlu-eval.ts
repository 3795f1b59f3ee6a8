// Measures the built-in NLU engine on a labelled JSON-lines file.
//   npx tsx bench/nlu-eval.ts --data <file.jsonl> [--text-field text] [--label-field label]
//     [--map labels.json] [--split all|dev|test] [--oos-threshold 0.2] [--extra-training-dir dir] [--json]
// --split partitions rows by a stable hash of their text: tune on dev, report test.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createNluEngine, evaluate, loadLabelledJsonl, type LabelledRow } from "../src/agent/nlu/index";

const { values } = parseArgs({
  options: {
    data: { type: "string" },
    "text-field": { type: "string", default: "text" },
    "label-field": { type: "string", default: "label" },
    map: { type: "string" },
    split: { type: "string", default: "all" },
    "extra-training-dir": { type: "string" },
    "oos-threshold": { type: "string" },
    json: { type: "boolean", default: false },
  },
});

if (!values.data) {
  console.error(
    "usage: npx tsx bench/nlu-eval.ts --data <file.jsonl> [--text-field text] [--label-field label] [--map labels.json] [--split all|dev|test] [--json]",
  );
  process.exit(2);
}
const split = values.split;
if (split !== "all" && split !== "dev" && split !== "test") {
  console.error(`--split must be all, dev or test (got "${split}")`);
  process.exit(2);
}

function inSplit(row: LabelledRow): boolean {
  if (split === "all") return true;
  const byte = createHash("sha256").update(row.text).digest()[0] as number;
  return byte < 128 === (split === "dev");
}

const map = values.map
  ? (JSON.parse(readFileSync(values.map, "utf8")) as Record<string, string | null>)
  : undefined;
const loaded = loadLabelledJsonl(values.data, {
  textField: values["text-field"],
  labelField: values["label-field"],
  ...(map ? { map } : {}),
});
const rows = loaded.rows.filter(inSplit);

const engine = await createNluEngine(
  values["extra-training-dir"] ? { extraTrainingDir: values["extra-training-dir"] } : {},
);
// One untimed pass warms the JIT and caches so latency reflects a running server.
for (const row of rows.slice(0, 200)) engine.predict(row.text);
const report = evaluate(engine, rows);

const summary = {
  data: values.data,
  split,
  rows: rows.length,
  skippedByMap: loaded.skippedByMap,
  unknownLabels: loaded.unknownLabels,
  trainingMs: engine.trainingMs,
  ...report,
};

if (values.json) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  const pct = (x: number): string => (x * 100).toFixed(1).padStart(5);
  console.log(
    `data ${values.data} (split ${split}): ${rows.length} rows scored; in the whole file ${loaded.skippedByMap} rows skipped by the map, ${Object.values(loaded.unknownLabels).reduce((a, b) => a + b, 0)} with unknown labels, ${loaded.malformed} malformed`,
  );
  console.log(`training ${engine.trainingMs} ms, ${report.msPerUtterance.toFixed(3)} ms per utterance`);
  console.log(`accuracy ${report.accuracy.toFixed(3)}  macro-F1 ${report.macroF1.toFixed(3)}\n`);
  console.log("intent                      P      R     F1  support");
  for (const [intent, m] of Object.entries(report.perIntent)) {
    console.log(
      `${intent.padEnd(24)} ${pct(m.precision)}  ${pct(m.recall)}  ${pct(m.f1)}  ${String(m.support).padStart(6)}`,
    );
  }
  console.log("\ntop confusions (expected -> predicted)");
  for (const c of report.confusion.slice(0, 15))
    console.log(`${String(c.count).padStart(5)}  ${c.expected} -> ${c.predicted}`);
}
