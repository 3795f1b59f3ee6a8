import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { scenarioSchema, type Scenario } from "./scenario.types";

const fileSchema = z.union([
  z.strictObject({ scenarios: z.array(z.unknown()).min(1) }),
  z.array(z.unknown()).min(1),
  z.record(z.string(), z.unknown()),
]);

export class ScenarioFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    reason: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ""}${reason}`);
    this.name = "ScenarioFileError";
  }
}

const SCENARIO_FILE = /\.(ya?ml|json)$/i;

/** Every scenario file under `dir` (recursively), sorted by path so runs are reproducible. */
export function listScenarioFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new ScenarioFileError(dir, "", "no such folder");
  const stat = fs.statSync(dir);
  if (stat.isFile()) return [dir];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => SCENARIO_FILE.test(name))
    .map((name) => path.join(dir, name))
    .sort();
}

/** Parses one file holding a scenario, a list of them, or `scenarios: [...]`. */
export function parseScenarioFile(file: string, text: string): Scenario[] {
  let raw: unknown;
  try {
    raw = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ScenarioFileError(file, "", `cannot be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const shape = fileSchema.safeParse(raw);
  if (!shape.success) throw new ScenarioFileError(file, "", "expected a scenario, a list of scenarios or { scenarios: [...] }");
  const items = Array.isArray(shape.data) ? shape.data : "scenarios" in shape.data && Array.isArray(shape.data.scenarios) ? shape.data.scenarios : [shape.data];
  return items.map((item, index) => {
    const parsed = scenarioSchema.safeParse(item);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = [items.length > 1 ? `[${index}]` : "", ...(issue?.path ?? []).map(String)].filter(Boolean).join(".");
    throw new ScenarioFileError(file, where, issue?.message ?? "invalid scenario");
  });
}

/** Loads and validates every scenario under `dir`; ids must be unique across files. */
export function loadScenarios(dir: string): Scenario[] {
  const seen = new Map<string, string>();
  const scenarios: Scenario[] = [];
  for (const file of listScenarioFiles(dir)) {
    for (const scenario of parseScenarioFile(file, fs.readFileSync(file, "utf8"))) {
      const first = seen.get(scenario.id);
      if (first) throw new ScenarioFileError(file, "id", `duplicate scenario id ${scenario.id} (first in ${first})`);
      seen.set(scenario.id, file);
      scenarios.push(scenario);
    }
  }
  return scenarios;
}
