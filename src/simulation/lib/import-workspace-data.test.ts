import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { workspaceDataFiles } from "./import-workspace-data";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workspace-data-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const folder = (name: string, files: string[]) => {
  const at = path.join(dir, name);
  fs.mkdirSync(at);
  for (const file of files) fs.writeFileSync(path.join(at, file), "");
  return at;
};

describe("workspaceDataFiles", () => {
  it("takes the files named for an import kind, stores and products before orders", () => {
    const at = folder("ok", ["orders.ndjson", "products.json", "stores.csv", "notes.txt", "other.json"]);
    expect(workspaceDataFiles(at).map((f) => f.kind)).toEqual(["stores", "products", "orders"]);
  });

  it("refuses a folder without import files, a missing folder and an unconverted τ-bench folder", () => {
    expect(() => workspaceDataFiles(folder("empty", ["readme.md"]))).toThrow(/holds no <kind>/);
    expect(() => workspaceDataFiles(path.join(dir, "missing"))).toThrow(/no such folder/);
    expect(() => workspaceDataFiles(folder("tau", ["users.json", "orders.json", "products.json", "tasks.jsonl"]))).toThrow(/τ-bench folder/);
  });
});
