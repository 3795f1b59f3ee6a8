import fs from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import { loadConfig } from "../core/config";
import { createNluEngine, evaluate, loadLabelledJsonl, type EvalReport } from "../agent/nlu";

type EvalOptions = {
  data: string;
  textField: string;
  labelField: string;
  map?: string;
  alsoField?: string;
  groupField?: string;
  json?: boolean;
  extraTrainingDir?: string;
};

const existingFile = (value: string) => {
  if (!fs.existsSync(value)) throw new InvalidArgumentError(`no such file: ${value}`);
  return value;
};

async function engineFor(extraTrainingDir?: string) {
  const dir = extraTrainingDir ?? loadConfig().NLU_EXTRA_TRAINING_DIR;
  return createNluEngine(dir ? { extraTrainingDir: dir } : {});
}

function groupLines(report: EvalReport): string[] {
  const groups = Object.entries(report.byGroup);
  if (groups.length === 0) return [];
  return [
    "group                  strict  lenient  rows",
    ...groups.map(
      ([name, g]) => `${name.padEnd(22)} ${g.accuracy.toFixed(3)}   ${g.lenientAccuracy.toFixed(3)}  ${String(g.total).padStart(4)}`,
    ),
    "",
  ];
}

/** Renders an evaluation report for a terminal. */
export function formatReport(report: EvalReport, header: string[]): string {
  const pct = (x: number) => (x * 100).toFixed(1).padStart(5);
  const lines = [
    ...header,
    `accuracy ${report.accuracy.toFixed(3)}  macro-F1 ${report.macroF1.toFixed(3)}  lenient ${report.lenientAccuracy.toFixed(3)}  (${report.total} rows, ${report.msPerUtterance.toFixed(3)} ms per utterance)`,
    "",
    ...groupLines(report),
    "intent                      P      R     F1  support",
    ...Object.entries(report.perIntent).map(
      ([intent, m]) => `${intent.padEnd(24)} ${pct(m.precision)}  ${pct(m.recall)}  ${pct(m.f1)}  ${String(m.support).padStart(6)}`,
    ),
    "",
    "most frequent confusions (expected → predicted):",
    ...report.confusion.slice(0, 15).map((c) => `  ${String(c.count).padStart(5)}  ${c.expected} → ${c.predicted}`),
  ];
  return lines.join("\n");
}

/** `throughline nlu predict|eval|train`: the built-in NLU from the command line. */
export function registerNluCommands(program: Command): void {
  const nlu = program.command("nlu").description("The built-in language-understanding engine");

  nlu
    .command("predict")
    .description("Print the understanding of a text as JSON (intent, confidence, entities, sentiment)")
    .argument("<text>", "what a customer wrote")
    .option("--extra-training-dir <dir>", "extra <intent>.json files (default: NLU_EXTRA_TRAINING_DIR)")
    .action(async (text: string, options: { extraTrainingDir?: string }) => {
      const engine = await engineFor(options.extraTrainingDir);
      console.log(JSON.stringify(engine.predict(text), null, 2));
    });

  nlu
    .command("train")
    .description("Train on the built-in and the retailer's examples and report the intents and the time taken")
    .option("--extra-training-dir <dir>", "extra <intent>.json files (default: NLU_EXTRA_TRAINING_DIR)")
    .option("--save <file>", "write the trained model so a later start can load it")
    .action(async (options: { extraTrainingDir?: string; save?: string }) => {
      const engine = await engineFor(options.extraTrainingDir);
      if (options.save) await engine.save(options.save);
      console.log(`trained ${engine.intents().length} intents in ${engine.trainingMs} ms`);
      console.log(engine.intents().join(", "));
    });

  nlu
    .command("eval")
    .description("Score the intent classifier on a labelled JSON-lines file")
    .requiredOption("--data <file.jsonl>", "one JSON object per line", existingFile)
    .option("--text-field <name>", "field holding the text", "text")
    .option("--label-field <name>", "field holding the expected intent", "label")
    .option("--map <labels.json>", "map the file's labels to ours ({ \"theirs\": \"ours\" | null to skip })", existingFile)
    .option("--also-field <name>", "field listing other acceptable labels; adds a lenient accuracy that credits them")
    .option("--group-field <name>", "field to group rows by (e.g. style); reports accuracy per group")
    .option("--by <name>", "same as --group-field")
    .option("--extra-training-dir <dir>", "extra <intent>.json files (default: NLU_EXTRA_TRAINING_DIR)")
    .option("--json", "print the report as JSON")
    .action(async (options: EvalOptions & { by?: string }) => {
      const groupField = options.groupField ?? options.by;
      const map = options.map
        ? (JSON.parse(fs.readFileSync(options.map, "utf8")) as Record<string, string | null>)
        : undefined;
      const engine = await engineFor(options.extraTrainingDir);
      const loaded = loadLabelledJsonl(options.data, {
        textField: options.textField,
        labelField: options.labelField,
        knownLabels: engine.intents(),
        ...(map ? { map } : {}),
        ...(options.alsoField ? { alsoField: options.alsoField } : {}),
        ...(groupField ? { groupField } : {}),
      });
      if (loaded.rows.length === 0) {
        console.error(
          `no labelled rows in ${options.data} (fields "${options.textField}" / "${options.labelField}"; ${loaded.malformed} malformed)`,
        );
        process.exitCode = 1;
        return;
      }
      const report = evaluate(engine, loaded.rows);
      const unknown = Object.values(loaded.unknownLabels).reduce((a, b) => a + b, 0);
      if (options.json) {
        console.log(
          JSON.stringify(
            { data: options.data, trainingMs: engine.trainingMs, skippedByMap: loaded.skippedByMap, unknownLabels: loaded.unknownLabels, malformed: loaded.malformed, ...report },
            null,
            2,
          ),
        );
        return;
      }
      console.log(
        formatReport(report, [
          `data ${options.data}: ${loaded.rows.length} rows scored, ${loaded.skippedByMap} skipped by the map, ${unknown} with labels the engine does not know, ${loaded.malformed} malformed`,
          `training ${engine.trainingMs} ms`,
        ]),
      );
    });
}
