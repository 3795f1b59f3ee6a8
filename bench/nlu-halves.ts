// Scores the built-in NLU on a realistic labelled set split into two halves by the SHA-256 of each
// row's id (half A: first byte < 128, half B: the rest), so errors can be studied on one half while
// the other stays unseen; optionally also a Bitext-style file's test split.
//   npx tsx bench/nlu-halves.ts --data <messages.jsonl> [--bitext <file.jsonl> --map bench/bitext-label-map.json]
//     [--errors a] [--json]
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createNluEngine, evaluate, loadLabelledJsonl, type EvalReport } from "../src/agent/nlu/index";

const { values } = parseArgs({
  options: {
    data: { type: "string" },
    bitext: { type: "string" },
    map: { type: "string", default: "bench/bitext-label-map.json" },
    errors: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
if (!values.data) {
  console.error("usage: npx tsx bench/nlu-halves.ts --data <messages.jsonl> [--bitext <file.jsonl>] [--errors a] [--json]");
  process.exit(2);
}
if (values.errors !== undefined && values.errors !== "a" && values.errors !== "b") {
  console.error(`--errors must be a or b (got "${values.errors}")`);
  process.exit(2);
}

type Row = { id: string; text: string; intent: string; also?: string[]; style?: string };
const raw: Row[] = readFileSync(values.data, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as Row);
const halfOf = (id: string): "a" | "b" => ((createHash("sha256").update(id).digest()[0] as number) < 128 ? "a" : "b");

// CPU time as well as wall time: on a shared machine the wall figure mostly measures the load.
const cpuBefore = process.cpuUsage();
const engine = await createNluEngine();
const cpuUsed = process.cpuUsage(cpuBefore);
const trainingCpuMs = Math.round((cpuUsed.user + cpuUsed.system) / 1000);
const score = (rows: Row[]): EvalReport =>
  evaluate(
    engine,
    rows.map((r) => ({
      text: r.text,
      label: r.intent,
      ...(r.also ? { also: r.also } : {}),
      ...(r.style ? { group: r.style } : {}),
    })),
  );
const all = score(raw);
const a = score(raw.filter((r) => halfOf(r.id) === "a"));
const b = score(raw.filter((r) => halfOf(r.id) === "b"));

let bitext: EvalReport | undefined;
let bitextDev: EvalReport | undefined;
if (values.bitext) {
  const map = JSON.parse(readFileSync(values.map, "utf8")) as Record<string, string | null>;
  const loaded = loadLabelledJsonl(values.bitext, { labelField: "intent", map });
  // The same partition as bench/nlu-eval.ts --split dev|test.
  const isTest = (text: string): boolean => (createHash("sha256").update(text).digest()[0] as number) >= 128;
  bitext = evaluate(engine, loaded.rows.filter((r) => isTest(r.text)));
  bitextDev = evaluate(engine, loaded.rows.filter((r) => !isTest(r.text)));
}

const f = (x: number): string => x.toFixed(3);
if (values.json) {
  console.log(JSON.stringify({ trainingMs: engine.trainingMs, trainingCpuMs, all, a, b, bitext, bitextDev }, null, 2));
} else {
  console.log(`training ${engine.trainingMs} ms wall, ${trainingCpuMs} ms CPU`);
  for (const [name, r] of [["all", all], ["A", a], ["B", b]] as const) {
    console.log(`${name.padEnd(4)} rows ${r.total}  strict ${f(r.accuracy)}  lenient ${f(r.lenientAccuracy)}  macro-F1 ${f(r.macroF1)}`);
  }
  console.log("\nstyle              all strict/lenient   A strict   B strict");
  for (const [style, g] of Object.entries(all.byGroup).sort((x, y) => x[1].accuracy - y[1].accuracy)) {
    console.log(
      `${style.padEnd(18)} ${f(g.accuracy)} / ${f(g.lenientAccuracy)}      ${f(a.byGroup[style]?.accuracy ?? 0)}      ${f(b.byGroup[style]?.accuracy ?? 0)}`,
    );
  }
  console.log("\nintent F1 (all)");
  for (const [intent, m] of Object.entries(all.perIntent).sort((x, y) => x[1].f1 - y[1].f1).slice(0, 10)) {
    console.log(`  ${intent.padEnd(24)} ${f(m.f1)}  (P ${f(m.precision)} R ${f(m.recall)}, ${m.support})`);
  }
  if (bitext && bitextDev) {
    console.log(`\nbitext dev rows ${bitextDev.total}  accuracy ${f(bitextDev.accuracy)}  macro-F1 ${f(bitextDev.macroF1)}`);
    console.log(`bitext test rows ${bitext.total}  accuracy ${f(bitext.accuracy)}  macro-F1 ${f(bitext.macroF1)}`);
  }
  if (values.errors) {
    console.log(`\nerrors on half ${values.errors.toUpperCase()}:`);
    for (const r of raw.filter((x) => halfOf(x.id) === values.errors)) {
      const u = engine.predict(r.text);
      if (u.intent === r.intent) continue;
      const ok = r.also?.includes(u.intent) ? " (also)" : "";
      console.log(`[${r.style}] ${r.intent} -> ${u.intent}${ok} ${u.confidence} | ${r.text}`);
    }
  }
}
