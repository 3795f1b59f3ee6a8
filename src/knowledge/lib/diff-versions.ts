import { isDeepStrictEqual } from "node:util";
import { createTwoFilesPatch } from "diff";
import type { KnowledgeVersion } from "../knowledge.types";

export type FieldChange = { field: string; before: unknown; after: unknown };
export type VersionDiff = { from: number; to: number; changes: FieldChange[]; bodyPatch: string };

const FIELDS = [
  "title",
  "category",
  "channels",
  "locale",
  "scope",
  "params",
  "effectiveFrom",
  "effectiveTo",
] as const satisfies readonly (keyof KnowledgeVersion)[];

/** Field-by-field changes and a unified diff of the Markdown body between two versions. */
export function diffVersions(a: KnowledgeVersion, b: KnowledgeVersion): VersionDiff {
  const changes: FieldChange[] = [];
  for (const field of FIELDS) {
    // Structural: jsonb does not keep key order.
    if (!isDeepStrictEqual(a[field], b[field])) {
      changes.push({ field, before: a[field], after: b[field] });
    }
  }
  const bodyPatch =
    a.body === b.body
      ? ""
      : createTwoFilesPatch(`v${a.version}`, `v${b.version}`, a.body, b.body, undefined, undefined, {
          context: 3,
        });
  return { from: a.version, to: b.version, changes, bodyPatch };
}
