import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** One training file: `training/en/<intent>.json`, or the same shape in an extra directory. */
const trainingFileSchema = z.object({
  intent: z.string().regex(/^[a-z][a-z0-9_.-]*$/, "intent names are lower-case, e.g. gift_cards"),
  description: z.string().optional(),
  examples: z.array(z.string().min(1)).min(1),
});

export type TrainingFile = z.infer<typeof trainingFileSchema>;

/** Intent name → examples, after merging every source. */
export type TrainingSet = Map<string, string[]>;

export const BUILT_IN_TRAINING_DIR = fileURLToPath(new URL("./training/en/", import.meta.url));

export class TrainingDataError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = "TrainingDataError";
    this.file = file;
  }
}

function readTrainingFile(path: string): TrainingFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new TrainingDataError(path, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = trainingFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TrainingDataError(path, `${issue?.path.join(".") || "file"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/** Reads every `*.json` in `dir`; a file for an intent that already exists adds examples to it. */
export function mergeTrainingDir(into: TrainingSet, dir: string): TrainingSet {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  for (const file of files) {
    const data = readTrainingFile(join(dir, file));
    const existing = into.get(data.intent) ?? [];
    const seen = new Set(existing.map((e) => e.toLowerCase()));
    for (const example of data.examples) {
      if (!seen.has(example.toLowerCase())) {
        existing.push(example);
        seen.add(example.toLowerCase());
      }
    }
    into.set(data.intent, existing);
  }
  return into;
}

export function loadTrainingSet(extraDir?: string): TrainingSet {
  const set: TrainingSet = new Map();
  mergeTrainingDir(set, BUILT_IN_TRAINING_DIR);
  if (extraDir) mergeTrainingDir(set, extraDir);
  return set;
}
