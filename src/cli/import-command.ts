import fs from "node:fs";
import { Option, InvalidArgumentError, type Command } from "commander";
import cliProgress from "cli-progress";
import { IMPORT_FORMATS, IMPORT_KINDS, type ImportFormat, type ImportReport } from "../connectors";
import { systemClock } from "../core/clock";
import { loadConfig } from "../core/config";
import { isAppError } from "../core/errors";
import { migrate } from "../db/migrate";
import { DEMO_WORKSPACE_SLUG } from "../demo/demo-seed";
import { openConfiguredDatabase } from "../http/server";
import { createServices } from "../services";

/** The human summary printed after an import; problems are listed with their line or index. */
export function formatImportReport(report: ImportReport, file: string): string {
  const lines = [
    `Imported ${report.kind} from ${file} (${report.format}${report.strict ? ", strict" : ""}) in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  read ${report.read}  valid ${report.valid}  invalid ${report.invalid}  duplicates in file ${report.duplicates}`,
    `  inserted ${report.inserted}  updated ${report.updated}  unchanged ${report.unchanged}`,
    `  rate ${report.durationMs > 0 ? Math.round((report.read / report.durationMs) * 1000) : report.read} records/s`,
  ];
  if (report.conflicts.length) {
    lines.push(`Kept ${report.conflicts.length} Throughline change(s) newer than the file:`);
    for (const conflict of report.conflicts.slice(0, 50)) lines.push(`  ${conflict.key}: ${conflict.reason}`);
  }
  if (report.problems.length) {
    lines.push(`Problems (${report.invalid}${report.problemsTruncated ? `, first ${report.problems.length} shown` : ""}):`);
    for (const problem of report.problems.slice(0, 50)) lines.push(`  ${problem.at}: ${problem.reason}`);
    if (report.problems.length > 50) lines.push(`  … ${report.problems.length - 50} more (use --json for all)`);
  }
  return lines.join("\n");
}

export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description("Bulk-import retail data into the built-in connector (idempotent; bad records are reported and skipped)")
    .addArgument(program.createArgument("<kind>", "what the file holds").choices(IMPORT_KINDS))
    .argument("<file>", "JSON, NDJSON (.ndjson/.jsonl) or CSV file (orders as CSV: one row per order line)")
    .option("--workspace <slug>", "workspace slug", DEMO_WORKSPACE_SLUG)
    .addOption(new Option("--format <format>", "override the format guessed from the file name").choices(IMPORT_FORMATS))
    .option("--strict", "abort with nothing written if any record is invalid", false)
    .option("--json", "print the full report as JSON", false)
    .action(async (kind: string, file: string, options: { workspace: string; format?: ImportFormat; strict: boolean; json: boolean }) => {
      if (!fs.existsSync(file)) throw new InvalidArgumentError(`no file ${file}`);
      const config = loadConfig();
      const database = await openConfiguredDatabase(config);
      const size = fs.statSync(file).size;
      const bar = new cliProgress.SingleBar(
        { format: "{bar} {percentage}% | {records} records | {eta_formatted} left", stream: process.stderr, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      const interactive = process.stderr.isTTY && !options.json;
      try {
        await migrate(database);
        const services = createServices({ database, clock: systemClock, config });
        const workspace = await services.workspaces.findBySlug(options.workspace);
        if (!workspace) throw new InvalidArgumentError(`no workspace "${options.workspace}"`);
        if (interactive) bar.start(Math.max(size, 1), 0, { records: 0 });
        const report = await services.imports.importFile(workspace.id, kind, file, {
          format: options.format,
          strict: options.strict,
          onProgress: ({ records, bytes }) => {
            if (interactive) bar.update(Math.min(bytes, size), { records });
          },
        });
        if (interactive) bar.stop();
        console.log(options.json ? JSON.stringify(report, null, 2) : formatImportReport(report, file));
        if (report.valid === 0) {
          console.error(`Nothing was imported: ${file} holds no valid ${kind} record.`);
          process.exitCode = 1;
        }
      } catch (error) {
        if (interactive) bar.stop();
        const report = isAppError(error) ? (error.details?.report as ImportReport | undefined) : undefined;
        if (report) {
          console.error(options.json ? JSON.stringify(report, null, 2) : formatImportReport(report, file));
          // The error's own message already says nothing was written.
          console.error(error instanceof Error ? error.message : String(error));
          process.exitCode = 1;
          return;
        }
        throw error;
      } finally {
        await database.close();
      }
    });
}
