/**
 * Converts the τ-bench retail database to Throughline's NDJSON formats and imports it into a
 * workspace of the configured database (DATABASE_URL or the PGlite folder in DATA_DIR).
 *
 *   npx tsx bench/tau-retail-import.ts <path-to-tau-retail> [--workspace tau-retail] [--out ./data/tau-retail]
 */
import path from "node:path";
import { systemClock } from "../src/core/clock";
import { loadConfig } from "../src/core/config";
import { migrate } from "../src/db/migrate";
import { openConfiguredDatabase } from "../src/http/server";
import { createServices } from "../src/services";
import { arg } from "./lib";
import { readTau, writeNdjson } from "./tau-retail-convert";

const source = process.argv[2];
if (!source || source.startsWith("--")) {
  console.error("usage: npx tsx bench/tau-retail-import.ts <path-to-tau-retail> [--workspace slug] [--out dir]");
  process.exit(2);
}
const slug = arg("workspace", "tau-retail") ?? "tau-retail";
const outDir = path.resolve(arg("out", "./data/tau-retail") ?? "./data/tau-retail");

const data = readTau(source);
const files = writeNdjson(data, outDir);
console.log(`Converted ${Object.keys(data.orders).length} orders and ${Object.keys(data.products).length} products to ${outDir}`);

const config = loadConfig();
const database = await openConfiguredDatabase(config);
try {
  await migrate(database);
  const services = createServices({ database, clock: systemClock, config });
  const workspace =
    (await services.workspaces.findBySlug(slug)) ?? (await services.workspaces.create({ slug, name: "τ-bench retail" }));
  for (const [kind, file] of [["products", files.products], ["orders", files.orders]] as const) {
    const report = await services.imports.importFile(workspace.id, kind, file);
    console.log(`${kind}: read ${report.read}, inserted ${report.inserted}, updated ${report.updated}, unchanged ${report.unchanged}, invalid ${report.invalid}`);
    for (const problem of report.problems.slice(0, 10)) console.log(`  ${problem.at}: ${problem.reason}`);
  }
  console.log(`Workspace "${slug}" (${workspace.id}). Same commands: throughline import orders ${files.orders} --workspace ${slug}`);
} finally {
  await database.close();
}
