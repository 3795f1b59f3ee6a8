// Entity recall per type on labelled turns.
// Usage: npx tsx bench/entity-eval.ts [labelled.jsonl] [--now 2026-11-29T10:00:00Z] [--misses]
import { readFileSync } from "node:fs";
import { EntityExtractor } from "../src/agent/nlu/entity-extractor";
import { evaluateEntities, parseLabelledTurns } from "../src/agent/nlu/entities/evaluate-entities";

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--now")) ??
  new URL("../src/agent/nlu/entities/fixtures/labelled-entity-turns.jsonl", import.meta.url).pathname;
const now = new Date(flag("--now") ?? "2026-11-29T10:00:00Z");
const extractor = new EntityExtractor({ defaultRegion: "US" });
const report = evaluateEntities(parseLabelledTurns(readFileSync(file, "utf8")), (text) => extractor.extract(text, { now }));

console.log(`${report.turns} labelled turns`);
console.log("type           expected  found  recall  spurious");
for (const [type, s] of Object.entries(report.byType).sort()) {
  console.log(`${type.padEnd(14)} ${String(s.expected).padStart(8)} ${String(s.found).padStart(6)} ${s.recall.toFixed(3).padStart(7)} ${String(s.spurious).padStart(9)}`);
}
if (args.includes("--misses")) for (const s of report.spurious) console.log(`spurious ${s.type}: ${JSON.stringify(s.text)} gave ${JSON.stringify(s.value)}`);
if (args.includes("--misses")) for (const m of report.misses) console.log(`miss ${m.type}: ${JSON.stringify(m.text)} expected ${JSON.stringify(m.expected)} got ${JSON.stringify(m.got)}`);
