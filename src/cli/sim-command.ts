import fs from "node:fs";
import { InvalidArgumentError, Option, type Command } from "commander";
import { loadConfig } from "../core/config";
import { DEFAULT_SCENARIO_DIR, formatReport, importWorkspaceData, loadScenarios, runSimulation } from "../simulation";

type SimOptions = {
  k: number;
  scenarios: string;
  json: boolean;
  out?: string;
  workspaceData?: string;
  only?: string;
  concurrency?: number;
  transcripts?: "failing" | "all";
  failUnder?: number;
};

const positiveInt = (max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`a whole number from 1 to ${max}`);
  return n;
};

const fraction = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError("a number from 0 to 1");
  return n;
};

/** `throughline sim run`: plays the conversation scenarios through the REST channel and reports pass^1 and pass^k. */
export function registerSimCommands(program: Command): void {
  const sim = program.command("sim").description("Conversation simulations against a fresh database per run");
  sim
    .command("run")
    .description("Run each scenario k times through the REST channel and report pass^1 and pass^k")
    .option("--k <n>", "runs per scenario", positiveInt(20), 3)
    .option("--scenarios <dir>", "folder (or file) of YAML/JSON scenarios", DEFAULT_SCENARIO_DIR)
    .option("--workspace-data <dir>", "import files (<kind>.ndjson|json|csv) loaded into the workspace; enables tau-retail scenarios")
    .option("--only <text>", "only scenarios whose id contains this")
    .option("--concurrency <n>", "runs in flight at once (default 1 on PGlite, 4 on PostgreSQL)", positiveInt(16))
    .option("--json", "print the report as JSON", false)
    .option("--out <file>", "also write the JSON report to this file")
    .addOption(new Option("--transcripts [which]", "print transcripts of failing (default) or all scenarios").choices(["failing", "all"]).preset("failing"))
    .option("--fail-under <pass1>", "exit 1 when overall pass^1 is below this", fraction)
    .action(async (options: SimOptions) => {
      const config = loadConfig();
      const workspaceData = options.workspaceData;
      const scenarios = loadScenarios(options.scenarios).filter(
        (s) => (workspaceData ? true : s.data === "demo") && (!options.only || s.id.includes(options.only)),
      );
      if (scenarios.length === 0) throw new InvalidArgumentError("no scenarios to run");
      if (workspaceData && !fs.existsSync(workspaceData)) throw new InvalidArgumentError(`no folder ${workspaceData}`);
      const report = await runSimulation(scenarios, {
        k: options.k,
        concurrency: options.concurrency,
        postgresUrl: config.DATABASE_URL,
        config: { NLU_EXTRA_TRAINING_DIR: config.NLU_EXTRA_TRAINING_DIR },
        seedWorkspace: workspaceData ? (services, workspaceId) => importWorkspaceData(services, workspaceId, workspaceData) : undefined,
        onRun: options.json ? undefined : (scenario, run, result) => process.stderr.write(`${result.passed ? "." : "F"}`),
      });
      if (!options.json) process.stderr.write("\n");
      if (options.out) fs.writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
      console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report, { transcripts: options.transcripts }));
      if (options.failUnder !== undefined && report.overall.pass1 < options.failUnder) process.exitCode = 1;
    });
}
