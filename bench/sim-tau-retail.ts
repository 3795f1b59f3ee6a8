/**
 * The conversation simulation over the τ-bench retail database: imports its products and orders
 * into the demo workspace once, then plays the tau-retail scenarios (and, with --all, the demo
 * ones too) k times each through the REST channel.
 *
 *   npx tsx bench/sim-tau-retail.ts <path-to-tau-retail> [--k 3] [--all] [--json] [--out report.json] [--transcripts]
 */
import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "../src/core/config";
import { DEFAULT_SCENARIO_DIR, formatReport, loadScenarios, runSimulation } from "../src/simulation";
import { arg } from "./lib";
import { convertOrders, convertProducts, readTau } from "./tau-retail-convert";

const source = process.argv[2];
if (!source || source.startsWith("--") || !fs.existsSync(source)) {
  console.error("usage: npx tsx bench/sim-tau-retail.ts <path-to-tau-retail> [--k 3] [--all] [--json] [--out file] [--transcripts]");
  process.exit(2);
}
const k = Number(arg("k", "3"));
if (!Number.isInteger(k) || k < 1) {
  console.error("--k must be a whole number of at least 1");
  process.exit(2);
}
const json = process.argv.includes("--json");
const all = process.argv.includes("--all");
const data = readTau(source);
const scenarios = loadScenarios(all ? DEFAULT_SCENARIO_DIR : path.join(DEFAULT_SCENARIO_DIR, "tau-retail"));
const config = loadConfig();
const report = await runSimulation(scenarios, {
  k,
  postgresUrl: config.DATABASE_URL,
  async seedWorkspace(services, workspaceId) {
    for (const [kind, records] of [["products", convertProducts(data)], ["orders", convertOrders(data)]] as const) {
      const result = await services.imports.importRecords(workspaceId, kind, [...records]);
      if (result.invalid > 0) throw new Error(`τ-bench ${kind}: ${result.invalid} invalid, first: ${result.problems[0]?.reason ?? "?"}`);
    }
  },
  onRun: json ? undefined : (_scenario, _run, result) => process.stderr.write(result.passed ? "." : "F"),
});
if (!json) process.stderr.write("\n");
const out = arg("out");
if (out) fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(json ? JSON.stringify(report, null, 2) : formatReport(report, { transcripts: process.argv.includes("--transcripts") ? "failing" : undefined }));
