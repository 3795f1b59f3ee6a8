import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const cli = (...args: string[]) => run("node", [path.join(root, "bin/throughline.mjs"), ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: "silent" } });

describe("throughline nlu", () => {
  it("evaluates any labelled JSON-lines file, with custom field names and a label map", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nlu-eval-"));
    const data = path.join(dir, "rows.jsonl");
    fs.writeFileSync(
      data,
      [
        { utterance: "where is my package", gold: "track" },
        { utterance: "I want to cancel my order", gold: "cancel" },
        { utterance: "what time does the store open on sunday", gold: "hours" },
        { utterance: "skip me", gold: "other" },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n") + "\nnot json\n",
    );
    const map = path.join(dir, "map.json");
    fs.writeFileSync(map, JSON.stringify({ track: "order_status", cancel: "cancel_order", hours: "store_hours", other: null }));
    const { stdout } = await cli("nlu", "eval", "--data", data, "--text-field", "utterance", "--label-field", "gold", "--map", map, "--json");
    const report = JSON.parse(stdout) as { total: number; accuracy: number; skippedByMap: number; malformed: number; perIntent: Record<string, unknown>; confusion: unknown[] };
    expect(report.total).toBe(3);
    expect(report.skippedByMap).toBe(1);
    expect(report.malformed).toBe(1);
    expect(report.accuracy).toBe(1);
    expect(Object.keys(report.perIntent).sort()).toEqual(["cancel_order", "order_status", "store_hours"]);

    const { stdout: text } = await cli("nlu", "eval", "--data", data, "--text-field", "utterance", "--label-field", "gold", "--map", map);
    expect(text).toMatch(/accuracy 1\.000 {2}macro-F1 1\.000/);
    expect(text).toMatch(/most frequent confusions/);
    // Two CLI runs, each training the model: generous for a machine busy with other test files.
  }, 300_000);

  it("credits also-labels in a lenient score and reports accuracy per group", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nlu-also-"));
    const data = path.join(dir, "rows.jsonl");
    fs.writeFileSync(
      data,
      [
        { text: "please cancel my order", intent: "cancel_order", style: "terse" },
        // Labelled with another request first; the engine reading it as a cancellation is right only leniently.
        { text: "I want to cancel my order", intent: "invoice", also: ["cancel_order"], style: "terse" },
        { text: "what time does the store open on sunday", intent: "store_hours", also: "not-a-label", style: "polite" },
        { text: "where is my package", intent: "order_status" },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
    const { stdout } = await cli("nlu", "eval", "--data", data, "--label-field", "intent", "--also-field", "also", "--by", "style", "--json");
    const report = JSON.parse(stdout) as { accuracy: number; lenientAccuracy: number; byGroup: Record<string, { total: number; accuracy: number; lenientAccuracy: number }> };
    expect(report.accuracy).toBe(0.75);
    expect(report.lenientAccuracy).toBe(1);
    expect(report.byGroup).toEqual({
      "(none)": { total: 1, accuracy: 1, lenientAccuracy: 1 },
      polite: { total: 1, accuracy: 1, lenientAccuracy: 1 },
      terse: { total: 2, accuracy: 0.5, lenientAccuracy: 1 },
    });
  }, 120_000);

  it("prints the understanding of a text as JSON, including a retailer's own intent", async () => {
    const extra = path.join(root, "src/agent/test-support/fixtures");
    const { stdout } = await cli("nlu", "predict", "can you gift wrap the jacket please", "--extra-training-dir", extra);
    const understanding = JSON.parse(stdout) as { intent: string; confidence: number; sentiment: { frustration: number } };
    expect(understanding.intent).toBe("gift_wrapping");
    expect(understanding.confidence).toBeGreaterThan(0.5);
    expect(understanding.sentiment.frustration).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it("fails clearly on a missing file", async () => {
    await expect(cli("nlu", "eval", "--data", "/nonexistent.jsonl")).rejects.toMatchObject({ stderr: expect.stringMatching(/no such file/) });
  }, 60_000);
});
