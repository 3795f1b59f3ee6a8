import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runThroughline, throughlineEnv } from "../../test/throughline-process";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-import-cli-"));
const env = throughlineEnv(path.join(dir, "data"), { SEED_DEMO: "false" });
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  fs.writeFileSync(full, text);
  return full;
};
const slug = `cli-${Date.now().toString(36)}`;

beforeAll(async () => {
  const created = await runThroughline(["workspace", "create", slug, "--name", "CLI shop", "--admin-email", "a@cli.example"], env);
  expect(created.code, created.stderr).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("throughline import", () => {
  it("reads orders from CSV, one row per line, consecutive rows of one number forming one order", async () => {
    const csv = file(
      "orders.csv",
      [
        "number,status,currency,customer_email,line_id,sku,title,quantity,unit_price",
        "C-1,processing,USD,ann@example.com,1,TEE-1,Tee,2,20",
        "C-1,processing,USD,ann@example.com,2,MUG-1,Mug,1,10",
        "C-2,shipped,USD,bob@example.com,1,TEE-1,Tee,1,20",
      ].join("\n"),
    );
    const result = await runThroughline(["import", "orders", csv, "--format", "csv", "--workspace", slug, "--json"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ read: 2, valid: 2, inserted: 2, invalid: 0 });
  }, 60_000);

  it("exits non-zero when no record is valid", async () => {
    const bad = file("bad.ndjson", '{"number":"X","status":"teleported","lines":[]}\nnot json\n');
    const result = await runThroughline(["import", "orders", bad, "--workspace", slug], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Nothing was imported");
  }, 60_000);

  it("says once that a strict import wrote nothing", async () => {
    const mixed = file("mixed.ndjson", '{"number":"Y","status":"teleported","lines":[]}\n');
    const result = await runThroughline(["import", "orders", mixed, "--workspace", slug, "--strict"], env);
    expect(result.code).toBe(1);
    expect(result.stderr.match(/nothing was written/gi)).toHaveLength(1);
  }, 60_000);

  it("prints its version", async () => {
    const result = await runThroughline(["--version"], env);
    expect(result.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")).version);
  });
});
