import { describe, expect, it } from "vitest";
import type { KnowledgeVersion } from "../knowledge.types";
import { diffVersions } from "./diff-versions";

const at = new Date("2026-01-01T00:00:00Z");
const version = (n: number, patch: Partial<KnowledgeVersion> = {}): KnowledgeVersion => ({
  id: `kbv_${n}`,
  entryId: "kb_1",
  version: n,
  status: "published",
  title: "Returns",
  body: "a\nb\n",
  category: null,
  channels: [],
  locale: "en",
  scope: { stores: [], regions: [], categories: [] },
  params: { windowDays: 30 },
  effectiveFrom: at,
  effectiveTo: null,
  author: "usr_1",
  changeNote: "",
  basedOnVersion: null,
  createdAt: at,
  updatedAt: at,
  submittedAt: null,
  publishedAt: at,
  publishedBy: "usr_1",
  supersededAt: null,
  archivedAt: null,
  ...patch,
});

describe("diffVersions", () => {
  it("reports nothing between identical versions", () => {
    expect(diffVersions(version(1), version(2))).toEqual({ from: 1, to: 2, changes: [], bodyPatch: "" });
  });

  it("lists changed fields, ignoring key order in params", () => {
    const a = version(1, { params: { windowDays: 30, requiresUnused: true } });
    const b = version(2, { params: { requiresUnused: true, windowDays: 14 } });
    expect(diffVersions(a, b).changes).toEqual([{ field: "params", before: a.params, after: b.params }]);
    expect(diffVersions(version(1), version(2, { params: { windowDays: 30 } })).changes).toEqual([]);
  });

  it("gives a unified diff of the body", () => {
    const patch = diffVersions(version(1), version(2, { body: "a\nc\n" })).bodyPatch;
    expect(patch).toContain("--- v1");
    expect(patch).toContain("-b");
    expect(patch).toContain("+c");
  });
});
