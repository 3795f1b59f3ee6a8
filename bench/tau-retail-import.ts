/**
 * Converts the τ-bench retail database to Throughline's NDJSON formats and imports it into a
 * workspace of the configured database (DATABASE_URL or the PGlite folder in DATA_DIR).
 *
 *   npx tsx bench/tau-retail-import.ts <path-to-tau-retail> [--workspace tau-retail] [--out ./data/tau-retail]
 *     [--admin-email admin@tau-retail.example]
 *
 * An existing workspace is imported into as it is; a new one is created with an admin and an
 * API key (printed once), so it is reachable through the API straight away.
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
  console.error("usage: npx tsx bench/tau-retail-import.ts <path-to-tau-retail> [--workspace slug] [--out dir] [--admin-email email]");
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
  let workspace = await services.workspaces.findBySlug(slug);
  if (!workspace) {
    const created = await services.provisioning.create({
      slug,
      name: "τ-bench retail",
      adminEmail: arg("admin-email", "admin@tau-retail.example") ?? "admin@tau-retail.example",
    });
    workspace = await services.workspaces.get(created.workspace.id);
    console.log(`Created workspace "${slug}". Shown once; store them now:`);
    console.log(`  admin:   ${created.admin.email} / ${created.admin.password}`);
    console.log(`  API key: ${created.apiKey}`);
  }
  for (const [kind, file] of [["products", files.products], ["orders", files.orders]] as const) {
    const report = await services.imports.importFile(workspace.id, kind, file);
    console.log(`${kind}: read ${report.read}, inserted ${report.inserted}, updated ${report.updated}, unchanged ${report.unchanged}, invalid ${report.invalid}`);
    for (const problem of report.problems.slice(0, 10)) console.log(`  ${problem.at}: ${problem.reason}`);
  }
  console.log(`Workspace "${slug}" (${workspace.id}). Same commands: npx throughline import orders ${files.orders} --workspace ${slug}`);
} finally {
  await database.close();
}
