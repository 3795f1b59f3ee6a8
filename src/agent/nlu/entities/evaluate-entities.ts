import type { Entity } from "../nlu.types";
import { readPendingAnswer, type PendingNeed } from "./pending-answer";
import { streetAddresses, type StreetAddress } from "./street-address";

export type ExpectedValue = string | Partial<StreetAddress>;

export type LabelledEntityTurn = {
  text: string;
  /** The question the agent had just asked, when the turn answers one. */
  pending?: PendingNeed;
  /** Per entity type, every value the turn holds; an empty list means "none of this type". */
  expect: Record<string, ExpectedValue[]>;
};

export type EntityTypeScore = { expected: number; found: number; recall: number; spurious: number };

export type EntityEvalReport = {
  turns: number;
  byType: Record<string, EntityTypeScore>;
  misses: { text: string; type: string; expected: ExpectedValue; got: string[] }[];
  spurious: { text: string; type: string; value: string }[];
};

function matches(entity: Entity, expected: ExpectedValue): boolean {
  if (typeof expected === "string") return entity.value.toLowerCase() === expected.toLowerCase();
  const fields = streetAddresses(entity.text)[0]?.address;
  if (!fields) return false;
  return Object.entries(expected).every(
    ([k, v]) => String(fields[k as keyof StreetAddress] ?? "").toLowerCase() === String(v).toLowerCase(),
  );
}

/**
 * Recall per entity type over labelled turns: a value counts as found only when an entity of that type
 * carries exactly that value. `spurious` counts entities of a labelled type that match no label.
 */
export function evaluateEntities(rows: LabelledEntityTurn[], extract: (text: string) => Entity[]): EntityEvalReport {
  const byType: Record<string, EntityTypeScore> = {};
  const misses: EntityEvalReport["misses"] = [];
  const spurious: EntityEvalReport["spurious"] = [];
  for (const row of rows) {
    const raw = extract(row.text);
    const entities = row.pending ? readPendingAnswer(raw, row.pending) : raw;
    for (const [type, values] of Object.entries(row.expect)) {
      const score = (byType[type] ??= { expected: 0, found: 0, recall: 0, spurious: 0 });
      const ofType = entities.filter((e) => e.type === type);
      const used = new Set<Entity>();
      for (const expected of values) {
        score.expected += 1;
        const hit = ofType.find((e) => !used.has(e) && matches(e, expected));
        if (hit) {
          used.add(hit);
          score.found += 1;
        } else {
          misses.push({ text: row.text, type, expected, got: ofType.map((e) => e.value) });
        }
      }
      for (const e of ofType.filter((x) => !used.has(x))) {
        score.spurious += 1;
        spurious.push({ text: row.text, type, value: e.value });
      }
    }
  }
  for (const score of Object.values(byType)) score.recall = score.expected ? score.found / score.expected : 1;
  return { turns: rows.length, byType, misses, spurious };
}

export function parseLabelledTurns(jsonl: string): LabelledEntityTurn[] {
  return jsonl
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as LabelledEntityTurn);
}
