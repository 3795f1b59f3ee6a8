import fs from "node:fs";
import readline from "node:readline";
import { parse as parseCsv } from "csv-parse";

export const IMPORT_FORMATS = ["json", "ndjson", "csv"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Where a record sits in its file, for reports a person can act on. */
export type RecordPosition = { line?: number; index?: number };

export type RawRecord =
  | { position: RecordPosition; value: unknown }
  | { position: RecordPosition; error: string };

export function formatFromFileName(file: string): ImportFormat | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) return "ndjson";
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".csv")) return "csv";
  return undefined;
}

/** Keys under which exports wrap their record list (`{"orders": [...]}` from a Shopify export). */
const WRAPPER_KEYS = ["orders", "products", "stores", "inventory", "items", "records", "data"];

/**
 * Yields one raw record at a time. NDJSON and CSV stream line by line; JSON (an array, a
 * wrapped array or a single object) is parsed whole. `onBytes` reports progress in bytes read.
 */
export async function* readRecords(
  file: string,
  format: ImportFormat,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<RawRecord> {
  if (format === "json") {
    const text = await fs.promises.readFile(file, "utf8");
    onBytes?.(Buffer.byteLength(text));
    yield* jsonRecords(text);
    return;
  }
  const stream = fs.createReadStream(file);
  let bytes = 0;
  stream.on("data", (chunk) => {
    bytes += chunk.length;
    onBytes?.(bytes);
  });
  if (format === "ndjson") {
    const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
    let line = 0;
    for await (const text of lines) {
      line++;
      if (!text.trim()) continue;
      try {
        yield { position: { line }, value: JSON.parse(text) as unknown };
      } catch (error) {
        yield { position: { line }, error: `not valid JSON (${(error as Error).message})` };
      }
    }
    return;
  }
  const parser = stream.pipe(
    parseCsv({ columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, trim: true, info: true, skip_empty_lines: true, relax_column_count: true }),
  );
  try {
    for await (const row of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { position: { line: row.info.lines }, value: row.record };
    }
  } catch (error) {
    yield { position: { line: (error as { lines?: number }).lines }, error: `CSV: ${(error as Error).message}` };
  }
}

export function* jsonRecords(text: string): Generator<RawRecord> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    yield { position: {}, error: `file is not valid JSON (${(error as Error).message})` };
    return;
  }
  let list: unknown = parsed;
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
    const key = WRAPPER_KEYS.find((k) => Array.isArray((parsed as Record<string, unknown>)[k]));
    list = key ? (parsed as Record<string, unknown>)[key] : [parsed];
  }
  if (!Array.isArray(list)) {
    yield { position: {}, error: "expected an array of records" };
    return;
  }
  for (const [index, value] of list.entries()) yield { position: { index }, value };
}

export function describePosition(position: RecordPosition): string {
  if (position.line !== undefined) return `line ${position.line}`;
  if (position.index !== undefined) return `index ${position.index}`;
  return "file";
}
