import fs from "node:fs";
import path from "node:path";
import { IMPORT_KINDS, type ImportKind } from "../../connectors";
import type { Services } from "../../services";

/** Import order: stock and orders refer to products and stores. */
const ORDER: ImportKind[] = ["stores", "postal-codes", "products", "inventory", "orders", "shopify-orders"];
const DATA_FILE = /^([a-z-]+)\.(ndjson|jsonl|json|csv)$/;

/** The import files in `dir` named for their kind (`orders.ndjson`, `products.json`, `stores.csv`…), in import order. */
export function workspaceDataFiles(dir: string): { kind: ImportKind; file: string }[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`workspace data: no such folder ${dir}`);
  if (fs.existsSync(path.join(dir, "users.json")) && fs.existsSync(path.join(dir, "tasks.jsonl"))) {
    // The τ-bench folder has an orders.json too, in its own shape: it needs converting first.
    throw new Error(
      `workspace data: ${dir} is a τ-bench folder; run bench/sim-tau-retail.ts on it, or convert it with bench/tau-retail-import.ts --out <dir>`,
    );
  }
  const files = fs
    .readdirSync(dir)
    .map((name) => ({ name, match: DATA_FILE.exec(name) }))
    .filter((f): f is { name: string; match: RegExpExecArray } => f.match !== null && (IMPORT_KINDS as readonly string[]).includes(f.match[1] ?? ""))
    .map((f) => ({ kind: f.match[1] as ImportKind, file: path.join(dir, f.name) }));
  if (files.length === 0) throw new Error(`workspace data: ${dir} holds no <kind>.ndjson|json|csv file (kinds: ${IMPORT_KINDS.join(", ")})`);
  return files.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

/** Imports every data file of `dir` into the workspace; invalid records stop the run rather than skew it. */
export async function importWorkspaceData(services: Services, workspaceId: string, dir: string): Promise<void> {
  for (const { kind, file } of workspaceDataFiles(dir)) {
    const report = await services.imports.importFile(workspaceId, kind, file);
    if (report.invalid > 0) throw new Error(`workspace data: ${file} has ${report.invalid} invalid record(s), first: ${report.problems[0]?.reason ?? "?"}`);
  }
}
