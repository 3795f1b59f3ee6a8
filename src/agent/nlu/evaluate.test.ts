import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluate, loadLabelledJsonl } from "./evaluate";

// A stand-in classifier: the tests are about the arithmetic, not about a model.
const fixed = (answers: Record<string, string>) => ({
  predict: (text: string) => ({ intent: answers[text] ?? "x" }),
});

describe("evaluate", () => {
  it("computes accuracy, per-intent precision/recall/F1 and confusions", () => {
    const rows = [
      { text: "a1", label: "a" },
      { text: "a2", label: "a" },
      { text: "a3", label: "a" },
      { text: "b1", label: "b" },
    ];
    const report = evaluate(fixed({ a1: "a", a2: "a", a3: "b", b1: "b" }), rows);
    expect(report.total).toBe(4);
    expect(report.accuracy).toBe(0.75);
    expect(report.perIntent.a).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    expect(report.perIntent.b).toEqual({ precision: 0.5, recall: 1, f1: 2 / 3, support: 1 });
    expect(report.macroF1).toBeCloseTo((0.8 + 2 / 3) / 2, 10);
    expect(report.confusion).toEqual([{ expected: "a", predicted: "b", count: 1 }]);
  });

  it("sorts confusion pairs by count", () => {
    const rows = [
      { text: "1", label: "a" },
      { text: "2", label: "a" },
      { text: "3", label: "b" },
    ];
    const report = evaluate(fixed({ "1": "c", "2": "c", "3": "c" }), rows);
    expect(report.confusion[0]).toEqual({ expected: "a", predicted: "c", count: 2 });
    expect(report.accuracy).toBe(0);
    expect(report.macroF1).toBe(0);
  });

  it("counts an also-label as correct only in the lenient score, and scores each group", () => {
    const rows = [
      { text: "1", label: "a", also: ["b"], group: "multi" },
      { text: "2", label: "a", group: "multi" },
      { text: "3", label: "b", group: "terse" },
    ];
    const report = evaluate(fixed({ "1": "b", "2": "c", "3": "b" }), rows);
    expect(report.accuracy).toBeCloseTo(1 / 3, 10);
    expect(report.lenientAccuracy).toBeCloseTo(2 / 3, 10);
    expect(report.byGroup).toEqual({
      multi: { total: 2, accuracy: 0, lenientAccuracy: 0.5 },
      terse: { total: 1, accuracy: 1, lenientAccuracy: 1 },
    });
  });

  it("handles an empty set", () => {
    expect(evaluate(fixed({}), []).accuracy).toBe(0);
  });
});

describe("loadLabelledJsonl", () => {
  it("maps labels, skips those mapped to null and counts unknown ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "nlu-jsonl-"));
    const file = join(dir, "rows.jsonl");
    writeFileSync(
      file,
      [
        { utterance: "where is it", intent: "track_order" },
        { utterance: "make an account", intent: "create_account" },
        { utterance: "hi", intent: "greeting" },
        { utterance: "weird", intent: "mystery_label" },
        { utterance: "again weird", intent: "mystery_label" },
      ]
        .map((r) => JSON.stringify(r))
        .concat(["not json", "", JSON.stringify({ utterance: 3, intent: "greeting" })])
        .join("\n"),
    );
    const loaded = loadLabelledJsonl(file, {
      textField: "utterance",
      labelField: "intent",
      map: { track_order: "order_status", create_account: null },
    });
    expect(loaded.rows).toEqual([
      { text: "where is it", label: "order_status" },
      { text: "hi", label: "greeting" },
    ]);
    expect(loaded.skippedByMap).toBe(1);
    expect(loaded.unknownLabels).toEqual({ mystery_label: 2 });
    expect(loaded.malformed).toBe(2);
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads also-labels (list or single) and a group field, mapping and filtering the also-labels", () => {
    const dir = mkdtempSync(join(tmpdir(), "nlu-jsonl-"));
    const file = join(dir, "rows.jsonl");
    writeFileSync(
      file,
      [
        { t: "a", y: "track_order", alt: ["cancel", "nonsense", 7], s: "multi" },
        { t: "b", y: "greeting", alt: "thanks", s: 3 },
        { t: "c", y: "greeting" },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
    const loaded = loadLabelledJsonl(file, {
      textField: "t",
      labelField: "y",
      alsoField: "alt",
      groupField: "s",
      map: { track_order: "order_status", cancel: "cancel_order" },
    });
    expect(loaded.rows).toEqual([
      { text: "a", label: "order_status", also: ["cancel_order"], group: "multi" },
      { text: "b", label: "greeting", also: ["thanks"], group: "3" },
      { text: "c", label: "greeting", group: "(none)" },
    ]);
    rmSync(dir, { recursive: true, force: true });
  });
});
