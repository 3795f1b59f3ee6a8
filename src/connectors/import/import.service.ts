import type { Clock } from "../../core/clock";
import type { Db } from "../../db/client";
import { importFormatUnknown, importKindUnknown, strictImportFailed } from "../connectors.errors";
import { IMPORT_KIND_SPECS, IMPORT_KINDS, type AnyImportKindSpec, type ImportKind } from "./import-kinds";
import {
  describePosition,
  formatFromFileName,
  jsonRecords,
  readRecords,
  type ImportFormat,
  type RawRecord,
} from "./read-records";

export type ImportProblem = { at: string; field?: string; reason: string };

export type ImportReport = {
  kind: ImportKind;
  format: ImportFormat;
  strict: boolean;
  /** Records read from the file, valid or not. */
  read: number;
  valid: number;
  invalid: number;
  /** Later records with the same key replaced earlier ones in the file. */
  duplicates: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Records not written because Throughline changed them after the record's version (an agent's cancel). */
  conflicts: { key: string; reason: string }[];
  written: boolean;
  durationMs: number;
  /** The first problems, each with the record's line or index and the reason. */
  problems: ImportProblem[];
  problemsTruncated: boolean;
};

export type ImportProgress = { records: number; bytes: number };

export type ImportOptions = {
  format?: ImportFormat;
  strict?: boolean;
  onProgress?(progress: ImportProgress): void;
};

const MAX_PROBLEMS = 1000;

export type ImportService = ReturnType<typeof createImportService>;

export function isImportKind(value: string): value is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}

/**
 * Bulk import into the built-in connector. Every record is validated on its own: a malformed
 * one is reported with its line or index and skipped, and the rest are written in batches
 * (upserts keyed by order number, product id, store code, SKU × location), so re-importing the
 * same file changes nothing. With `strict`, any problem aborts before anything is written.
 */
export function createImportService(deps: { db: Db; clock: Clock }) {
  async function run(
    workspaceId: string,
    kind: string,
    format: ImportFormat,
    records: AsyncIterable<RawRecord> | Iterable<RawRecord>,
    options: ImportOptions,
    bytesRead: () => number,
  ): Promise<ImportReport> {
    if (!isImportKind(kind)) throw importKindUnknown(kind);
    const spec: AnyImportKindSpec = IMPORT_KIND_SPECS[kind];
    if (!spec.formats.includes(format)) throw importFormatUnknown(`${kind} as ${format}`);
    const started = performance.now();
    const now = deps.clock.now();
    const strict = options.strict ?? false;
    const report: ImportReport = {
      kind,
      format,
      strict,
      read: 0,
      valid: 0,
      invalid: 0,
      duplicates: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      conflicts: [],
      written: false,
      durationMs: 0,
      problems: [],
      problemsTruncated: false,
    };
    const problem = (entry: ImportProblem) => {
      report.invalid++;
      if (report.problems.length < MAX_PROBLEMS) report.problems.push(entry);
      else report.problemsTruncated = true;
    };

    const write = async (db: Db, chunk: unknown[]) => {
      if (chunk.length === 0) return;
      const counts = await spec.write(db, workspaceId, chunk, now);
      report.inserted += counts.inserted;
      report.updated += counts.updated;
      report.unchanged += counts.unchanged;
      for (const conflict of counts.conflicts ?? []) {
        if (report.conflicts.length < MAX_PROBLEMS) report.conflicts.push(conflict);
      }
      report.written = true;
    };
    // Outside strict mode each full batch is written in its own transaction while the next one
    // is read and validated: at most one write in flight, so parsing (Node) and writing (the
    // database server) overlap instead of taking turns.
    let inFlight: Promise<void> | undefined;
    const send = async (chunk: unknown[]) => {
      await inFlight;
      const writing = deps.db.transaction((tx) => write(tx, chunk));
      // Awaited at the next batch or at the end; this only keeps a failure from going unhandled meanwhile.
      writing.catch(() => undefined);
      inFlight = writing;
    };

    let batch = new Map<string, unknown>();
    const pending: unknown[][] = [];
    try {
      const rows = format === "csv" && spec.groupCsv ? spec.groupCsv(records) : records;
      for await (const raw of rows) {
        report.read++;
        if ("error" in raw) {
          problem({ at: describePosition(raw.position), reason: raw.error });
          continue;
        }
        const parsed = spec.schema.safeParse(spec.adapt(raw.value, format));
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = issue?.path.join(".") || undefined;
          problem({
            at: describePosition(raw.position),
            field,
            reason: `${field ? `${field}: ` : ""}${issue?.message ?? "invalid"}`,
          });
          continue;
        }
        report.valid++;
        const key = spec.key(parsed.data);
        if (batch.has(key)) report.duplicates++;
        batch.set(key, parsed.data);
        if (batch.size >= spec.batchSize) {
          const chunk = [...batch.values()];
          batch = new Map();
          if (strict) pending.push(chunk);
          else await send(chunk);
        }
        if (report.read % 1000 === 0) options.onProgress?.({ records: report.read, bytes: bytesRead() });
      }
      await inFlight;
    } finally {
      // On a read error, let the write in flight finish before the error propagates.
      await inFlight?.catch(() => undefined);
    }

    if (strict) {
      if (report.invalid > 0) {
        report.durationMs = Math.round(performance.now() - started);
        const error = strictImportFailed(report.invalid);
        Object.assign(error, { details: { report } });
        throw error;
      }
      pending.push([...batch.values()]);
      // All or nothing: one transaction for the whole file.
      await deps.db.transaction(async (tx) => {
        for (const chunk of pending) await write(tx, chunk);
      });
    } else if (batch.size > 0) {
      await deps.db.transaction((tx) => write(tx, [...batch.values()]));
    }
    options.onProgress?.({ records: report.read, bytes: bytesRead() });
    report.durationMs = Math.round(performance.now() - started);
    return report;
  }

  return {
    async importFile(workspaceId: string, kind: string, file: string, options: ImportOptions = {}) {
      const format = options.format ?? formatFromFileName(file);
      if (!format) throw importFormatUnknown(file);
      let bytes = 0;
      return run(workspaceId, kind, format, readRecords(file, format, (b) => (bytes = b)), options, () => bytes);
    },

    /** Imports records already in memory (the admin API and webhooks), reported by index. */
    async importRecords(workspaceId: string, kind: string, values: unknown[], options: ImportOptions = {}) {
      const records = values.map((value, index) => ({ position: { index }, value }));
      return run(workspaceId, kind, options.format ?? "json", records, options, () => 0);
    },

    /** Imports a JSON document held in memory (an array, a wrapped array or one object). */
    async importJsonText(workspaceId: string, kind: string, text: string, options: ImportOptions = {}) {
      return run(workspaceId, kind, "json", jsonRecords(text), options, () => text.length);
    },
  };
}
