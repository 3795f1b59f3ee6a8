import { describe, expect, it } from "vitest";
import { resolveEffectiveRange } from "./resolve-effective-range";

const now = new Date("2026-03-01T12:00:00Z");
const d = (iso: string) => new Date(iso);

describe("resolveEffectiveRange", () => {
  it("starts now when no start is given", () => {
    expect(resolveEffectiveRange({ effectiveFrom: null, effectiveTo: null }, now)).toEqual({
      effectiveFrom: now,
      effectiveTo: null,
    });
  });

  it("starts now when the start is in the past, never rewriting history", () => {
    const range = resolveEffectiveRange({ effectiveFrom: d("2026-01-01T00:00:00Z"), effectiveTo: null }, now);
    expect(range.effectiveFrom).toEqual(now);
  });

  it("keeps a future start (a scheduled version)", () => {
    const from = d("2026-04-01T00:00:00Z");
    expect(resolveEffectiveRange({ effectiveFrom: from, effectiveTo: null }, now).effectiveFrom).toEqual(
      from,
    );
  });

  it("refuses an end in the past or at the start", () => {
    expect(() =>
      resolveEffectiveRange({ effectiveFrom: null, effectiveTo: d("2026-02-01T00:00:00Z") }, now),
    ).toThrow(/past/);
    const from = d("2026-04-01T00:00:00Z");
    expect(() => resolveEffectiveRange({ effectiveFrom: from, effectiveTo: from }, now)).toThrow(/after/);
  });
});
